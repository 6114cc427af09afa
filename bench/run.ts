/**
 * `npm run bench`: our gateway vs GraphQL Mesh vs direct REST, side by side against one emulator
 * with injected latency, each gateway in its own process. Writes BENCHMARKS.md.
 *
 * Flags: --latency MS (20) --duration S per contender and workload (6, split in two alternating
 * halves) --connections N (128) --warmup S (1) --probe S (2, the one-connection latency run)
 * --max-concurrency N (1024: our gateway's per-account upstream limiter, `serve --max-concurrency`)
 *
 * Why 128 connections: with 20 ms per upstream call, N connections cap any contender at N / 20 ms
 * requests per second (1,600/s at 32), which measures the injected latency rather than the
 * gateways; 128 lets each gateway run into its own CPU limit. Why a 1024 limiter: the default 25
 * is a production safeguard for a real account that Mesh and plain REST do not have; 128
 * connections fanning out 10 calls each would otherwise queue behind it.
 * --output FILE (BENCHMARKS.md; "-" prints only).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { spawnNode, firstJsonLine, stopChild, type Child } from './lib/children.js';
import type { EmulatorFixture } from './lib/emulator-process.js';
import { runCannon, runLoop, mergeSamples, type Sample } from './lib/load.js';
import { composeMesh, meshGatewayCommand } from './lib/mesh.js';
import { REPO_ROOT } from './lib/paths.js';
import { cpuSeconds, memoryMb } from './lib/proc.js';
import { renderReport, type BenchResult, type ContenderResult, type StartInfo } from './lib/report.js';
import { CONTENDERS, WORKLOADS, closeHttp, freshWorkspace, type BenchTargets, type Contender, type Plan } from './lib/workloads.js';

const { values: flags } = parseArgs({
  options: {
    latency: { type: 'string', default: '20' },
    duration: { type: 'string', default: '6' },
    connections: { type: 'string', default: '128' },
    warmup: { type: 'string', default: '1' },
    probe: { type: 'string', default: '2' },
    'max-concurrency': { type: 'string', default: '1024' },
    output: { type: 'string', default: 'BENCHMARKS.md' },
    help: { type: 'boolean' },
  },
  strict: true,
});
if (flags.help) {
  process.stdout.write(`Usage: npm run bench -- [options]

Our gateway vs GraphQL Mesh vs direct REST against one emulator with injected latency; writes BENCHMARKS.md.
  --latency MS          injected per-request latency of the emulator (default 20)
  --duration S          measured seconds per contender and workload, in two alternating halves (default 6)
  --connections N       concurrent connections of the load runs (default 128)
  --warmup S            warm-up seconds before each measured half (default 1)
  --probe S             seconds of the one-connection latency probe (default 2)
  --max-concurrency N   our gateway's per-account upstream limiter (default 1024; serve's default is 25)
  --output FILE         where the report goes (default BENCHMARKS.md; "-" prints it)
Specs for Mesh: TWILIO_OAI_SPECS, else ../shared/twilio-oai.
`);
  process.exit(0);
}
const num = (name: keyof typeof flags): number => {
  const value = Number(flags[name]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return value;
};
const latencyMs = num('latency');
const durationS = num('duration');
const connections = Math.max(1, Math.round(num('connections')));
const warmupS = num('warmup');
const probeS = num('probe');
const maxConcurrency = Math.max(1, Math.round(num('max-concurrency')));
const log = (line: string): void => void process.stderr.write(line + '\n');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function emulatorRequests(url: string): Promise<{ total: number; byRoute: Record<string, number> }> {
  return (await (await fetch(`${url}/__emulator/requests`)).json()) as { total: number; byRoute: Record<string, number> };
}

/**
 * Resets the emulator's counters once the previous load has drained: requests a gateway still had
 * queued when the load generator stopped would otherwise be counted against the next operation.
 */
async function resetEmulatorRequests(url: string): Promise<void> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const { total, inFlight } = (await (await fetch(`${url}/__emulator/requests`)).json()) as { total: number; inFlight: number };
    if (total === last && inFlight === 0) break;
    last = total;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await fetch(`${url}/__emulator/requests/reset`, { method: 'POST' });
}

/** Spawns a gateway and polls it with a real query until it answers: spawn → first good response. */
async function coldStart(spawnIt: () => Child, probe: () => Promise<void>, timeoutMs: number): Promise<{ child: Child; ms: number }> {
  const child = spawnIt();
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await probe();
      return { child, ms: performance.now() - child.spawnedAt };
    } catch (error) {
      if (child.process.exitCode !== null) throw new Error(`gateway exited during start: ${child.stderr().slice(-2000)}`);
      if (performance.now() > deadline) {
        await stopChild(child);
        throw new Error(`gateway not ready within ${timeoutMs} ms: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

async function runPlan(plan: Plan, conns: number, seconds: number): Promise<Sample> {
  if ('cannon' in plan.load) return runCannon(plan.load.cannon.url, plan.load.cannon.requests, conns, seconds);
  return runLoop(plan.load.loop, conns, seconds);
}

/**
 * One-connection probe of the floor process (bench/lib/floor-process.ts) for a workload whose direct
 * REST form is a single GET; undefined for the others (writes, multi-request chains).
 */
async function probeFloor(restPlan: Plan, emulatorUrl: string, authorization: string): Promise<Sample | undefined> {
  if (!('cannon' in restPlan.load)) return undefined;
  const [only, ...more] = restPlan.load.cannon.requests;
  if (only === undefined || more.length > 0 || only.method !== 'GET' || typeof only.path !== 'string') return undefined;
  const child = spawnNode(['--import', 'tsx', join(REPO_ROOT, 'bench', 'lib', 'floor-process.ts'), emulatorUrl, only.path]);
  try {
    const { url } = await firstJsonLine<{ url: string }>(child, 30_000);
    const request = { method: 'POST' as const, path: '/', headers: { authorization, 'content-type': 'application/json' }, body: '{}' };
    await runCannon(url, [request], 1, 0.5);
    return await runCannon(url, [request], 1, probeS);
  } finally {
    await stopChild(child);
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  log('building (tsc -p tsconfig.json) so our gateway runs from dist/ as shipped…');
  await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: REPO_ROOT,
    timeout: 180_000,
  }).catch((error: { stdout?: string }) => {
    // tsc still emits on type errors elsewhere in the tree; only a missing output is fatal.
    log(`tsc reported errors (output still emitted):\n${String(error.stdout ?? error).slice(0, 2000)}`);
  });

  const children: Child[] = [];
  try {
    log(`starting the emulator (latency ${latencyMs} ms)…`);
    const emulator = spawnNode(['--import', 'tsx', join(REPO_ROOT, 'bench', 'lib', 'emulator-process.ts'), String(latencyMs)]);
    children.push(emulator);
    const fixture = await firstJsonLine<EmulatorFixture>(emulator, 60_000);
    const authorization = `Basic ${Buffer.from(`${fixture.accountSid}:${fixture.authToken}`).toString('base64')}`;

    log('composing the Mesh supergraph…');
    const mesh = await composeMesh();

    const oursPort = await freePort();
    const meshPort = await freePort();
    const targets: BenchTargets = {
      emulatorUrl: fixture.url,
      oursUrl: `http://127.0.0.1:${oursPort}/graphql`,
      meshUrl: `http://127.0.0.1:${meshPort}/graphql`,
      authorization,
      workspaceSid: fixture.workspaceSid,
      workerSids: fixture.workerSids,
    };
    const probeFor = (c: Contender) => async (): Promise<void> => WORKLOADS[0]!.plan(c, targets, '').once();

    // Cold starts: several spawns each, alternating; the last instance of each stays up for the load runs.
    const starts: Record<'ours' | 'mesh', number[]> = { ours: [], mesh: [] };
    let ours: Child | undefined;
    let meshChild: Child | undefined;
    // Exactly what users run: the CLI from dist/, pointed at the emulator.
    const spawnOurs = (): Child =>
      spawnNode([
        join(REPO_ROOT, 'bin', 'twilio-graphql.js'), 'serve',
        '--upstream', fixture.url, '--port', String(oursPort), '--max-concurrency', String(maxConcurrency),
      ]);
    const meshCommand = meshGatewayCommand(mesh.supergraph, fixture.url, meshPort);
    const spawnMesh = (): Child => spawnNode(meshCommand.args, { env: meshCommand.env, cwd: REPO_ROOT });
    for (let round = 0; round < 3; round++) {
      for (const c of ['ours', 'mesh'] as const) {
        log(`cold start ${c} #${round + 1}…`);
        const { child, ms } = await coldStart(c === 'ours' ? spawnOurs : spawnMesh, probeFor(c), 60_000);
        starts[c].push(ms);
        if (round < 2) await stopChild(child);
        else {
          children.push(child);
          if (c === 'ours') ours = child;
          else meshChild = child;
        }
      }
    }
    const idle = { ours: memoryMb(ours!.pid), mesh: memoryMb(meshChild!.pid) };

    const results: BenchResult['workloads'] = [];
    for (const [index, workload] of WORKLOADS.entries()) {
      log(`workload: ${workload.name}`);
      const perContender = {} as Record<Contender, ContenderResult>;
      const samples: Record<Contender, Sample[]> = { ours: [], mesh: [], rest: [] };
      const cpu: Record<Contender, { emulator: number; gateway: number; bench: number; seconds: number }> = {
        ours: { emulator: 0, gateway: 0, bench: 0, seconds: 0 },
        mesh: { emulator: 0, gateway: 0, bench: 0, seconds: 0 },
        rest: { emulator: 0, gateway: 0, bench: 0, seconds: 0 },
      };
      const gatewayPid = (c: Contender): number | undefined => (c === 'ours' ? ours!.pid : c === 'mesh' ? meshChild!.pid : undefined);

      // Correctness and upstream calls per operation, one operation at a time.
      const calls = {} as Record<Contender, { total: number; byRoute: Record<string, number> }>;
      const shapes = {} as Record<Contender, string>;
      for (const c of CONTENDERS) {
        const ws = workload.writes ? await freshWorkspace(targets, `check-${c}`) : '';
        const plan = workload.plan(c, targets, ws);
        shapes[c] = plan.shape;
        await plan.once(); // warms caches and connections, and fails loudly if the contender is wrong
        await resetEmulatorRequests(fixture.url);
        await plan.once();
        calls[c] = await emulatorRequests(fixture.url);
      }

      // One-connection latency probe (no queueing): the base for "gateway-added latency".
      const probe = {} as Record<Contender, Sample>;
      for (const c of index % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse()) {
        const ws = workload.writes ? await freshWorkspace(targets, `probe-${c}`) : '';
        probe[c] = await runPlan(workload.plan(c, targets, ws), 1, probeS);
      }

      // The floor: what one extra process with the same REST call costs here, before any gateway logic.
      const floor = await probeFloor(workload.plan('rest', targets, ''), fixture.url, authorization);

      // Load: two halves in A-B-C / C-B-A order so drift over time weighs on every contender alike.
      for (const order of [CONTENDERS, [...CONTENDERS].reverse()]) {
        for (const c of order) {
          const ws = workload.writes ? await freshWorkspace(targets, `load-${c}`) : '';
          const plan = workload.plan(c, targets, ws);
          if (warmupS > 0) await runPlan(plan, connections, warmupS);
          const pid = gatewayPid(c);
          const before = { emulator: cpuSeconds(emulator.pid), gateway: pid === undefined ? 0 : cpuSeconds(pid), bench: process.cpuUsage(), t: performance.now() };
          samples[c].push(await runPlan(plan, connections, durationS / 2));
          const benchCpu = process.cpuUsage(before.bench);
          cpu[c].emulator += cpuSeconds(emulator.pid) - before.emulator;
          cpu[c].gateway += pid === undefined ? 0 : cpuSeconds(pid) - before.gateway;
          cpu[c].bench += (benchCpu.user + benchCpu.system) / 1e6;
          cpu[c].seconds += (performance.now() - before.t) / 1000;
        }
      }
      for (const c of CONTENDERS) {
        const pid = gatewayPid(c);
        perContender[c] = {
          shape: shapes[c],
          load: mergeSamples(samples[c]),
          probe: probe[c],
          upstreamCalls: calls[c].total,
          upstreamRoutes: calls[c].byRoute,
          cpu: {
            emulator: cpu[c].emulator / cpu[c].seconds,
            gateway: pid === undefined ? undefined : cpu[c].gateway / cpu[c].seconds,
            bench: cpu[c].bench / cpu[c].seconds,
          },
          ...(pid === undefined ? {} : { memory: memoryMb(pid) }),
        };
      }
      results.push({ name: workload.name, resources: workload.resources, unit: workload.unit, contenders: perContender, ...(floor ? { floor } : {}) });
    }

    const start: StartInfo = {
      coldStartMs: starts,
      idle,
      peak: { ours: memoryMb(ours!.pid), mesh: memoryMb(meshChild!.pid) },
      meshCompose: mesh,
    };
    const report = renderReport({
      startedAt,
      finishedAt: new Date(),
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      settings: { latencyMs, durationS, connections, warmupS, probeS, maxConcurrency },
      start,
      workloads: results,
    });
    if (flags.output === '-') process.stdout.write(report);
    else {
      writeFileSync(resolve(REPO_ROOT, flags.output!), report);
      log(`wrote ${flags.output}`);
    }
  } finally {
    await closeHttp();
    for (const child of children.reverse()) await stopChild(child);
  }
}

await main();
