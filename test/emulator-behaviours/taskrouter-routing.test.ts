/**
 * TaskRouter routing over HTTP beyond the basic cycle: waiting tasks routed again (attributes,
 * ReEvaluateTasks) and offered again (worker attributes, TargetWorkers, Worker Channels), channel
 * availability and capacity, the reservation events of both completion paths, a task's live age,
 * names that follow what they name, and deletions that would leave references dangling.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './helpers.js';

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

});
