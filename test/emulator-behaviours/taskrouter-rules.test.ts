/**
 * TaskRouter's rules over HTTP: the Task and Reservation state machines (a refused move is a 400
 * that changes nothing), deleting workers and activities that are in use, and Worker Channels.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './helpers.js';

describe('TaskRouter rules', () => {
  let t: TestEmulator;
  let W: string;
  let available: string;
  let offline: string;
  let workflow: string;

  beforeEach(async () => {
    await t?.close();
    t = await startTestEmulator();
    const ws = (await t.post('/taskrouter/v1/Workspaces', { FriendlyName: 'Rules' })).body;
    W = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const activities = (await t.get(`${W}/Activities`)).activities;
    available = activities.find((a: any) => a.friendly_name === 'Available').sid;
    offline = activities.find((a: any) => a.friendly_name === 'Offline').sid;
    const queue = (await t.post(`${W}/TaskQueues`, { FriendlyName: 'All', TargetWorkers: '1==1' })).body.sid;
    const configuration = JSON.stringify({ task_routing: { filters: [], default_filter: { queue } } });
    workflow = (await t.post(`${W}/Workflows`, { FriendlyName: 'Router', Configuration: configuration })).body.sid;
  });
  after(async () => {
    await t.close();
  });

  const worker = async (name: string, activity = available): Promise<string> =>
    (await t.post(`${W}/Workers`, { FriendlyName: name, ActivitySid: activity })).body.sid;
  const task = async (): Promise<string> => (await t.post(`${W}/Tasks`, { WorkflowSid: workflow, Attributes: '{}', TaskChannel: 'voice' })).body.sid;
  const reservations = async (taskSid: string): Promise<any[]> => (await t.get(`${W}/Tasks/${taskSid}/Reservations`)).reservations;
  const status = async (taskSid: string): Promise<string> => (await t.get(`${W}/Tasks/${taskSid}`)).assignment_status;

  /** A read without a task's `age`, which counts the seconds while the test runs. */
  const settled = async (path: string): Promise<unknown> => JSON.parse(JSON.stringify(await t.get(path), (key, value: unknown) => (key === 'age' ? undefined : value)));

  /** A refused update: 400 naming what was refused, and every record listed unchanged. */
  async function refused(path: string, params: Record<string, string>, mentions: RegExp, unchanged: string[]): Promise<void> {
    const before = await Promise.all(unchanged.map(settled));
    const res = await t.post(path, params);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, 20001);
    assert.match(res.body.message, mentions);
    assert.deepEqual(await Promise.all(unchanged.map(settled)), before, 'nothing stored');
  }

  test('a reservation moves only as TaskRouter allows', async () => {
    const ann = await worker('Ann');
    const T = await task();
    const [offered] = await reservations(T);
    const R = `${W}/Tasks/${T}/Reservations/${offered.sid}`;
    assert.equal((await t.post(R, { ReservationStatus: 'rejected' })).body.reservation_status, 'rejected');
    assert.equal(await status(T), 'pending', 'nobody else to offer it to');

    // Accepting a rejected reservation neither accepts it nor assigns the task.
    await refused(R, { ReservationStatus: 'accepted' }, /cannot move from rejected to accepted/, [R, `${W}/Tasks/${T}`, `${W}/Workers/${ann}/Reservations`]);

    // A second worker gets the task; the moves after acceptance are wrapping, then completed.
    const bob = await worker('Bob');
    const next = (await reservations(T)).find((r) => r.worker_sid === bob);
    const R2 = `${W}/Workers/${bob}/Reservations/${next.sid}`;
    assert.equal((await t.post(R2, { ReservationStatus: 'accepted' })).status, 200);
    assert.equal(await status(T), 'assigned');
    await refused(R2, { ReservationStatus: 'accepted' }, /from accepted to accepted/, [R2, `${W}/Tasks/${T}`]);
    await refused(R2, { ReservationStatus: 'rejected' }, /from accepted to rejected/, [R2, `${W}/Tasks/${T}`]);
    assert.equal((await t.post(R2, { ReservationStatus: 'wrapping' })).body.reservation_status, 'wrapping');
    assert.equal(await status(T), 'wrapping');
    assert.equal((await t.post(R2, { ReservationStatus: 'completed' })).body.reservation_status, 'completed');
    assert.equal(await status(T), 'completed');
    await refused(R2, { ReservationStatus: 'pending' }, /from completed to pending/, [R2, `${W}/Tasks/${T}`]);
  });

  test('a pending reservation that times out moves the worker to the timeout activity and the task on', async () => {
    const ann = await worker('Ann');
    const T = await task();
    const [offered] = await reservations(T);
    assert.equal((await t.post(`${W}/Tasks/${T}/Reservations/${offered.sid}`, { ReservationStatus: 'timeout' })).status, 200);
    assert.equal((await t.get(`${W}/Workers/${ann}`)).activity_sid, offline);
    assert.equal(await status(T), 'pending');
    const types = (await t.get(`${W}/Events?PageSize=100`)).events.map((e: any) => e.event_type);
    assert.ok(types.includes('reservation.timeout'));
  });

  test('a task update sets only canceled, wrapping or completed, each from where TaskRouter allows it', async () => {
    const pending = await task();
    const P = `${W}/Tasks/${pending}`;
    await refused(P, { AssignmentStatus: 'completed' }, /Cannot complete task .* because it is pending/, [P]);
    await refused(P, { AssignmentStatus: 'wrapping' }, /Cannot wrap up task .* because it is pending/, [P]);
    for (const set of ['assigned', 'reserved', 'pending']) await refused(P, { AssignmentStatus: set }, new RegExp(`AssignmentStatus '${set}'`), [P]);
    assert.equal((await t.post(P, { AssignmentStatus: 'canceled', Reason: 'test' })).body.assignment_status, 'canceled');
    await refused(P, { AssignmentStatus: 'canceled' }, /Cannot cancel task .* because it is canceled/, [P]);
    await refused(P, { AssignmentStatus: 'completed' }, /because it is canceled/, [P]);

    await worker('Ann');
    const assigned = await task();
    const [offered] = await reservations(assigned);
    await t.post(`${W}/Tasks/${assigned}/Reservations/${offered.sid}`, { ReservationStatus: 'accepted' });
    const A = `${W}/Tasks/${assigned}`;
    await refused(A, { AssignmentStatus: 'canceled' }, /Cannot cancel task .* because it is assigned, not pending or reserved/, [A]);
    assert.equal((await t.post(A, { AssignmentStatus: 'wrapping' })).body.assignment_status, 'wrapping');
    assert.equal((await t.get(`${A}/Reservations/${offered.sid}`)).reservation_status, 'wrapping');
    assert.equal((await t.post(A, { AssignmentStatus: 'completed' })).body.assignment_status, 'completed');
  });

  test('deleting a worker cancels its pending reservation and routes the task anew; one at work cannot be deleted', async () => {
    const ann = await worker('Ann');
    const T = await task();
    const [offered] = await reservations(T);
    assert.equal(offered.worker_sid, ann);
    const deleted = await t.send('DELETE', `${W}/Workers/${ann}`);
    assert.equal(deleted.status, 204);
    assert.equal((await t.get(`${W}/Tasks/${T}/Reservations/${offered.sid}`)).reservation_status, 'canceled');
    assert.equal(await status(T), 'pending', 'waiting for a worker again');

    const bob = await worker('Bob');
    assert.equal(await status(T), 'reserved');
    const mine = (await reservations(T)).find((r) => r.worker_sid === bob);
    await t.post(`${W}/Tasks/${T}/Reservations/${mine.sid}`, { ReservationStatus: 'accepted' });
    const before = await Promise.all([t.get(`${W}/Workers/${bob}`), t.get(`${W}/Workers/${bob}/Reservations`), t.get(`${W}/Workers/${bob}/Channels`)]);
    const refusedDelete = await t.send('DELETE', `${W}/Workers/${bob}`);
    assert.equal(refusedDelete.status, 400);
    assert.match(refusedDelete.body.message, new RegExp(`Worker ${bob} cannot be deleted while it works on task ${T}`));
    const after = await Promise.all([t.get(`${W}/Workers/${bob}`), t.get(`${W}/Workers/${bob}/Reservations`), t.get(`${W}/Workers/${bob}/Channels`)]);
    assert.deepEqual(after, before, 'the worker, its reservations and channels are all still there');
    assert.equal(await status(T), 'assigned');
  });

  test('an activity workers are in cannot be deleted', async () => {
    const ann = await worker('Ann');
    const res = await t.send('DELETE', `${W}/Activities/${available}`);
    assert.equal(res.status, 400);
    assert.match(res.body.message, /Ann/);
    assert.equal((await t.get(`${W}/Activities/${available}`)).sid, available);
    assert.equal((await t.get(`${W}/Workers/${ann}`)).activity_sid, available);
    const unused = (await t.post(`${W}/Activities`, { FriendlyName: 'Lunch', Available: 'false' })).body.sid;
    assert.equal((await t.send('DELETE', `${W}/Activities/${unused}`)).status, 204);
  });

  test('every worker has a channel per task channel, with capacity defaults and load', async () => {
    const taskChannels = (await t.get(`${W}/TaskChannels`)).channels;
    const ann = await worker('Ann');
    const channels = async (): Promise<any[]> => (await t.get(`${W}/Workers/${ann}/Channels`)).channels;
    const mine = await channels();
    assert.deepEqual(mine.map((c) => c.task_channel_unique_name), taskChannels.map((c: any) => c.unique_name));
    for (const c of mine) {
      assert.match(c.sid, /^WC[0-9a-f]{32}$/);
      assert.equal(c.worker_sid, ann);
      assert.deepEqual([c.configured_capacity, c.available, c.assigned_tasks, c.available_capacity_percentage], [1, true, 0, 100]);
    }

    // A voice task at work takes the voice channel's capacity, until it completes.
    const T = await task();
    const [offered] = await reservations(T);
    await t.post(`${W}/Tasks/${T}/Reservations/${offered.sid}`, { ReservationStatus: 'accepted' });
    const voice = (await channels()).find((c) => c.task_channel_unique_name === 'voice');
    assert.deepEqual([voice.assigned_tasks, voice.available_capacity_percentage], [1, 0]);
    await t.post(`${W}/Tasks/${T}`, { AssignmentStatus: 'completed' });
    const freed = (await channels()).find((c) => c.task_channel_unique_name === 'voice');
    assert.deepEqual([freed.assigned_tasks, freed.available_capacity_percentage], [0, 100]);
    assert.equal((await t.post(`${W}/Workers/${ann}/Channels/${voice.sid}`, { Capacity: '3' })).body.configured_capacity, 3);

    // A new task channel reaches every worker; deleting it takes their channels with it.
    const fax = (await t.post(`${W}/TaskChannels`, { FriendlyName: 'Fax', UniqueName: 'fax' })).body.sid;
    assert.ok((await channels()).some((c) => c.task_channel_sid === fax && c.configured_capacity === 1));
    assert.equal((await t.send('DELETE', `${W}/TaskChannels/${fax}`)).status, 204);
    assert.equal((await channels()).length, taskChannels.length);
  });
});
