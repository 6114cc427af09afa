/** One query per product family, end to end over HTTP: gateway → REST client → emulator. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dataOf, startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

test('TaskRouter: the workspace → workers → reservations → task → queue chain in one query', async () => {
  const data = dataOf(
    await h.query(`{
      workspaces(first: 1) { nodes { friendlyName
        workers(first: 20) { nodes { friendlyName activity { friendlyName }
          reservations(first: 10) { nodes { reservationStatus worker { friendlyName }
            task { assignmentStatus attributes queue { friendlyName } workflow { friendlyName } } } } } } } } }`),
  );
  const workspace = data.workspaces.nodes[0];
  assert.equal(workspace.friendlyName, 'Demo Contact Center');
  assert.equal(workspace.workers.nodes.length, 12);
  const reservations = workspace.workers.nodes.flatMap((w: any) => w.reservations.nodes.map((r: any) => ({ ...r, owner: w.friendlyName })));
  assert.ok(reservations.length >= 4, 'the demo has reservations at several stages');
  for (const r of reservations) {
    assert.equal(r.worker.friendlyName, r.owner, 'a reservation links back to its worker');
    assert.ok(['General Support', 'Billing', 'Sales', 'Spanish'].includes(r.task.queue.friendlyName));
    assert.equal(r.task.workflow.friendlyName, 'Inbound Router');
    assert.equal(typeof r.task.attributes, 'object', 'attributes JSON text arrives parsed');
  }
  assert.ok(reservations.some((r: any) => r.reservationStatus === 'ACCEPTED' && r.task.assignmentStatus === 'ASSIGNED'));
});

test('Conversations: a conversation with its participants and messages', async () => {
  const data = dataOf(
    await h.query(`{ conversations(first: 10) { nodes { uniqueName state dateCreated
      participants { nodes { identity } } messages(first: 10) { nodes { index author body } } } } }`),
  );
  const order = data.conversations.nodes.find((c: any) => c.uniqueName === 'order-1042');
  assert.ok(order);
  assert.equal(order.state, 'ACTIVE');
  assert.match(order.dateCreated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.deepEqual(order.messages.nodes.map((m: any) => m.index), [0, 1, 2, 3]);
  assert.ok(order.participants.nodes.some((p: any) => p.identity === 'alice'));
});

test('Conversations: a conversation fetched by its unique name, with its messages', async () => {
  const data = dataOf(await h.query(`{ conversation(sid: "order-1042") { sid uniqueName messages(first: 10) { nodes { index conversationSid } } } }`));
  assert.equal(data.conversation.uniqueName, 'order-1042');
  assert.match(data.conversation.sid, /^CH[0-9a-f]{32}$/);
  assert.deepEqual(data.conversation.messages.nodes.map((m: any) => m.index), [0, 1, 2, 3]);
  for (const m of data.conversation.messages.nodes) assert.equal(m.conversationSid, data.conversation.sid);
});

test('2010 API (Voice and Messaging): calls, messages and the account, without repeating the Account SID', async () => {
  const data = dataOf(
    await h.query(`{ account { sid friendlyName status }
      calls(first: 10) { nodes { sid from to status dateCreated account { sid } } }
      messages(first: 10, from: "+15005550006") { nodes { sid body direction dateCreated } } }`),
  );
  assert.equal(data.account.sid, h.emulator.accountSid);
  assert.equal(data.account.status, 'ACTIVE');
  assert.equal(data.calls.nodes.length, 3);
  for (const call of data.calls.nodes) {
    assert.equal(call.from, '+15005550006');
    assert.equal(call.account.sid, h.emulator.accountSid);
    // RFC 2822 upstream, ISO 8601 in the graph.
    assert.match(call.dateCreated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  }
  assert.equal(data.messages.nodes.length, 5);
});

test('Flex: flows and plugins', async () => {
  const data = dataOf(await h.query(`{ flexFlows { nodes { sid friendlyName channelType } } plugins { nodes { uniqueName friendlyName } } }`));
  assert.deepEqual(data.flexFlows.nodes.map((f: any) => f.friendlyName), ['Demo Web Chat']);
  assert.deepEqual(data.plugins.nodes.map((p: any) => p.uniqueName).sort(), ['plugin-crm-panel', 'plugin-quick-replies']);
});

test('Video, Verify, Messaging, Accounts and Voice', async () => {
  const data = dataOf(
    await h.query(`{
      rooms { nodes { uniqueName status participants { nodes { identity status } } } }
      verifyServices { nodes { friendlyName codeLength } }
      messagingServices { nodes { sid friendlyName } }
      credentialPublicKeys { nodes { sid } }
      byocTrunks { nodes { sid } } }`),
  );
  const room = data.rooms.nodes.find((r: any) => r.uniqueName === 'daily-standup');
  assert.deepEqual(room.participants.nodes.map((p: any) => p.identity).sort(), ['alice', 'bob', 'carmen']);
  assert.equal(data.verifyServices.nodes[0].friendlyName, 'Demo Verify');
  assert.ok(Array.isArray(data.messagingServices.nodes));
  assert.ok(Array.isArray(data.credentialPublicKeys.nodes));
  assert.ok(Array.isArray(data.byocTrunks.nodes));
});

test('Query.node refetches a nested resource from its global id', async () => {
  const data = dataOf(await h.query(`{ workspaces(first: 1) { nodes { workers(first: 1) { nodes { id sid friendlyName } } } } }`));
  const worker = data.workspaces.nodes[0].workers.nodes[0];
  const again = dataOf(await h.query(`query($id: ID!) { node(id: $id) { __typename ... on Worker { sid friendlyName } } }`, { id: worker.id }));
  assert.deepEqual(again.node, { __typename: 'Worker', sid: worker.sid, friendlyName: worker.friendlyName });
});
