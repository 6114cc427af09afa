/**
 * The client-author artifacts: the committed codegen output is what the config generates, and the
 * Apollo Client example (examples/codegen) runs its typed operations against the gateway started
 * in-process with the embedded emulator, both as a library and as the documented script.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generate } from '@graphql-codegen/cli';
import { Agent, fetch as undiciFetch } from 'undici';
import codegenConfig from '../../examples/codegen/codegen.js';
import { createFlexClient, directory, loadFlexPanels, type FlexSelection } from '../../examples/codegen/flex-client.js';
import { CONVERSATIONS, WORKERS } from '../../src/emulator/seed/demo-data.js';
import { startGateway, type RunningGateway } from '../../src/gateway/start.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

async function emulatorRequestTotal(emulatorUrl: string): Promise<number> {
  const response = await fetch(`${emulatorUrl}/__emulator/requests`, { signal: AbortSignal.timeout(10_000) });
  return ((await response.json()) as { total: number }).total;
}

test('the committed typed documents are what the codegen config generates', { timeout: 120_000 }, async () => {
  const outputs = await generate({ ...codegenConfig, cwd: ROOT, silent: true }, false);
  assert.ok(outputs.length >= 2, 'codegen produced files');
  for (const output of outputs) {
    const committed = readFileSync(resolve(ROOT, output.filename), 'utf8');
    assert.equal(committed, output.content, `${output.filename} is stale: run npm run codegen`);
  }
});

describe('Apollo Client example against the gateway', { timeout: 120_000 }, () => {
  const connections = new Agent();
  const pooledFetch = ((input: string, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher: connections })) as unknown as typeof globalThis.fetch;
  let gateway: RunningGateway;
  let selection: FlexSelection;
  let queueNames: Set<string>;

  before(async () => {
    gateway = await startGateway({ upstream: { kind: 'embedded-emulator' }, port: 0 });
    const client = createFlexClient({ url: gateway.graphqlUrl, authorization: gateway.demoAuthorization!, fetch: pooledFetch });
    try {
      const found = await directory(client);
      const workspace = found.workspaces!.nodes[0]!;
      const worker = workspace.workers!.nodes.find((w) => w.friendlyName === 'Alice Johnson')!;
      queueNames = new Set(workspace.queues!.nodes.map((q) => q.friendlyName!));
      selection = {
        workspaceSid: workspace.sid!,
        workerSid: worker.sid!,
        queueSid: workspace.queues!.nodes.find((q) => q.friendlyName === 'General Support')!.sid!,
        conversationSid: found.conversations!.nodes[0]!.sid!,
      };
    } finally {
      client.stop();
    }
  });
  after(async () => {
    // The test's own keep-alive connections go first, so the gateway's graceful close has nothing to wait for.
    await connections.close();
    await gateway?.close();
  });

  test('the typed operations return the agent, queue and conversation panels; repeats come from the cache', async () => {
    const client = createFlexClient({ url: gateway.graphqlUrl, authorization: gateway.demoAuthorization!, fetch: pooledFetch });
    try {
      const { agent, queue, conversation } = await loadFlexPanels(client, selection);

      assert.equal((agent.worker as Record<string, unknown> | null)?.['__typename'], 'Worker', 'Apollo Client added __typename');
      assert.equal(agent.worker?.sid, selection.workerSid);
      assert.equal(agent.worker?.friendlyName, 'Alice Johnson');
      assert.ok(agent.worker!.reservations!.nodes.length > 0, 'the demo agent has reservations');
      for (const reservation of agent.worker!.reservations!.nodes) {
        assert.match(reservation.sid ?? '', /^WR[0-9a-f]{32}$/);
        assert.match(reservation.task?.sid ?? '', /^WT[0-9a-f]{32}$/);
        assert.ok(queueNames.has(reservation.task?.queue?.friendlyName ?? ''), 'the task links to a queue of the workspace');
      }

      assert.equal(queue.queue?.sid, selection.queueSid);
      // The worker list is the queue's eligible workers (its `skills HAS "support"` target), and the
      // statistics are computed from the same state.
      const eligible = WORKERS.filter((w) => w.attributes.skills.includes('support')).map((w) => w.name);
      assert.deepEqual(queue.workers!.nodes.map((w) => w.friendlyName).sort(), [...eligible].sort());
      for (const worker of queue.workers!.nodes) assert.match(worker.sid ?? '', /^WK[0-9a-f]{32}$/);
      const stats = queue.queue!.realTimeStatistics!;
      assert.equal(stats.totalEligibleWorkers, eligible.length);
      assert.equal(stats.totalAvailableWorkers, queue.workers!.nodes.filter((w) => w.available).length);
      const byStatus = stats.tasksByStatus as Record<string, number>;
      assert.ok(stats.totalTasks! > 0 && byStatus['reserved']! > 0, JSON.stringify(byStatus));
      assert.equal(Object.values(byStatus).reduce((a, b) => a + b, 0), stats.totalTasks);
      const { realtime, cumulative } = queue.queue!.statistics! as { realtime: Record<string, unknown>; cumulative: Record<string, unknown> };
      assert.equal(realtime['total_tasks'], stats.totalTasks);
      assert.ok((cumulative['tasks_entered'] as number) > 0 && (cumulative['reservations_created'] as number) > 0, JSON.stringify(cumulative));

      assert.equal(conversation.sid, selection.conversationSid);
      // The latest messages, newest first.
      const seeded = CONVERSATIONS.find((c) => c.name === conversation.friendlyName)!.messages;
      assert.deepEqual(
        conversation.messages!.nodes.map((m) => m.body),
        seeded.map((m) => m.body).reverse().slice(0, 3),
      );
      assert.deepEqual(
        conversation.messages!.nodes.map((m) => m.index),
        [seeded.length - 1, seeded.length - 2, seeded.length - 3],
      );
      for (const message of conversation.messages!.nodes) assert.match(message.sid ?? '', /^IM[0-9a-f]{32}$/);

      const before = await emulatorRequestTotal(gateway.emulator!.url);
      const again = await loadFlexPanels(client, selection);
      assert.deepEqual(again, { agent, queue, conversation });
      assert.equal(await emulatorRequestTotal(gateway.emulator!.url), before, 'cache-first: no request reached Twilio');
    } finally {
      client.stop();
    }
  });

  test('a wrong credential rejects with the gateway’s error', async () => {
    const wrong = `Basic ${Buffer.from(`${gateway.emulator!.accountSid}:not-the-token`).toString('base64')}`;
    const client = createFlexClient({ url: gateway.graphqlUrl, authorization: wrong, fetch: pooledFetch });
    try {
      await assert.rejects(loadFlexPanels(client, selection), /authenticat/i);
    } finally {
      client.stop();
    }
  });

  test('the example script prints the three panels', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'examples/codegen/main.ts')], {
      cwd: ROOT,
      timeout: 60_000,
      env: { ...process.env, TWILIO_GRAPHQL_URL: gateway.graphqlUrl, TWILIO_GRAPHQL_AUTHORIZATION: gateway.demoAuthorization! },
    });
    assert.match(stdout, /^Agent \S.* \(\w+\): \d+ reservation\(s\)$/m);
    assert.match(stdout, /^Queue \S.*: \d+ task\(s\), \d+ of \d+ eligible worker\(s\) available$/m);
    assert.match(stdout, /^Conversation ".+" \(ACTIVE\), latest messages:\n  #\d+ /m);
  });
});
