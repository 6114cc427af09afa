import { test } from 'node:test';
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { startReceiver, startTestEmulator } from './helpers.js';

test('TaskRouter routing cycle over HTTP, with signed event callbacks', async () => {
  const receiver = await startReceiver();
  const t = await startTestEmulator();
  try {
    const hookUrl = `${receiver.url}/taskrouter-events?ws=demo`;
    const ws = (await t.post('/taskrouter/v1/Workspaces', { FriendlyName: 'Cycle', EventCallbackUrl: hookUrl })).body;
    const W = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const available = (await t.post(`${W}/Activities`, { FriendlyName: 'Available', Available: 'true' })).body;
    const busy = (await t.post(`${W}/Activities`, { FriendlyName: 'Busy', Available: 'false' })).body;
    const support = (await t.post(`${W}/TaskQueues`, { FriendlyName: 'Support', TargetWorkers: `languages HAS "en"`, AssignmentActivitySid: busy.sid })).body;
    const spanish = (await t.post(`${W}/TaskQueues`, { FriendlyName: 'Spanish', TargetWorkers: `languages HAS "es"` })).body;
    const configuration = JSON.stringify({
      task_routing: {
        filters: [{ filter_friendly_name: 'es', expression: `language IN ['es']`, targets: [{ queue: spanish.sid }] }],
        default_filter: { queue: support.sid },
      },
    });
    const workflow = (await t.post(`${W}/Workflows`, { FriendlyName: 'Router', Configuration: configuration })).body;
    const ann = (await t.post(`${W}/Workers`, { FriendlyName: 'Ann', ActivitySid: available.sid, Attributes: '{"languages":["en"]}' })).body;
    assert.equal(ann.available, true);
    assert.equal(ann.activity_name, 'Available');

    // Create -> routed by the workflow to the Support queue, reserved for Ann.
    const created = await t.post(`${W}/Tasks`, { WorkflowSid: workflow.sid, Attributes: '{"type":"support","language":"en"}' });
    assert.equal(created.status, 201);
    assert.equal(created.body.assignment_status, 'reserved');
    assert.equal(created.body.task_queue_sid, support.sid);
    const task = created.body;
    const reservations = (await t.get(`${W}/Tasks/${task.sid}/Reservations`)).reservations;
    assert.equal(reservations.length, 1);
    assert.equal(reservations[0].reservation_status, 'pending');
    assert.equal(reservations[0].worker_sid, ann.sid);
    // The same reservation under the worker.
    const mine = (await t.get(`${W}/Workers/${ann.sid}/Reservations`)).reservations;
    assert.deepEqual(mine.map((r: any) => r.sid), [reservations[0].sid]);

    // Accept -> task assigned, Ann busy (the queue's assignment activity).
    const accepted = await t.post(`${W}/Tasks/${task.sid}/Reservations/${reservations[0].sid}`, { ReservationStatus: 'accepted' });
    assert.equal(accepted.body.reservation_status, 'accepted');
    assert.equal((await t.get(`${W}/Tasks/${task.sid}`)).assignment_status, 'assigned');
    const annBusy = await t.get(`${W}/Workers/${ann.sid}`);
    assert.equal(annBusy.activity_name, 'Busy');
    assert.equal(annBusy.available, false);
    assert.equal((await t.get(`${W}/Workers/${ann.sid}/Reservations/${reservations[0].sid}`)).reservation_status, 'accepted');

    // Complete -> task completed, reservation completed, Ann available again.
    const completed = await t.post(`${W}/Tasks/${task.sid}`, { AssignmentStatus: 'completed', Reason: 'resolved' });
    assert.equal(completed.body.assignment_status, 'completed');
    assert.equal((await t.get(`${W}/Tasks/${task.sid}/Reservations/${reservations[0].sid}`)).reservation_status, 'completed');
    const annFree = await t.get(`${W}/Workers/${ann.sid}`);
    assert.equal(annFree.activity_name, 'Available');
    assert.equal(annFree.available, true);

    // Events are recorded in the workspace…
    const types = (await t.get(`${W}/Events?PageSize=100`)).events.map((e: any) => e.event_type);
    for (const type of ['task.created', 'reservation.created', 'reservation.accepted', 'reservation.completed', 'task.completed', 'worker.activity.update']) {
      assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
    }
    // …and POSTed, signed, in order, to the workspace's EventCallbackUrl.
    const hooks = await receiver.waitFor((h) => h.some((x) => x.params.EventType === 'task.completed'));
    for (const hook of hooks) {
      assert.ok(twilio.validateRequest(t.emulator.authToken, hook.signature, hook.url, hook.params), `signature of ${hook.params.EventType}`);
      assert.equal(hook.params.AccountSid, t.emulator.accountSid);
      assert.equal(hook.params.WorkspaceSid, ws.sid);
      assert.equal(hook.params.WorkspaceName, 'Cycle');
      assert.ok(hook.params.EventDescription && hook.params.ResourceSid && hook.params.Timestamp);
    }
    const sequence = hooks.map((h) => h.params.EventType);
    const at = (type: string): number => sequence.indexOf(type);
    assert.ok(at('task.created') >= 0 && at('task.created') < at('reservation.created'));
    assert.ok(at('reservation.created') < at('reservation.accepted'));
    assert.ok(at('reservation.accepted') < at('task.completed'));
    const createdHook = hooks.find((h) => h.params.EventType === 'reservation.created')!;
    assert.equal(createdHook.params.ResourceType, 'Reservation');
    assert.equal(createdHook.params.TaskSid, task.sid);
    assert.equal(createdHook.params.WorkerSid, ann.sid);
  } finally {
    await t.close();
    await receiver.close();
  }
});

test('a rejected reservation moves on to the next worker; a Spanish task goes to the Spanish queue', async () => {
  const t = await startTestEmulator();
  try {
    const ws = (await t.post('/taskrouter/v1/Workspaces', { FriendlyName: 'Reject' })).body;
    const W = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const available = (await t.post(`${W}/Activities`, { FriendlyName: 'Available', Available: 'true' })).body;
    const queue = (await t.post(`${W}/TaskQueues`, { FriendlyName: 'All', TargetWorkers: '1==1' })).body;
    const spanish = (await t.post(`${W}/TaskQueues`, { FriendlyName: 'Spanish', TargetWorkers: `languages HAS "es"` })).body;
    const configuration = JSON.stringify({
      task_routing: { filters: [{ expression: `language == "es"`, targets: [{ queue: spanish.sid }] }], default_filter: { queue: queue.sid } },
    });
    // The only workflow of the workspace routes tasks that name none.
    await t.post(`${W}/Workflows`, { FriendlyName: 'Only', Configuration: configuration });
    const first = (await t.post(`${W}/Workers`, { FriendlyName: 'First', ActivitySid: available.sid, Attributes: '{"languages":["en"]}' })).body;
    const second = (await t.post(`${W}/Workers`, { FriendlyName: 'Second', ActivitySid: available.sid, Attributes: '{"languages":["en","es"]}' })).body;

    const task = (await t.post(`${W}/Tasks`, { Attributes: '{"language":"en"}' })).body;
    assert.equal(task.assignment_status, 'reserved');
    const [offered] = (await t.get(`${W}/Tasks/${task.sid}/Reservations`)).reservations;
    const rejected = await t.post(`${W}/Workers/${offered.worker_sid}/Reservations/${offered.sid}`, { ReservationStatus: 'rejected' });
    assert.equal(rejected.body.reservation_status, 'rejected');
    const after = (await t.get(`${W}/Tasks/${task.sid}/Reservations`)).reservations;
    assert.equal(after.length, 2);
    const next = after.find((r: any) => r.sid !== offered.sid);
    assert.equal(next.reservation_status, 'pending');
    assert.notEqual(next.worker_sid, offered.worker_sid);
    assert.equal((await t.get(`${W}/Tasks/${task.sid}`)).assignment_status, 'reserved');

    // Only Second speaks Spanish, and Second may be holding the first task: the Spanish task waits or goes to Second.
    const es = (await t.post(`${W}/Tasks`, { Attributes: '{"language":"es"}' })).body;
    assert.equal(es.task_queue_sid, spanish.sid);
    const esReservations = (await t.get(`${W}/Tasks/${es.sid}/Reservations`)).reservations;
    assert.ok(esReservations.every((r: any) => r.worker_sid === second.sid));
    assert.ok([first.sid, second.sid].includes(next.worker_sid));
  } finally {
    await t.close();
  }
});

test('a new workspace has TaskRouter default activities and task channels; new workers start Offline', async () => {
  const t = await startTestEmulator();
  try {
    const created = await t.post('/taskrouter/v1/Workspaces', { FriendlyName: 'Fresh' });
    assert.equal(created.status, 201);
    const ws = created.body;
    const W = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const activities = (await t.get(`${W}/Activities`)).activities;
    assert.deepEqual(
      activities.map((a: any) => [a.friendly_name, a.available]),
      [
        ['Offline', false],
        ['Available', true],
        ['Unavailable', false],
      ],
    );
    for (const a of activities) assert.match(a.sid, /^WA[0-9a-f]{32}$/);
    const offline = activities[0];
    assert.equal(ws.default_activity_sid, offline.sid);
    assert.equal(ws.default_activity_name, 'Offline');
    assert.equal(ws.timeout_activity_sid, offline.sid);
    assert.equal(ws.timeout_activity_name, 'Offline');
    const channels = (await t.get(`${W}/TaskChannels`)).channels;
    assert.deepEqual(channels.map((c: any) => c.unique_name), ['default', 'voice', 'chat', 'sms', 'video', 'email']);
    for (const c of channels) assert.match(c.sid, /^TC[0-9a-f]{32}$/);

    const worker = (await t.post(`${W}/Workers`, { FriendlyName: 'New hire' })).body;
    assert.equal(worker.activity_sid, offline.sid);
    assert.equal(worker.activity_name, 'Offline');
    assert.equal(worker.available, false);
    // A task on a default channel is described by it.
    const task = (await t.post(`${W}/Tasks`, { Attributes: '{}', TaskChannel: 'email' })).body;
    assert.equal(task.task_channel_unique_name, 'email');
    assert.equal(task.task_channel_sid, channels[5].sid);
  } finally {
    await t.close();
  }
});
