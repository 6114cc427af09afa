/**
 * Child process for the benchmark: the emulator in its own process (so its CPU is measured apart
 * from the gateways'), with injected latency and a bench workspace seeded through the engine.
 *
 * Usage: node --import tsx bench/lib/emulator-process.ts <latencyMs>
 * Prints one JSON line ({@link EmulatorFixture}) on stdout once listening; stops on SIGTERM.
 */
import { startEmulator, type Engine } from '../../src/emulator/index.js';

/** What the bench needs to know about the seeded emulator. */
export interface EmulatorFixture {
  url: string;
  pid: number;
  accountSid: string;
  authToken: string;
  workspaceSid: string;
  /** Workers in the order the list endpoint returns them. */
  workerSids: string[];
}

/** Workers in the bench workspace: enough for a 50-item page. */
const WORKERS = 60;

type Body = Record<string, unknown>;

/**
 * One workspace, one queue that targets every worker, and one task per worker: with multitasking off,
 * routing gives each available worker exactly one pending reservation, so every worker in the nested
 * chain has a reservation with a task behind it.
 */
async function seedBenchWorkspace(engine: Engine): Promise<{ workspaceSid: string }> {
  const send = async (method: 'GET' | 'POST', path: string, params?: Record<string, string>): Promise<Body> => {
    const result = await engine.dispatch({ accountSid: engine.accountSid, method, product: 'taskrouter', path, ...(params ? { params } : {}) });
    if (result.status >= 400) throw new Error(`bench seed: ${method} ${path} failed (${result.status}): ${JSON.stringify(result.body)}`);
    return (result.body ?? {}) as Body;
  };
  const workspaceSid = String((await send('POST', '/v1/Workspaces', { FriendlyName: 'Bench', MultiTaskEnabled: 'false' })).sid);
  const ws = `/v1/Workspaces/${workspaceSid}`;
  const available = String((await send('POST', `${ws}/Activities`, { FriendlyName: 'Ready', Available: 'true' })).sid);
  const busy = String((await send('POST', `${ws}/Activities`, { FriendlyName: 'Busy', Available: 'false' })).sid);
  const queue = String(
    (await send('POST', `${ws}/TaskQueues`, { FriendlyName: 'All', TargetWorkers: '1 == 1', AssignmentActivitySid: busy })).sid,
  );
  const configuration = JSON.stringify({ task_routing: { filters: [], default_filter: { queue } } });
  const workflow = String((await send('POST', `${ws}/Workflows`, {
        FriendlyName: 'Default',
        Configuration: configuration,
        // The longest timeout Twilio allows: reservations must stay put for the whole run.
        TaskReservationTimeout: '86400',
      })).sid);
  for (let i = 0; i < WORKERS; i++) {
    const name = `bench-worker-${String(i).padStart(3, '0')}`;
    await send('POST', `${ws}/Workers`, { FriendlyName: name, ActivitySid: available, Attributes: JSON.stringify({ skills: ['support'], n: i }) });
  }
  for (let i = 0; i < WORKERS; i++) {
    await send('POST', `${ws}/Tasks`, { WorkflowSid: workflow, Attributes: JSON.stringify({ type: 'support', n: i }) });
  }
  return { workspaceSid };
}

const latencyMs = Number(process.argv[2] ?? '20');
if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new Error(`latency must be a non-negative integer, got ${process.argv[2]}`);

let workspaceSid = '';
const emulator = await startEmulator({
  port: 0,
  latencyMs,
  seed: async (engine) => {
    ({ workspaceSid } = await seedBenchWorkspace(engine));
  },
});
const listed = await emulator.engine.dispatch({
  accountSid: emulator.accountSid,
  method: 'GET',
  product: 'taskrouter',
  path: `/v1/Workspaces/${workspaceSid}/Workers`,
  params: { PageSize: String(WORKERS) },
});
const workerSids = ((listed.body as { workers: Body[] }).workers ?? []).map((w) => String(w.sid));
const fixture: EmulatorFixture = {
  url: emulator.url,
  pid: process.pid,
  accountSid: emulator.accountSid,
  authToken: emulator.authToken,
  workspaceSid,
  workerSids,
};
process.stdout.write(JSON.stringify(fixture) + '\n');
process.once('SIGTERM', () => {
  void emulator.close().then(() => process.exit(0));
});
