/**
 * Fault injection through the real gateway over HTTP: GET-backed queries recover from 429 (with
 * and without Retry-After), 500/503, slow answers, dropped connections and malformed JSON; mutations
 * are sent exactly once (counted at the emulator) and say whether their outcome is unknown; the
 * gateway stays healthy throughout.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startRig, type Rig } from './helpers.js';

const LIST_WORKSPACES = 'GET /taskrouter/v1/Workspaces';
const UPDATE_WORKSPACE = 'POST /taskrouter/v1/Workspaces/{Sid}';
const WORKSPACES = '{ workspaces(first: 1) { nodes { sid friendlyName } } }';
const RENAME = 'mutation ($sid: ID!, $name: String!) { updateWorkspace(sid: $sid, input: { friendlyName: $name }) { sid friendlyName } }';
const ON_WORKSPACES = { pathPrefix: '/taskrouter/v1/Workspaces' };

let rig: Rig;
let workspaceSid: string;

before(async () => {
  rig = await startRig({
    requestTimeoutMs: 8000,
    client: {
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 40,
      headersTimeoutMs: 500,
      bodyTimeoutMs: 500,
      // The circuit keeps its default threshold: it counts one outcome per call, not per attempt.
    },
  });
  workspaceSid = (await rig.query(WORKSPACES)).data.workspaces.nodes[0].sid;
});
after(() => rig.close());
beforeEach(async () => {
  await rig.clearFaults();
  await rig.resetCounters();
});
afterEach(async () => {
  assert.equal(await rig.healthz(), 200, 'the gateway stays healthy');
});

describe('GET-backed queries recover within the deadline', () => {
  const cases: Array<[string, Parameters<Rig['fault']>[0], number]> = [
    ['429 without Retry-After (backoff with jitter)', { match: ON_WORKSPACES, respond: 429, times: 2 }, 3],
    ['429 with Retry-After: 1', { match: ON_WORKSPACES, respond: 429, retryAfter: 1, times: 1 }, 2],
    ['500 twice', { match: ON_WORKSPACES, respond: 500, times: 2 }, 3],
    ['503 with Retry-After: 0', { match: ON_WORKSPACES, respond: 503, retryAfter: 0, times: 3 }, 4],
    ['a response slower than the upstream timeout', { match: ON_WORKSPACES, respond: 'slow', delayMs: 2000, times: 1 }, 2],
    ['dropped connections', { match: ON_WORKSPACES, respond: 'drop', times: 2 }, 3],
    ['malformed JSON', { match: ON_WORKSPACES, respond: 'malformed-json', times: 1 }, 2],
  ];
  for (const [name, rule, attempts] of cases) {
    test(name, async () => {
      await rig.fault(rule);
      const result = await rig.query(WORKSPACES);
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.equal(result.data.workspaces.nodes[0].sid, workspaceSid);
      assert.equal((await rig.counters()).byRoute[LIST_WORKSPACES], attempts);
    });
  }

  test('a fault that outlasts the retries ends in a clear error after the last attempt', async () => {
    await rig.fault({ match: ON_WORKSPACES, respond: 503 });
    const result = await rig.query(WORKSPACES);
    assert.equal(result.errors?.[0]?.extensions?.['code'], 'UPSTREAM_ERROR');
    assert.equal(result.errors?.[0]?.extensions?.['status'], 503);
    assert.match(result.errors![0]!.message, /Service Unavailable/);
    assert.equal((await rig.counters()).byRoute[LIST_WORKSPACES], 4, 'maxAttempts (4) attempts, no more');
  });

  test('a Retry-After longer than the client will wait ends the query at once with RATE_LIMITED', async () => {
    await rig.fault({ match: ON_WORKSPACES, respond: 429, retryAfter: 600 });
    const result = await rig.query(WORKSPACES);
    assert.equal(result.errors?.[0]?.extensions?.['code'], 'RATE_LIMITED');
    assert.equal(result.errors?.[0]?.extensions?.['retryAfter'], 600);
    assert.match(result.errors![0]!.message, /\(Twilio asked to retry after 600 s, longer than the 10 s the client waits\)$/);
    assert.equal((await rig.counters()).byRoute[LIST_WORKSPACES], 1);
  });
});

describe('mutations are sent exactly once and report failure clearly', () => {
  const rename = (name: string) => rig.query(RENAME, { sid: workspaceSid, name });
  const ON_UPDATE = { method: 'POST', pathPrefix: `/taskrouter/v1/Workspaces/` };

  for (const status of [429, 500, 503] as const) {
    test(`HTTP ${status}: one attempt, Twilio's error reported, outcome known`, async () => {
      await rig.fault({ match: ON_UPDATE, respond: status, retryAfter: 0 });
      const result = await rename(`after ${status}`);
      assert.equal(result.data?.updateWorkspace ?? null, null);
      assert.equal(result.errors?.[0]?.extensions?.['status'], status);
      assert.equal(result.errors?.[0]?.extensions?.['code'], status === 429 ? 'RATE_LIMITED' : 'UPSTREAM_ERROR');
      assert.equal(result.errors?.[0]?.extensions?.['outcome'], undefined);
      assert.equal((await rig.counters()).byRoute[UPDATE_WORKSPACE], 1);
    });
  }

  test('dropped connection: one attempt, the error says the outcome is unknown', async () => {
    await rig.fault({ match: ON_UPDATE, respond: 'drop' });
    const result = await rename('after drop');
    const error = result.errors?.[0];
    assert.equal(error?.extensions?.['code'], 'UPSTREAM_UNAVAILABLE');
    assert.equal(error?.extensions?.['outcome'], 'unknown');
    assert.equal(error?.extensions?.['sent'], true);
    assert.match(error!.message, /outcome is unknown/);
    assert.match(error!.message, /not retried/);
    assert.equal((await rig.counters()).byRoute[UPDATE_WORKSPACE], 1);
  });

  test('malformed JSON answer: the change happened once, and the error says the outcome is unknown', async () => {
    await rig.fault({ match: ON_UPDATE, respond: 'malformed-json', times: 1 });
    const result = await rename('renamed despite a garbled answer');
    assert.equal(result.errors?.[0]?.extensions?.['outcome'], 'unknown');
    assert.equal(result.errors?.[0]?.extensions?.['reason'], 'invalid-response');
    assert.equal((await rig.counters()).byRoute[UPDATE_WORKSPACE], 1);
    // Why "unknown" matters: Twilio did apply it.
    const after = await rig.query(WORKSPACES);
    assert.equal(after.data.workspaces.nodes[0].friendlyName, 'renamed despite a garbled answer');
  });

  test('an answer slower than the upstream timeout: one attempt, outcome unknown', async () => {
    await rig.fault({ match: ON_UPDATE, respond: 'slow', delayMs: 2000, times: 1 });
    const result = await rename('slow rename');
    assert.equal(result.errors?.[0]?.extensions?.['code'], 'UPSTREAM_UNAVAILABLE');
    assert.equal(result.errors?.[0]?.extensions?.['outcome'], 'unknown');
    assert.equal((await rig.counters()).byRoute[UPDATE_WORKSPACE], 1);
  });

  test('with the faults gone, the same mutation succeeds', async () => {
    const result = await rename('healthy again');
    assert.equal(result.errors, undefined);
    assert.equal(result.data.updateWorkspace.friendlyName, 'healthy again');
  });
});
