/**
 * TaskRouter statistics computed from the current state: real-time figures of the workspace,
 * a queue, a workflow and the workers; cumulative counts from what happened in a window. A
 * scripted routing story gives known figures; every response is checked against the spec.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from '../emulator/support.js';

describe('TaskRouter statistics', () => {
  let t: TestEmulator;
  let W: string;
  const sid: Record<string, string> = {};
  const of = (name: string): string => sid[name]!;
  const get = async (path: string): Promise<any> => {
    const res = await t.http('GET', path);
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const post = async (path: string, params: Record<string, string>): Promise<any> => {
    const res = await t.http('POST', path, params);
    assert.ok(res.status < 300, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const pendingReservation = async (task: string): Promise<string> =>
    (await get(`${W}/Tasks/${of(task)}/Reservations?ReservationStatus=pending`)).reservations[0].sid;

  before(async () => {
    t = await startTestEmulator({ behaviours: true, behaviourOptions: { statusStepMs: 0 } });
    const ws = await post('/taskrouter/v1/Workspaces', { FriendlyName: 'Stats' });
    W = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const activities = (await get(`${W}/Activities`)).activities as any[];
    for (const a of activities) sid[a.friendly_name] = a.sid;
    sid.Busy = (await post(`${W}/Activities`, { FriendlyName: 'Busy', Available: 'false' })).sid;
    sid.Support = (await post(`${W}/TaskQueues`, { FriendlyName: 'Support', TargetWorkers: 'skills HAS "support"', AssignmentActivitySid: of('Busy') })).sid;
    sid.Sales = (await post(`${W}/TaskQueues`, { FriendlyName: 'Sales', TargetWorkers: 'skills HAS "sales"' })).sid;
    const configuration = {
      task_routing: {
        filters: [{ filter_friendly_name: 'sales', expression: 'type == "sales"', targets: [{ queue: of('Sales') }] }],
        default_filter: { queue: of('Support') },
      },
    };
    sid.Router = (await post(`${W}/Workflows`, { FriendlyName: 'Router', Configuration: JSON.stringify(configuration) })).sid;
    const worker = async (name: string, skill: string, activity: string): Promise<void> => {
      sid[name] = (await post(`${W}/Workers`, { FriendlyName: name, ActivitySid: of(activity), Attributes: JSON.stringify({ skills: [skill] }) })).sid;
    };
    await worker('Ann', 'support', 'Available');
    await worker('Ben', 'support', 'Offline');
    await worker('Cal', 'sales', 'Available');
    const task = async (name: string, type: string, channel = 'voice'): Promise<void> => {
      sid[name] = (await post(`${W}/Tasks`, { WorkflowSid: of('Router'), Attributes: JSON.stringify({ type }), TaskChannel: channel })).sid;
    };

    // T1: reserved for Ann, accepted (Ann busy). T2: waits (no one free). T3: Cal rejects it, it waits.
    // T4: canceled while waiting. T1 completes: Ann is free again and gets T2.
    await task('T1', 'support');
    await post(`${W}/Tasks/${of('T1')}/Reservations/${await pendingReservation('T1')}`, { ReservationStatus: 'accepted' });
    await task('T2', 'support');
    await task('T3', 'sales', 'chat');
    await post(`${W}/Tasks/${of('T3')}/Reservations/${await pendingReservation('T3')}`, { ReservationStatus: 'rejected' });
    await task('T4', 'support');
    await post(`${W}/Tasks/${of('T4')}`, { AssignmentStatus: 'canceled', Reason: 'hung up' });
    await post(`${W}/Tasks/${of('T1')}`, { AssignmentStatus: 'completed', Reason: 'done' });
    assert.equal((await get(`${W}/Tasks/${of('T2')}`)).assignment_status, 'reserved');
  });
  after(async () => {
    await t.close();
  });

  const status = (counts: Partial<Record<string, number>>) => ({ pending: 0, reserved: 0, assigned: 0, wrapping: 0, canceled: 0, completed: 0, ...counts });
  const workersIn = (stats: any[]): Record<string, number> => Object.fromEntries(stats.map((a) => [a.friendly_name, a.workers]));

  test('queue real-time statistics: its tasks by status, eligible and available workers, the longest waiting task', async () => {
    const support = await get(`${W}/TaskQueues/${of('Support')}/RealTimeStatistics`);
    assert.deepEqual(support.tasks_by_status, status({ reserved: 1, canceled: 1, completed: 1 }));
    assert.equal(support.total_tasks, 3);
    assert.equal(support.total_eligible_workers, 2);
    assert.equal(support.total_available_workers, 1);
    assert.equal(support.longest_task_waiting_sid, of('T2'));
    assert.equal(support.longest_relative_task_sid_in_queue, of('T2'));
    assert.equal(typeof support.longest_task_waiting_age, 'number');
    assert.deepEqual(support.tasks_by_priority, { '0': 1 });
    assert.deepEqual(workersIn(support.activity_statistics), { Offline: 1, Available: 1, Unavailable: 0, Busy: 0 });

    const sales = await get(`${W}/TaskQueues/${of('Sales')}/RealTimeStatistics`);
    assert.deepEqual(sales.tasks_by_status, status({ pending: 1 }));
    assert.equal(sales.longest_task_waiting_sid, of('T3'));
    assert.equal(sales.total_eligible_workers, 1);
  });

  test('workspace, workflow and workers real-time statistics; TaskChannel narrows the tasks', async () => {
    const ws = await get(`${W}/RealTimeStatistics`);
    assert.deepEqual(ws.tasks_by_status, status({ pending: 1, reserved: 1, canceled: 1, completed: 1 }));
    assert.equal(ws.total_tasks, 4);
    assert.equal(ws.total_workers, 3);
    assert.deepEqual(ws.tasks_by_priority, { '0': 2 });
    assert.equal(ws.longest_task_waiting_sid, of('T2'));
    assert.deepEqual(workersIn(ws.activity_statistics), { Offline: 1, Available: 2, Unavailable: 0, Busy: 0 });
    const chat = await get(`${W}/RealTimeStatistics?TaskChannel=chat`);
    assert.equal(chat.total_tasks, 1);
    assert.equal(chat.longest_task_waiting_sid, of('T3'));

    const workflow = await get(`${W}/Workflows/${of('Router')}/RealTimeStatistics`);
    assert.equal(workflow.total_tasks, 4);
    assert.equal(workflow.workflow_sid, of('Router'));

    const workers = await get(`${W}/Workers/RealTimeStatistics`);
    assert.equal(workers.total_workers, 3);
    assert.deepEqual(workersIn(workers.activity_statistics), { Offline: 1, Available: 2, Unavailable: 0, Busy: 0 });
  });

  test('cumulative statistics count what happened: tasks, reservations, waits; per queue, workflow and worker', async () => {
    const ws = await get(`${W}/CumulativeStatistics`);
    assert.equal(ws.tasks_created, 4);
    assert.equal(ws.tasks_completed, 1);
    assert.equal(ws.tasks_canceled, 1);
    assert.equal(ws.reservations_created, 3);
    assert.equal(ws.reservations_accepted, 1);
    assert.equal(ws.reservations_rejected, 1);
    assert.equal(ws.split_by_wait_time, null);
    for (const key of ['avg', 'min', 'max', 'total']) assert.equal(typeof ws.wait_duration_until_accepted[key], 'number');
    assert.ok(Date.parse(ws.end_time) - Date.parse(ws.start_time) === 15 * 60_000, 'the default window is 15 minutes');

    const queue = await get(`${W}/TaskQueues/${of('Support')}/CumulativeStatistics?SplitByWaitTime=3600`);
    assert.equal(queue.tasks_entered, 3);
    assert.equal(queue.reservations_created, 2);
    assert.equal(queue.reservations_accepted, 1);
    assert.equal(queue.tasks_canceled, 1);
    assert.deepEqual(queue.split_by_wait_time, {
      '3600': { above: { tasks_canceled: 0, reservations_accepted: 0 }, below: { tasks_canceled: 1, reservations_accepted: 1 } },
    });

    const workflow = await get(`${W}/Workflows/${of('Router')}/CumulativeStatistics`);
    assert.equal(workflow.tasks_entered, 4);
    assert.equal(workflow.reservations_created, 3);

    const workers = await get(`${W}/Workers/CumulativeStatistics`);
    assert.equal(workers.reservations_created, 3);
    assert.equal(workers.reservations_rejected, 1);
    const busy = workers.activity_durations.find((a: any) => a.sid === of('Busy'));
    assert.ok(busy && ['avg', 'min', 'max', 'total'].every((k) => typeof busy[k] === 'number'), JSON.stringify(workers.activity_durations));

    const cal = await get(`${W}/Workers/${of('Cal')}/Statistics`);
    assert.equal(cal.worker_sid, of('Cal'));
    assert.equal(cal.cumulative.reservations_created, 1);
    assert.equal(cal.cumulative.reservations_rejected, 1);
    assert.equal(cal.cumulative.reservations_accepted, 0);
  });

  test('a window before anything happened counts nothing; bad dates are a 400', async () => {
    const old = await get(`${W}/CumulativeStatistics?EndDate=2000-01-01T00:00:00Z`);
    assert.equal(old.tasks_created, 0);
    assert.equal(old.reservations_created, 0);
    assert.equal(old.start_time, '1999-12-31T23:45:00Z');
    assert.equal(old.end_time, '2000-01-01T00:00:00Z');
    const bad = await t.http('GET', `${W}/CumulativeStatistics?StartDate=yesterday`);
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /StartDate/);
  });

  test("the TaskQueues statistics list holds every queue's statistics; FriendlyName and the window apply", async () => {
    const list = (await get(`${W}/TaskQueues/Statistics`)).task_queues_statistics;
    assert.deepEqual(list.map((q: any) => q.task_queue_sid), [of('Support'), of('Sales')]);
    const support = list[0];
    const single = await get(`${W}/TaskQueues/${of('Support')}/Statistics`);
    assert.deepEqual(support.realtime, single.realtime);
    assert.equal(support.cumulative.tasks_entered, 3);
    assert.equal(support.workspace_sid, W.split('/').pop());
    assert.deepEqual((await get(`${W}/TaskQueues/Statistics?FriendlyName=Sales`)).task_queues_statistics.map((q: any) => q.task_queue_sid), [of('Sales')]);
    const old = (await get(`${W}/TaskQueues/Statistics?EndDate=2000-01-01T00:00:00Z`)).task_queues_statistics;
    assert.deepEqual(old.map((q: any) => q.cumulative.tasks_entered), [0, 0]);
    const paged = await get(`${W}/TaskQueues/Statistics?PageSize=1`);
    assert.deepEqual(paged.task_queues_statistics.map((q: any) => q.task_queue_sid), [of('Support')]);
    assert.deepEqual((await get(paged.meta.next_page_url)).task_queues_statistics.map((q: any) => q.task_queue_sid), [of('Sales')]);
  });

  test('bulk real-time statistics: the queues QueueSids names (every queue without it); nothing is stored', async () => {
    const bulk = `${W}/TaskQueues/RealTimeStatistics`;
    const json = { contentType: 'application/json' };
    const res = await t.http('POST', bulk, JSON.stringify({ QueueSids: [of('Sales'), of('Support')] }), json);
    assert.equal(res.status, 200, 'the spec answers it as a read');
    assert.equal(res.body.task_queue_response_count, 2);
    assert.deepEqual(res.body.task_queue_data.map((q: any) => q.task_queue_sid), [of('Sales'), of('Support')]);
    const support = await get(`${W}/TaskQueues/${of('Support')}/RealTimeStatistics`);
    const entry = res.body.task_queue_data[1];
    for (const key of ['total_tasks', 'total_available_workers', 'total_eligible_workers', 'tasks_by_status', 'longest_task_waiting_sid']) {
      assert.deepEqual(entry[key], support[key], key);
    }
    assert.equal((await t.http('POST', bulk, '{}', json)).body.task_queue_response_count, 2);
    const unknown = await t.http('POST', bulk, JSON.stringify({ QueueSids: ['WQ00000000000000000000000000000000'] }), json);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /QueueSids/);
    const collection = t.emu.engine.router.match('taskrouter', 'POST', bulk.replace('/taskrouter', '')).bound.collection;
    assert.deepEqual(t.emu.engine.store.all(collection), [], 'a read taken as a POST stores nothing');
  });

  test('Statistics resources carry both objects, with every field of the real-time and cumulative schemas', async () => {
    const queue = await get(`${W}/TaskQueues/${of('Support')}/Statistics`);
    assert.equal(queue.realtime.total_tasks, 3);
    assert.equal(queue.cumulative.tasks_entered, 3);
    assert.ok(!('url' in queue.realtime) && !('task_queue_sid' in queue.cumulative), 'nested objects carry figures only');
    const ws = await get(`${W}/Statistics`);
    assert.equal(ws.realtime.total_workers, 3);
    assert.equal(ws.cumulative.tasks_created, 4);
    const workflow = await get(`${W}/Workflows/${of('Router')}/Statistics`);
    assert.equal(workflow.realtime.total_tasks, 4);
    const support = await get(`${W}/Workers/Statistics?TaskQueueSid=${of('Support')}`);
    assert.equal(support.realtime.total_workers, 2);
    assert.equal(support.cumulative.reservations_created, 2);
    for (const body of [queue, ws, workflow, support]) {
      for (const part of [body.realtime, body.cumulative]) {
        for (const [key, value] of Object.entries(part)) {
          if (key !== 'split_by_wait_time' && key !== 'longest_task_waiting_sid' && key !== 'longest_relative_task_sid_in_queue') {
            assert.notEqual(value, null, `${key} has a value`);
          }
        }
      }
    }
    // Every success response of this file was checked against the spec's schema for its operation.
    assert.ok(t.validated() >= 20, `validated ${t.validated()} responses`);
  });
});
