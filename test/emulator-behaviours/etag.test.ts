/**
 * Conditional updates: TaskRouter Tasks, Workers and Reservations answer with an `ETag` (their
 * revision); an `If-Match` naming another revision is refused with 412/20412 and changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestEmulator, type TestEmulator } from './helpers.js';

interface Answer {
  status: number;
  etag: string | null;
  body: any;
}

async function send(t: TestEmulator, method: string, path: string, params?: Record<string, string>, ifMatch?: string): Promise<Answer> {
  const res = await t.send(method, path, params, ifMatch !== undefined ? { 'if-match': ifMatch } : {});
  return { status: res.status, etag: res.headers.get('etag'), body: res.body };
}

function assertPreconditionFailed(answer: Answer): void {
  assert.equal(answer.status, 412);
  assert.equal(answer.body.code, 20412);
  assert.equal(answer.body.status, 412);
  assert.equal(answer.body.more_info, 'https://www.twilio.com/docs/errors/20412');
  assert.match(answer.body.message, /If-Match/);
}

test('Tasks: ETag on create, fetch and update; a stale If-Match changes nothing', async () => {
  const t = await startTestEmulator();
  try {
    const ws = (await t.post('/taskrouter/v1/Workspaces', { FriendlyName: 'Etags' })).body;
    const W = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const created = await send(t, 'POST', `${W}/Tasks`, { Attributes: '{"n":1}' });
    assert.equal(created.status, 201);
    assert.match(created.etag ?? '', /^\d+$/);
    const fetched = await send(t, 'GET', `${W}/Tasks/${created.body.sid}`);
    assert.equal(fetched.etag, created.etag);

    const updated = await send(t, 'POST', `${W}/Tasks/${created.body.sid}`, { Attributes: '{"n":2}' }, created.etag!);
    assert.equal(updated.status, 200);
    assert.equal(updated.body.attributes, '{"n":2}');
    assert.ok(Number(updated.etag) > Number(created.etag), 'the revision grows');

    // Someone else's update in between: the old ETag is stale now.
    const stale = await send(t, 'POST', `${W}/Tasks/${created.body.sid}`, { Attributes: '{"n":3}', Priority: '9' }, created.etag!);
    assertPreconditionFailed(stale);
    const after = await send(t, 'GET', `${W}/Tasks/${created.body.sid}`);
    assert.equal(after.body.attributes, '{"n":2}');
    assert.equal(after.body.priority, updated.body.priority);
    assert.equal(after.etag, updated.etag);

    // Quoted, weak and `*` forms match; without If-Match the update is unconditional.
    assert.equal((await send(t, 'POST', `${W}/Tasks/${created.body.sid}`, { Priority: '2' }, `"${after.etag}"`)).status, 200);
    const current = await send(t, 'GET', `${W}/Tasks/${created.body.sid}`);
    assert.equal((await send(t, 'POST', `${W}/Tasks/${created.body.sid}`, { Priority: '3' }, `W/"${current.etag}"`)).status, 200);
    assert.equal((await send(t, 'POST', `${W}/Tasks/${created.body.sid}`, { Priority: '4' }, '*')).status, 200);
    assert.equal((await send(t, 'POST', `${W}/Tasks/${created.body.sid}`, { Priority: '5' })).body.priority, 5);

    // Delete: stale refused (the task stays), current accepted.
    assertPreconditionFailed(await send(t, 'DELETE', `${W}/Tasks/${created.body.sid}`, undefined, current.etag!));
    const latest = await send(t, 'GET', `${W}/Tasks/${created.body.sid}`);
    assert.equal(latest.status, 200);
    assert.equal((await send(t, 'DELETE', `${W}/Tasks/${created.body.sid}`, undefined, latest.etag!)).status, 204);
    assert.equal((await send(t, 'GET', `${W}/Tasks/${created.body.sid}`)).status, 404);

    // Resources without If-Match in the spec carry no ETag and ignore the header.
    const queue = await send(t, 'POST', `${W}/TaskQueues`, { FriendlyName: 'Q' });
    assert.equal(queue.etag, null);
    assert.equal((await send(t, 'POST', `${W}/TaskQueues/${queue.body.sid}`, { FriendlyName: 'Q2' }, '12345')).status, 200);
  } finally {
    await t.close();
  }
});

test('Workers and Reservations: stale If-Match is refused on both reservation paths', async () => {
  const t = await startTestEmulator();
  try {
    const ws = (await t.post('/taskrouter/v1/Workspaces', { FriendlyName: 'Etag routing' })).body;
    const W = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const ready = (await t.post(`${W}/Activities`, { FriendlyName: 'Ready', Available: 'true' })).body;
    const queue = (await t.post(`${W}/TaskQueues`, { FriendlyName: 'All', TargetWorkers: '1==1' })).body;
    const configuration = JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } });
    const workflow = (await t.post(`${W}/Workflows`, { FriendlyName: 'Router', Configuration: configuration })).body;

    const worker = await send(t, 'POST', `${W}/Workers`, { FriendlyName: 'Ann', ActivitySid: ready.sid });
    assert.match(worker.etag ?? '', /^\d+$/);
    assertPreconditionFailed(await send(t, 'POST', `${W}/Workers/${worker.body.sid}`, { FriendlyName: 'Anne' }, String(Number(worker.etag) + 1)));
    const renamed = await send(t, 'POST', `${W}/Workers/${worker.body.sid}`, { FriendlyName: 'Anne' }, worker.etag!);
    assert.equal(renamed.body.friendly_name, 'Anne');

    const task = (await t.post(`${W}/Tasks`, { WorkflowSid: workflow.sid, Attributes: '{}' })).body;
    assert.equal(task.assignment_status, 'reserved');
    const R = `${W}/Tasks/${task.sid}/Reservations`;
    const reservation = await send(t, 'GET', `${R}/${(await t.get(R)).reservations[0].sid}`);
    assert.match(reservation.etag ?? '', /^\d+$/);
    const sid = reservation.body.sid;

    // The ETag read before the rename is stale: deleting with it fails and the worker stays.
    assertPreconditionFailed(await send(t, 'DELETE', `${W}/Workers/${worker.body.sid}`, undefined, worker.etag!));
    assert.equal((await send(t, 'GET', `${W}/Workers/${worker.body.sid}`)).status, 200);

    const wrong = String(Number(reservation.etag) + 7);
    assertPreconditionFailed(await send(t, 'POST', `${R}/${sid}`, { ReservationStatus: 'accepted' }, wrong));
    const viaWorker = `${W}/Workers/${worker.body.sid}/Reservations/${sid}`;
    assertPreconditionFailed(await send(t, 'POST', viaWorker, { ReservationStatus: 'accepted' }, wrong));
    assert.equal((await t.get(`${R}/${sid}`)).reservation_status, 'pending');
    assert.equal((await t.get(`${W}/Tasks/${task.sid}`)).assignment_status, 'reserved');

    const accepted = await send(t, 'POST', `${R}/${sid}`, { ReservationStatus: 'accepted' }, reservation.etag!);
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.reservation_status, 'accepted');
    assert.notEqual(accepted.etag, reservation.etag);
    assert.equal((await t.get(`${W}/Tasks/${task.sid}`)).assignment_status, 'assigned');
  } finally {
    await t.close();
  }
});
