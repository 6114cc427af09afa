/**
 * One failed field is null with its error beside it and the rest of the response stands: connection
 * fields and delete results are nullable, so a failing list (root or nested) or delete does not
 * null its parent or the whole `data`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRig, type Rig } from '../resilience/helpers.js';

describe('a failing field stays local', () => {
  let rig: Rig;
  let workspaceSid: string;
  before(async () => {
    // One attempt per call keeps the faulted calls quick; retries are tested elsewhere.
    rig = await startRig({ client: { maxAttempts: 1 } });
    workspaceSid = (await rig.query('{ workspaces(first: 1) { nodes { sid } } }')).data.workspaces.nodes[0].sid;
  });
  after(() => rig.close());

  test('a root connection that fails is null; its sibling root field keeps its data', async () => {
    const calls = `/api/2010-04-01/Accounts/${rig.emulator.accountSid}/Calls`;
    await rig.fault({ match: { method: 'GET', pathPrefix: calls }, respond: 429 });
    try {
      const result = await rig.query('{ workspaces(first: 1) { nodes { sid } } calls(first: 1) { nodes { sid } } }');
      assert.equal(result.status, 200);
      assert.equal(result.data.workspaces.nodes[0].sid, workspaceSid);
      assert.equal(result.data.calls, null);
      assert.equal(result.errors?.length, 1);
      assert.deepEqual((result.errors![0] as { path?: unknown }).path, ['calls']);
      assert.equal(result.errors![0]!.extensions?.['code'], 'RATE_LIMITED');
    } finally {
      await rig.clearFaults();
    }
  });

  test('a nested connection that fails is null; its parent object and the other roots stand', async () => {
    await rig.fault({ match: { method: 'GET', pathPrefix: `/taskrouter/v1/Workspaces/${workspaceSid}/Workers` }, respond: 500 });
    try {
      const result = await rig.query(
        '{ workspaces(first: 1) { nodes { sid friendlyName workers(first: 1) { nodes { sid } } } } conversations(first: 1) { nodes { sid } } }',
      );
      assert.equal(result.status, 200);
      const workspace = result.data.workspaces.nodes[0];
      assert.equal(workspace.sid, workspaceSid);
      assert.equal(typeof workspace.friendlyName, 'string');
      assert.equal(workspace.workers, null);
      assert.equal(result.data.conversations.nodes.length, 1);
      assert.deepEqual((result.errors![0] as { path?: unknown }).path, ['workspaces', 'nodes', 0, 'workers']);
      assert.equal(result.errors![0]!.extensions?.['code'], 'UPSTREAM_ERROR');
    } finally {
      await rig.clearFaults();
    }
  });

  test('a failing delete after a create: the created object is still reported', async () => {
    const missing = 'WK' + '0'.repeat(32);
    const result = await rig.query(
      `mutation($ws: ID!) {
        a: createWorker(workspaceSid: $ws, input: { friendlyName: "partial-failure" }) { sid friendlyName }
        b: deleteWorker(workspaceSid: $ws, sid: "${missing}")
      }`,
      { ws: workspaceSid },
    );
    assert.equal(result.status, 200);
    assert.match(result.data.a.sid, /^WK[0-9a-f]{32}$/);
    assert.equal(result.data.a.friendlyName, 'partial-failure');
    assert.equal(result.data.b, null);
    assert.equal(result.errors?.length, 1);
    assert.deepEqual((result.errors![0] as { path?: unknown }).path, ['b']);
    assert.equal(result.errors![0]!.extensions?.['code'], 'NOT_FOUND');
    const created = await rig.query('query($ws: ID!, $sid: ID!) { workspace(sid: $ws) { worker(sid: $sid) { friendlyName } } }', {
      ws: workspaceSid,
      sid: result.data.a.sid,
    });
    assert.equal(created.data.workspace.worker.friendlyName, 'partial-failure');
  });
});
