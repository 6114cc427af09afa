/**
 * TaskRouter routing over HTTP beyond the basic cycle: waiting tasks routed again (attributes,
 * ReEvaluateTasks) and offered again (worker attributes, TargetWorkers, Worker Channels), channel
 * availability and capacity, the reservation events of both completion paths, a task's live age,
 * names that follow what they name, and deletions that would leave references dangling.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startReceiver, startTestEmulator, type Receiver, type TestEmulator } from './helpers.js';

describe('TaskRouter routing', () => {
  let t: TestEmulator;
  let W: string;
  let available: string;
  let busy: string;

  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.close();
  });

  /** A workspace with an Available and a Busy activity. */
  async function workspace(params: Record<string, string> = {}): Promise<void> {
    W = `/taskrouter/v1/Workspaces/${(await t.post('/taskrouter/v1/Workspaces', { FriendlyName: 'Routing', ...params })).body.sid}`;
    available = (await t.get(`${W}/Activities`)).activities.find((a: any) => a.friendly_name === 'Available').sid;
    busy = (await t.post(`${W}/Activities`, { FriendlyName: 'Busy', Available: 'false' })).body.sid;
  }
  const queue = async (name: string, targetWorkers: string): Promise<string> =>
    (await t.post(`${W}/TaskQueues`, { FriendlyName: name, TargetWorkers: targetWorkers })).body.sid;
  const workflow = async (configuration: object): Promise<string> =>
    (await t.post(`${W}/Workflows`, { FriendlyName: `wf-${Math.random()}`, Configuration: JSON.stringify({ task_routing: configuration }) })).body.sid;
  const worker = async (name: string, attributes: object = {}, activity = available): Promise<string> =>
    (await t.post(`${W}/Workers`, { FriendlyName: name, ActivitySid: activity, Attributes: JSON.stringify(attributes) })).body.sid;
  const task = async (params: Record<string, string>): Promise<string> => (await t.post(`${W}/Tasks`, params)).body.sid;
  const get = (path: string): Promise<Record<string, any>> => t.get(`${W}${path}`);
  const offers = async (taskSid: string): Promise<Array<[string, string]>> =>
    (await get(`/Tasks/${taskSid}/Reservations`)).reservations.map((r: any) => [r.worker_sid, r.reservation_status]);
  const eventTypes = async (): Promise<string[]> => (await get('/Events?PageSize=1000')).events.map((e: any) => e.event_type);

  test("a waiting task is routed again when its attributes change or its workflow re-evaluates", async () => {
    await workspace();
    const sales = await queue('Sales', 'skills HAS "sales"');
    const support = await queue('Support', 'skills HAS "support"');
    const wf = await workflow({ filters: [{ filter_friendly_name: 'sales', expression: 'type == "sales"', targets: [{ queue: sales }] }], default_filter: { queue: support } });
    const ann = await worker('Ann', { skills: ['sales'] }, busy);

    const T = await task({ WorkflowSid: wf, Attributes: '{"type":"support"}' });
    assert.equal((await get(`/Tasks/${T}`)).task_queue_sid, support);
    const updated = (await t.post(`${W}/Tasks/${T}`, { Attributes: '{"type":"sales"}' })).body;
    assert.deepEqual([updated.task_queue_sid, updated.task_queue_friendly_name, updated.assignment_status], [sales, 'Sales', 'pending']);
    assert.ok((await eventTypes()).includes('task-queue.moved'));
    // Ann, now available, gets the task in its new queue.
    await t.post(`${W}/Workers/${ann}`, { ActivitySid: available });
    assert.deepEqual(await offers(T), [[ann, 'pending']]);

    // A workflow's new configuration reaches waiting tasks only with ReEvaluateTasks.
    const U = await task({ WorkflowSid: wf, Attributes: '{"type":"other"}' });
    assert.equal((await get(`/Tasks/${U}`)).task_queue_sid, support);
    const everythingToSales = JSON.stringify({ task_routing: { default_filter: { queue: sales } } });
    await t.post(`${W}/Workflows/${wf}`, { Configuration: everythingToSales });
    assert.equal((await get(`/Tasks/${U}`)).task_queue_sid, support, 'not re-evaluated');
    await t.post(`${W}/Workflows/${wf}`, { Configuration: everythingToSales, ReEvaluateTasks: 'true' });
    assert.equal((await get(`/Tasks/${U}`)).task_queue_sid, sales);

    // A task created in a queue of its own choosing stays there.
    const pinned = await task({ TaskQueueSid: support, Attributes: '{"type":"support"}' });
    await t.post(`${W}/Tasks/${pinned}`, { Attributes: '{"type":"sales"}' });
    assert.equal((await get(`/Tasks/${pinned}`)).task_queue_sid, support);
  });

  test('a waiting task is offered again when a worker gains a skill or a queue widens its TargetWorkers', async () => {
    await workspace();
    const q = await queue('Billing', 'skills HAS "billing"');
    const wf = await workflow({ default_filter: { queue: q } });
    const ann = await worker('Ann', { skills: [] });
    const T = await task({ WorkflowSid: wf, Attributes: '{}' });
    assert.deepEqual(await offers(T), []);
    await t.post(`${W}/Workers/${ann}`, { Attributes: '{"skills":["billing"]}' });
    assert.deepEqual(await offers(T), [[ann, 'pending']]);

    const bob = await worker('Bob', { skills: [] });
    const U = await task({ WorkflowSid: wf, Attributes: '{}' });
    assert.deepEqual(await offers(U), [], 'Ann holds a task (voice… default channel, capacity 1), Bob lacks the skill');
    await t.post(`${W}/TaskQueues/${q}`, { TargetWorkers: '1==1' });
    assert.deepEqual(await offers(U), [[bob, 'pending']]);
  });

  test("routing respects the worker's channel: availability, and capacity per channel when multitasking", async () => {
    await workspace();
    const q = await queue('All', '1==1');
    const wf = await workflow({ default_filter: { queue: q } });
    const ann = await worker('Ann');
    const channels = (await get(`/Workers/${ann}/Channels`)).channels;
    const channel = (name: string): string => channels.find((c: any) => c.task_channel_unique_name === name).sid;

    await t.post(`${W}/Workers/${ann}/Channels/${channel('voice')}`, { Available: 'false' });
    const call = await task({ WorkflowSid: wf, Attributes: '{}', TaskChannel: 'voice' });
    assert.deepEqual(await offers(call), [], 'her voice channel is off');
    const chat1 = await task({ WorkflowSid: wf, Attributes: '{}', TaskChannel: 'chat' });
    assert.deepEqual(await offers(chat1), [[ann, 'pending']]);
    const chat2 = await task({ WorkflowSid: wf, Attributes: '{}', TaskChannel: 'chat' });
    assert.deepEqual(await offers(chat2), [], 'chat capacity 1 is taken');

    // More chat capacity: the waiting chat is offered at once; the voice channel back on: the call too.
    await t.post(`${W}/Workers/${ann}/Channels/${channel('chat')}`, { Capacity: '3' });
    assert.deepEqual(await offers(chat2), [[ann, 'pending']]);
    await t.post(`${W}/Workers/${ann}/Channels/${channel('voice')}`, { Available: 'true' });
    assert.deepEqual(await offers(call), [[ann, 'pending']]);
  });

  test('without multitasking a worker holds one task at a time, whatever the channel', async () => {
    await workspace({ MultiTaskEnabled: 'false' });
    const q = await queue('All', '1==1');
    const wf = await workflow({ default_filter: { queue: q } });
    const ann = await worker('Ann');
    const first = await task({ WorkflowSid: wf, Attributes: '{}', TaskChannel: 'voice' });
    const second = await task({ WorkflowSid: wf, Attributes: '{}', TaskChannel: 'chat' });
    assert.deepEqual(await offers(first), [[ann, 'pending']]);
    assert.deepEqual(await offers(second), []);
    await t.post(`${W}/Tasks/${first}`, { AssignmentStatus: 'canceled' });
    assert.deepEqual(await offers(second), [[ann, 'pending']]);
  });

  describe('reservation events', () => {
    let receiver: Receiver;
    beforeEach(async () => {
      receiver = await startReceiver();
    });
    afterEach(async () => {
      await receiver.close();
    });

    for (const path of ['Reservation', 'Task'] as const) {
      test(`wrapping up and completing through the ${path} API emit reservation.wrapup and reservation.completed`, async () => {
        await workspace({ EventCallbackUrl: `${receiver.url}/events` });
        const q = await queue('All', '1==1');
        const wf = await workflow({ default_filter: { queue: q } });
        await worker('Ann');
        const T = await task({ WorkflowSid: wf, Attributes: '{}' });
        const [offered] = (await get(`/Tasks/${T}/Reservations`)).reservations;
        const R = `${W}/Tasks/${T}/Reservations/${offered.sid}`;
        await t.post(R, { ReservationStatus: 'accepted' });
        if (path === 'Reservation') {
          await t.post(R, { ReservationStatus: 'wrapping' });
          await t.post(R, { ReservationStatus: 'completed' });
        } else {
          await t.post(`${W}/Tasks/${T}`, { AssignmentStatus: 'wrapping' });
          await t.post(`${W}/Tasks/${T}`, { AssignmentStatus: 'completed' });
        }
        const expected = ['reservation.accepted', 'reservation.wrapup', 'task.wrapup', 'reservation.completed', 'task.completed'];
        const recorded = (await eventTypes()).filter((type) => expected.includes(type));
        assert.deepEqual(recorded, expected);
        const events = await get('/Events?PageSize=1000&EventType=reservation.wrapup');
        assert.equal(events.events[0].event_data.reservation_sid, offered.sid);
        // The callbacks say the same, in the same order.
        const hooks = await receiver.waitFor((h) => h.some((x) => x.params.EventType === 'task.completed'));
        assert.deepEqual(hooks.map((h) => h.params.EventType).filter((type) => expected.includes(type ?? '')), expected);
      });
    }
  });

  test("a task's age counts from its creation at every read, in lists too", async (ctx) => {
    await workspace();
    const T = await task({ Attributes: '{}' });
    const created = Date.parse((await get(`/Tasks/${T}`)).date_created);
    ctx.mock.timers.enable({ apis: ['Date'], now: created + 500 });
    assert.equal((await get(`/Tasks/${T}`)).age, 0);
    ctx.mock.timers.tick(90_000);
    assert.equal((await get(`/Tasks/${T}`)).age, 90);
    assert.equal((await get('/Tasks')).tasks[0].age, 90);
    ctx.mock.timers.tick(30_000);
    assert.equal((await get('/Tasks')).tasks[0].age, 120, 'a list read is not served stale');
    await t.post(`${W}/Tasks/${T}`, { AssignmentStatus: 'canceled' });
    const canceled = (await get('/Events?PageSize=100&EventType=task.canceled')).events[0];
    assert.equal(canceled.event_data.task_age, '120');
  });

  test('names follow what they name: default and timeout activities, renamed activities, queue activities', async () => {
    await workspace();
    const ready = (await t.post(`${W}/Activities`, { FriendlyName: 'Ready', Available: 'true' })).body.sid;
    const ws = (await t.post(W, { DefaultActivitySid: ready, TimeoutActivitySid: busy })).body;
    assert.deepEqual([ws.default_activity_name, ws.timeout_activity_name], ['Ready', 'Busy']);

    const q = (await t.post(`${W}/TaskQueues`, { FriendlyName: 'q', AssignmentActivitySid: busy, ReservationActivitySid: ready })).body;
    assert.deepEqual([q.assignment_activity_name, q.reservation_activity_name], ['Busy', 'Ready']);

    const ann = await worker('Ann', {}, ready);
    await t.post(`${W}/Activities/${ready}`, { FriendlyName: 'Go' });
    assert.equal((await get(`/Workers/${ann}`)).activity_name, 'Go');
    assert.deepEqual((await get('/Workers?ActivityName=Go')).workers.map((w: any) => w.sid), [ann]);
    assert.deepEqual((await get('/Workers?ActivityName=Ready')).workers, []);
    assert.equal((await get('')).default_activity_name, 'Go');
    assert.equal((await get(`/TaskQueues/${q.sid}`)).reservation_activity_name, 'Go');
  });

  test("deleting the workspace's default activity, or a queue a workflow routes to, is refused", async () => {
    await workspace();
    const ws = await get('');
    const refusedActivity = await t.send('DELETE', `${W}/Activities/${ws.default_activity_sid}`);
    assert.equal(refusedActivity.status, 400);
    assert.match(refusedActivity.body.message, /DefaultActivitySid/);
    assert.equal((await get(`/Activities/${ws.default_activity_sid}`)).sid, ws.default_activity_sid, 'nothing deleted');

    const q = await queue('Routed', '1==1');
    const spare = await queue('Spare', '1==1');
    const wf = await workflow({ default_filter: { queue: q } });
    const refusedQueue = await t.send('DELETE', `${W}/TaskQueues/${q}`);
    assert.equal(refusedQueue.status, 400);
    assert.match(refusedQueue.body.message, /workflows route to it/);
    assert.equal((await get(`/TaskQueues/${q}`)).sid, q, 'nothing deleted');
    await t.post(`${W}/Workflows/${wf}`, { Configuration: JSON.stringify({ task_routing: { default_filter: { queue: spare } } }) });
    assert.equal((await t.send('DELETE', `${W}/TaskQueues/${q}`)).status, 204);
  });
});
