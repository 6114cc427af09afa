/** Starting and stopping the bench's child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A child process the bench started. */
export interface Child {
  process: ChildProcess;
  pid: number;
  /** Wall-clock instant (performance.now()) of the spawn. */
  spawnedAt: number;
  /** Everything it wrote to stderr (bounded), for error messages. */
  stderr(): string;
}

/** Spawns `node args…`; stdout is piped so the first JSON line can be read. */
export function spawnNode(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Child {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    if (err.length < 20_000) err += chunk.toString();
  });
  if (child.pid === undefined) throw new Error(`could not spawn node ${args.join(' ')}`);
  return { process: child, pid: child.pid, spawnedAt, stderr: () => err };
}

/** Resolves with the first stdout line that parses as a JSON object; rejects on exit or timeout. */
export function firstJsonLine<T>(child: Child, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => done(new Error(`no output within ${timeoutMs} ms; stderr: ${child.stderr().slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n').slice(0, -1)) {
        if (!line.startsWith('{')) continue;
        try {
          return done(undefined, JSON.parse(line) as T);
        } catch {
          // not JSON after all: keep reading
        }
      }
    };
    const onExit = (code: number | null): void => done(new Error(`exited (${code}) before it was ready; stderr: ${child.stderr().slice(-2000)}`));
    const done = (error?: Error, value?: T): void => {
      clearTimeout(timer);
      child.process.stdout!.off('data', onData);
      child.process.off('exit', onExit);
      // Keep draining stdout so a chatty child never blocks on a full pipe.
      child.process.stdout!.resume();
      if (error) reject(error);
      else resolve(value as T);
    };
    child.process.stdout!.on('data', onData);
    child.process.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: Child, graceMs = 3000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = once(child.process, 'exit');
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
