/** Create, update and delete in each family, each result visible in a following query. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dataOf, demoWorkspaceSid, startHarness, type Harness } from './harness.js';

let h: Harness;
let workspaceSid: string;
before(async () => {
  h = await startHarness();
  workspaceSid = await demoWorkspaceSid(h);
});
after(() => h.close());

test('TaskRouter: create, update (activity) and delete a worker', async () => {
  const { activities } = dataOf(await h.query(`query($ws: ID!) { workspace(sid: $ws) { activities { nodes { sid friendlyName } } } }`, { ws: workspaceSid })).workspace;
  const offline = activities.nodes.find((a: any) => a.friendlyName === 'Offline').sid;
  const created = dataOf(
    await h.query(`mutation($ws: ID!) { createWorker(workspaceSid: $ws, input: { friendlyName: "Zoe Test", attributes: { skills: ["support"], languages: ["en"] } }) { sid friendlyName attributes } }`, { ws: workspaceSid }),
  ).createWorker;
  assert.equal(created.friendlyName, 'Zoe Test');
  assert.deepEqual(created.attributes, { skills: ['support'], languages: ['en'] });
  const updated = dataOf(
    await h.query(`mutation($ws: ID!, $sid: ID!, $a: ID!) { updateWorker(workspaceSid: $ws, sid: $sid, input: { activitySid: $a }) { activity { friendlyName } available } }`, { ws: workspaceSid, sid: created.sid, a: offline }),
  ).updateWorker;
  assert.deepEqual(updated, { activity: { friendlyName: 'Offline' }, available: false });
  const seen = dataOf(await h.query(`query($ws: ID!) { workspace(sid: $ws) { workers(friendlyName: "Zoe Test") { nodes { sid activityName } } } }`, { ws: workspaceSid }));
  assert.deepEqual(seen.workspace.workers.nodes, [{ sid: created.sid, activityName: 'Offline' }]);
  assert.equal(dataOf(await h.query(`mutation($ws: ID!, $sid: ID!) { deleteWorker(workspaceSid: $ws, sid: $sid) }`, { ws: workspaceSid, sid: created.sid })).deleteWorker, true);
  const gone = await h.query(`query($ws: ID!, $sid: ID!) { workspace(sid: $ws) { worker(sid: $sid) { sid } } }`, { ws: workspaceSid, sid: created.sid });
  assert.equal(gone.data?.workspace.worker, null);
  assert.equal(gone.errors?.[0]?.extensions?.code, 'NOT_FOUND');
});

test('TaskRouter: a created task is routed and gets a reservation', async () => {
  const task = dataOf(
    await h.query(`mutation($ws: ID!) { createTask(workspaceSid: $ws, input: { attributes: { type: "billing", language: "en" } }) { sid assignmentStatus queue { friendlyName } } }`, { ws: workspaceSid }),
  ).createTask;
  assert.equal(task.queue?.friendlyName, 'Billing');
  const routed = dataOf(
    await h.query(`query($ws: ID!, $t: ID!) { workspace(sid: $ws) { task(sid: $t) { assignmentStatus reservations { nodes { reservationStatus worker { attributes } } } } } }`, { ws: workspaceSid, t: task.sid }),
  ).workspace.task;
  assert.equal(routed.assignmentStatus, 'RESERVED');
  assert.equal(routed.reservations.nodes.length, 1);
  assert.equal(routed.reservations.nodes[0].reservationStatus, 'PENDING');
  assert.ok(routed.reservations.nodes[0].worker.attributes.skills.includes('billing'), 'routed to a worker of the Billing queue');
});

test('Conversations: create, post a message, update and delete a conversation', async () => {
  const conversation = dataOf(await h.query(`mutation { createConversation(input: { friendlyName: "Refund follow-up", uniqueName: "refund-followup" }) { sid friendlyName } }`)).createConversation;
  const message = dataOf(
    await h.query(`mutation($c: String!) { createConversationMessage(conversationSid: $c, input: { author: "alice", body: "Hello from the graph" }) { index body } }`, { c: conversation.sid }),
  ).createConversationMessage;
  assert.deepEqual(message, { index: 0, body: 'Hello from the graph' });
  dataOf(await h.query(`mutation($c: String!) { updateConversation(sid: $c, input: { friendlyName: "Refund done", state: CLOSED }) { sid } }`, { c: conversation.sid }));
  const seen = dataOf(await h.query(`query($c: String!) { conversation(sid: $c) { friendlyName state messages { nodes { body } } } }`, { c: conversation.sid })).conversation;
  assert.deepEqual(seen, { friendlyName: 'Refund done', state: 'CLOSED', messages: { nodes: [{ body: 'Hello from the graph' }] } });
  assert.equal(dataOf(await h.query(`mutation($c: String!) { deleteConversation(sid: $c) }`, { c: conversation.sid })).deleteConversation, true);
  assert.equal((await h.query(`query($c: String!) { conversation(sid: $c) { sid } }`, { c: conversation.sid })).data?.conversation, null);
});

test('2010 API: send a message, and create, update, delete a call queue', async () => {
  const sent = dataOf(await h.query(`mutation { createMessage(input: { to: "+15551239999", from: "+15005550006", body: "Graph says hi" }) { sid status direction } }`)).createMessage;
  assert.match(sent.sid, /^SM[0-9a-f]{32}$/);
  assert.equal(sent.direction, 'OUTBOUND_API');
  const listed = dataOf(await h.query(`{ messages(to: "+15551239999") { nodes { sid body } } }`)).messages.nodes;
  assert.deepEqual(listed, [{ sid: sent.sid, body: 'Graph says hi' }]);
  const queue = dataOf(await h.query(`mutation { createCallQueue(input: { friendlyName: "Overflow", maxSize: 10 }) { sid maxSize } }`)).createCallQueue;
  assert.equal(queue.maxSize, 10);
  dataOf(await h.query(`mutation($q: ID!) { updateCallQueue(sid: $q, input: { maxSize: 25 }) { sid } }`, { q: queue.sid }));
  assert.equal(dataOf(await h.query(`query($q: ID!) { callQueue(sid: $q) { maxSize friendlyName } }`, { q: queue.sid })).callQueue.maxSize, 25);
  assert.equal(dataOf(await h.query(`mutation($q: ID!) { deleteCallQueue(sid: $q) }`, { q: queue.sid })).deleteCallQueue, true);
  assert.equal((await h.query(`query($q: ID!) { callQueue(sid: $q) { sid } }`, { q: queue.sid })).data?.callQueue, null);
});

test('Flex: create, update and delete a Flex flow; create an interaction and read its channels', async () => {
  const { conversationServices } = dataOf(await h.query(`{ conversationServices { nodes { sid } } }`));
  const chatServiceSid = conversationServices.nodes[0].sid;
  const flow = dataOf(await h.query(`mutation($s: ID!) { createFlexFlow(input: { friendlyName: "Graph Chat", chatServiceSid: $s, channelType: WEB }) { sid channelType } }`, { s: chatServiceSid })).createFlexFlow;
  assert.equal(flow.channelType, 'WEB');
  dataOf(await h.query(`mutation($f: ID!) { updateFlexFlow(sid: $f, input: { friendlyName: "Graph Chat 2" }) { sid } }`, { f: flow.sid }));
  assert.equal(dataOf(await h.query(`query($f: ID!) { flexFlow(sid: $f) { friendlyName } }`, { f: flow.sid })).flexFlow.friendlyName, 'Graph Chat 2');
  assert.equal(dataOf(await h.query(`mutation($f: ID!) { deleteFlexFlow(sid: $f) }`, { f: flow.sid })).deleteFlexFlow, true);
  const interaction = dataOf(
    await h.query(`mutation { createInteraction(input: { channel: { type: "sms", initiated_by: "customer", properties: { media_channel_sid: "CH00000000000000000000000000000000" } } }) { sid channels { nodes { sid type } } } }`),
  ).createInteraction;
  assert.match(interaction.sid, /^KD[0-9a-f]{32}$/);
  const again = dataOf(await h.query(`query($i: ID!) { interaction(sid: $i) { sid channels { nodes { sid } } } }`, { i: interaction.sid })).interaction;
  assert.equal(again.sid, interaction.sid);
  assert.deepEqual(again.channels.nodes.map((c: any) => c.sid), interaction.channels.nodes.map((c: any) => c.sid));
});

test('Verify: create a service, start and check a verification, delete the service', async () => {
  const service = dataOf(await h.query(`mutation { createVerifyService(input: { friendlyName: "Graph Verify", codeLength: 6 }) { sid codeLength } }`)).createVerifyService;
  const started = dataOf(await h.query(`mutation($s: ID!) { startVerification(serviceSid: $s, input: { to: "+15551234567", channel: "sms" }) { sid status } }`, { s: service.sid })).startVerification;
  assert.equal(started.status, 'pending');
  const codes = (await (await fetch(`${h.emulator.url}/__emulator/verify/codes?to=%2B15551234567`)).json()) as any;
  const code = (Array.isArray(codes) ? codes : codes.codes)[0].code;
  const checked = dataOf(await h.query(`mutation($s: ID!, $c: String!) { checkVerification(serviceSid: $s, input: { to: "+15551234567", code: $c }) { status valid } }`, { s: service.sid, c: code })).checkVerification;
  assert.deepEqual(checked, { status: 'approved', valid: true });
  assert.equal(dataOf(await h.query(`mutation($s: ID!) { deleteVerifyService(sid: $s) }`, { s: service.sid })).deleteVerifyService, true);
});

test('Video: create a room and complete it', async () => {
  const room = dataOf(await h.query(`mutation { createRoom(input: { uniqueName: "graph-room" }) { sid status } }`)).createRoom;
  assert.equal(room.status, 'IN_PROGRESS');
  dataOf(await h.query(`mutation($r: String!) { updateRoom(sid: $r, input: { status: COMPLETED }) { sid } }`, { r: room.sid }));
  assert.equal(dataOf(await h.query(`query($r: String!) { room(sid: $r) { status } }`, { r: room.sid })).room.status, 'COMPLETED');
});

test('Messaging, Accounts and Voice: create, update and delete', async () => {
  const service = dataOf(await h.query(`mutation { createMessagingService(input: { friendlyName: "Graph Notices" }) { sid } }`)).createMessagingService;
  dataOf(await h.query(`mutation($s: ID!) { updateMessagingService(sid: $s, input: { friendlyName: "Graph Alerts" }) { sid } }`, { s: service.sid }));
  assert.equal(dataOf(await h.query(`query($s: ID!) { messagingService(sid: $s) { friendlyName } }`, { s: service.sid })).messagingService.friendlyName, 'Graph Alerts');
  assert.equal(dataOf(await h.query(`mutation($s: ID!) { deleteMessagingService(sid: $s) }`, { s: service.sid })).deleteMessagingService, true);

  const key = dataOf(await h.query(`mutation { createCredentialPublicKey(input: { publicKey: "-----BEGIN PUBLIC KEY-----MIIB-----END PUBLIC KEY-----", friendlyName: "ci" }) { sid friendlyName } }`)).createCredentialPublicKey;
  dataOf(await h.query(`mutation($k: ID!) { updateCredentialPublicKey(sid: $k, input: { friendlyName: "ci-2" }) { sid } }`, { k: key.sid }));
  assert.equal(dataOf(await h.query(`query($k: ID!) { credentialPublicKey(sid: $k) { friendlyName } }`, { k: key.sid })).credentialPublicKey.friendlyName, 'ci-2');
  assert.equal(dataOf(await h.query(`mutation($k: ID!) { deleteCredentialPublicKey(sid: $k) }`, { k: key.sid })).deleteCredentialPublicKey, true);

  const trunk = dataOf(await h.query(`mutation { createByocTrunk(input: { friendlyName: "Graph Trunk" }) { sid friendlyName } }`)).createByocTrunk;
  dataOf(await h.query(`mutation($t: ID!) { updateByocTrunk(sid: $t, input: { friendlyName: "Graph Trunk 2" }) { sid } }`, { t: trunk.sid }));
  assert.equal(dataOf(await h.query(`query($t: ID!) { byocTrunk(sid: $t) { friendlyName } }`, { t: trunk.sid })).byocTrunk.friendlyName, 'Graph Trunk 2');
  assert.equal(dataOf(await h.query(`mutation($t: ID!) { deleteByocTrunk(sid: $t) }`, { t: trunk.sid })).deleteByocTrunk, true);
  assert.equal(dataOf(await h.query(`{ byocTrunks { nodes { sid } } }`)).byocTrunks.nodes.length, 0);
});
