import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, WORKERS } from '../../src/emulator/seed/demo-data.js';
import { startTestEmulator } from './helpers.js';

test('the demo seed builds the promised contact center', async () => {
  const t = await startTestEmulator({ seed: 'demo' });
  try {
    const { accountSid } = t.emulator;
    const ws = (await t.get('/taskrouter/v1/Workspaces')).workspaces.find((w: any) => w.friendly_name === DEMO.workspace);
    assert.ok(ws, 'workspace');
    const W = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const activities = (await t.get(`${W}/Activities`)).activities.map((a: any) => a.friendly_name);
    for (const name of ['Available', 'Offline', 'Unavailable', 'Break', 'Busy', 'Wrap Up']) assert.ok(activities.includes(name), name);
    assert.equal(new Set(activities).size, activities.length, `no duplicate activities: ${activities.join(', ')}`);
    const channels = (await t.get(`${W}/TaskChannels`)).channels.map((c: any) => c.unique_name);
    for (const name of ['default', 'voice', 'chat', 'sms']) assert.ok(channels.includes(name), name);
    assert.equal(new Set(channels).size, channels.length, `no duplicate task channels: ${channels.join(', ')}`);
    assert.equal(ws.default_activity_name, 'Offline');
    const workers = (await t.get(`${W}/Workers?PageSize=50`)).workers;
    assert.equal(workers.length, WORKERS.length);
    assert.ok(workers.length >= 12);
    // Twilio leaves attributes out of list reads; each worker's own fetch has them.
    assert.ok(workers.every((w: any) => w.attributes === null));
    for (const w of workers) assert.ok(Array.isArray(JSON.parse((await t.get(`${W}/Workers/${w.sid}`)).attributes).skills));
    assert.equal((await t.get(`${W}/TaskQueues`)).task_queues.length, 4);
    assert.equal((await t.get(`${W}/Workflows`)).workflows[0].friendly_name, DEMO.workflow);

    const tasks = (await t.get(`${W}/Tasks?PageSize=50`)).tasks;
    const statuses = new Set(tasks.map((x: any) => x.assignment_status));
    for (const s of ['completed', 'assigned', 'wrapping', 'reserved', 'pending', 'canceled']) assert.ok(statuses.has(s), `a ${s} task`);
    const waiting = tasks.find((x: any) => x.assignment_status === 'pending');
    assert.equal(waiting.task_queue_friendly_name, 'Sales');
    assert.deepEqual((await t.get(`${W}/Tasks/${waiting.sid}/Reservations`)).reservations, [], 'nobody was free to reserve');
    const reservationStatuses = new Set<string>();
    for (const task of tasks) {
      for (const r of (await t.get(`${W}/Tasks/${task.sid}/Reservations`)).reservations) reservationStatuses.add(r.reservation_status);
    }
    for (const s of ['pending', 'accepted', 'wrapping', 'completed']) assert.ok(reservationStatuses.has(s), `a ${s} reservation`);

    const conversations = (await t.get('/conversations/v1/Conversations')).conversations;
    const order = conversations.find((c: any) => c.unique_name === 'order-1042');
    assert.ok(order);
    const messages = (await t.get(`/conversations/v1/Conversations/${order.sid}/Messages`)).messages;
    assert.deepEqual(messages.map((m: any) => m.index), [0, 1, 2, 3]);
    assert.equal((await t.get(`/conversations/v1/Conversations/${order.sid}/Participants`)).participants.length, 2);
    const service = (await t.get('/conversations/v1/Services')).services.find((s: any) => s.friendly_name === DEMO.conversationsService);
    assert.ok(service);
    assert.equal((await t.get(`/conversations/v1/Services/${service.sid}/Conversations`)).conversations.length, 1);

    const api = `/api/2010-04-01/Accounts/${accountSid}`;
    assert.equal((await t.get(`${api}/Messages.json`)).messages.length, 5);
    assert.equal((await t.get(`${api}/Calls.json`)).calls.length, 3);

    const verify = (await t.get('/verify/v2/Services')).services.find((s: any) => s.friendly_name === DEMO.verifyService);
    assert.equal(verify?.code_length, 6);

    const room = (await t.get('/video/v1/Rooms')).rooms.find((r: any) => r.unique_name === DEMO.videoRoom);
    assert.ok(room);
    const participants = (await t.get(`/video/v1/Rooms/${room.sid}/Participants`)).participants;
    assert.deepEqual(participants.map((p: any) => p.identity).sort(), ['alice', 'bob', 'carmen']);

    assert.ok((await t.get('/flex-api/v1/FlexFlows')).flex_flows.some((f: any) => f.friendly_name === DEMO.flexFlow));
    // Interactions have no list operation: their tasks name them.
    const fetchedTasks = await Promise.all(tasks.map((x: any) => t.get(`${W}/Tasks/${x.sid}`)));
    const interactionTasks = fetchedTasks.filter((x: any) => JSON.parse(x.attributes).flexInteractionSid);
    assert.equal(interactionTasks.length, 2);
    for (const task of interactionTasks) {
      const attributes = JSON.parse(task.attributes);
      const channels = (await t.get(`/flex-api/v1/Interactions/${attributes.flexInteractionSid}/Channels`)).channels;
      assert.deepEqual(channels.map((c: any) => c.sid), [attributes.flexInteractionChannelSid]);
      assert.equal(channels[0].status, 'active');
    }
    assert.equal((await t.get('/flex-api/v1/PluginService/Plugins')).plugins.length, 2);
    assert.equal((await t.get('/flex-api/v1/PluginService/Configurations')).configurations[0].name, DEMO.pluginConfiguration);
    assert.equal((await t.get('/flex-api/v1/PluginService/Releases')).releases.length, 1);
  } finally {
    await t.close();
  }
});
