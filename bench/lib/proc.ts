/** Per-process figures from /proc (Linux): memory and CPU time of a process and its descendants. */
import { readdirSync, readFileSync } from 'node:fs';

/** The pid and every descendant (Hive Gateway may fork workers). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length && i < 256; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const child of readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').split(/\s+/)) if (child) out.push(Number(child));
      } catch {
        // The thread ended between the two reads.
      }
    }
  }
  return out;
}

function statusKb(pid: number, key: string): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${key}:`));
    return line ? Number(line.split(/\s+/)[1]) : 0;
  } catch {
    return 0;
  }
}

/** Memory of the process tree in MB: current resident set (VmRSS) and its peak (VmHWM), summed. */
export function memoryMb(pid: number): { rss: number; hwm: number } {
  const pids = processTree(pid);
  const sum = (key: string): number => pids.reduce((total, p) => total + statusKb(p, key), 0);
  return { rss: Math.round(sum('VmRSS') / 1024), hwm: Math.round(sum('VmHWM') / 1024) };
}

/** CPU time (user + system) of the process tree, in seconds. */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Process ended.
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}
