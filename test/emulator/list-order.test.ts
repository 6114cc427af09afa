/**
 * List order parameters: Conversations messages (account and service flavour) honour
 * `Order=desc`, TaskRouter lists honour `Ordering=Field:asc|desc[,…]`, and next-page links walk
 * the list in that order without gaps or repeats, also when records change mid-walk.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support.js';

/** Follows next links from `first`; returns the items under `key`, in the order served. */
async function walk(t: TestEmulator, first: string, key: string, between?: (page: number) => Promise<void>): Promise<any[]> {
  const items: any[] = [];
  let url: string | null = first;
  for (let page = 0; url && page < 50; page++) {
    const res: { status: number; body: any } = await t.http('GET', url);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    items.push(...res.body[key]);
    url = res.body.meta.next_page_url;
    if (between) await between(page);
  }
  return items;
}

describe('list order', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(async () => {
    await t.close();
  });

  test('conversation messages: Order=desc is newest first, pages follow it; Order=asc and the default oldest first', async () => {
    const conversation = (await t.http('POST', '/conversations/v1/Conversations', { FriendlyName: 'order' })).body;
    const base = `/conversations/v1/Conversations/${conversation.sid}/Messages`;
    const bodies: string[] = [];
    for (let i = 0; i < 7; i++) {
      bodies.push(`m${i}`);
      assert.equal((await t.http('POST', base, { Body: `m${i}` })).status, 201);
    }
    const desc = await walk(t, `${base}?Order=desc&PageSize=3`, 'messages');
    assert.deepEqual(desc.map((m) => m.body), [...bodies].reverse());
    const asc = await walk(t, `${base}?Order=asc&PageSize=3`, 'messages');
    assert.deepEqual(asc.map((m) => m.body), bodies);
    assert.deepEqual((await walk(t, `${base}?PageSize=4`, 'messages')).map((m) => m.body), bodies);

    // The first page's next link keeps the order.
    const first = (await t.http('GET', `${base}?Order=desc&PageSize=2`)).body;
    assert.match(first.meta.next_page_url, /Order=desc/);

    // The SDK's `order` option reaches the same list.
    const viaSdk = await t.sdk.conversations.v1.conversations(conversation.sid).messages.list({ order: 'desc', limit: 3 });
    assert.deepEqual(viaSdk.map((m) => m.body), ['m6', 'm5', 'm4']);
  });

  test('service-scoped conversation messages honour Order=desc too', async () => {
    const service = (await t.http('POST', '/conversations/v1/Services', { FriendlyName: 'svc' })).body;
    const conversation = (await t.http('POST', `/conversations/v1/Services/${service.sid}/Conversations`, { FriendlyName: 'c' })).body;
    const base = `/conversations/v1/Services/${service.sid}/Conversations/${conversation.sid}/Messages`;
    for (const body of ['a', 'b', 'c']) assert.equal((await t.http('POST', base, { Body: body })).status, 201);
    assert.deepEqual((await walk(t, `${base}?Order=desc&PageSize=2`, 'messages')).map((m) => m.body), ['c', 'b', 'a']);
  });

  test('a page token still places its record after that record is deleted (Order=desc)', async () => {
    const conversation = (await t.http('POST', '/conversations/v1/Conversations', { FriendlyName: 'deletes' })).body;
    const base = `/conversations/v1/Conversations/${conversation.sid}/Messages`;
    const sids: string[] = [];
    for (let i = 0; i < 6; i++) sids.push((await t.http('POST', base, { Body: `m${i}` })).body.sid);
    const seen = await walk(t, `${base}?Order=desc&PageSize=2`, 'messages', async (page) => {
      // After the first page (m5, m4), delete m4: the token named it.
      if (page === 0) assert.equal((await t.http('DELETE', `${base}/${sids[4]}`)).status, 204);
    });
    assert.deepEqual(seen.map((m) => m.body), ['m5', 'm4', 'm3', 'm2', 'm1', 'm0']);
  });

  test('TaskRouter Ordering: by a field either way, comma-separated, pages in that order', async () => {
    const ws = (await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'ordering' })).body;
    const W = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const names = ['Carol', 'alan', 'Bea', 'Dan', 'Eve'];
    for (const name of names) assert.equal((await t.http('POST', `${W}/Workers`, { FriendlyName: name })).status, 201);

    const byCreationDesc = await walk(t, `${W}/Workers?Ordering=DateCreated:desc&PageSize=2`, 'workers');
    assert.deepEqual(byCreationDesc.map((w) => w.friendly_name), [...names].reverse());
    const byName = await walk(t, `${W}/Workers?Ordering=FriendlyName:asc&PageSize=2`, 'workers');
    assert.deepEqual(byName.map((w) => w.friendly_name), ['Bea', 'Carol', 'Dan', 'Eve', 'alan']);

    // Tasks by priority (descending), then oldest first among equal priorities.
    const priorities = [5, 10, 5, 0, 10];
    const tasks: string[] = [];
    for (const p of priorities) tasks.push((await t.http('POST', `${W}/Tasks`, { Priority: String(p), Attributes: '{}' })).body.sid);
    const ordered = await walk(t, `${W}/Tasks?Ordering=Priority:desc,DateCreated:asc&PageSize=2`, 'tasks');
    assert.deepEqual(ordered.map((x) => x.sid), [tasks[1], tasks[4], tasks[0], tasks[2], tasks[3]]);

    // A record changing its place mid-walk does not make the walk repeat or skip the others.
    const walked = await walk(t, `${W}/Tasks?Ordering=Priority:desc&PageSize=2`, 'tasks', async (page) => {
      if (page === 0) assert.equal((await t.http('POST', `${W}/Tasks/${tasks[3]}`, { Priority: '7' })).status, 200);
    });
    assert.deepEqual(walked.map((x) => x.sid), [tasks[1], tasks[4], tasks[3], tasks[0], tasks[2]]);

    const queues = ['Zeta', 'Alpha', 'Mid'];
    for (const q of queues) assert.equal((await t.http('POST', `${W}/TaskQueues`, { FriendlyName: q })).status, 201);
    const queueNames = (await t.http('GET', `${W}/TaskQueues?Ordering=FriendlyName:desc`)).body.task_queues.map((q: any) => q.friendly_name);
    assert.deepEqual(queueNames, ['Zeta', 'Mid', 'Alpha']);
  });

  test('an Ordering naming no field is a 400 naming the parameter', async () => {
    const ws = (await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'bad ordering' })).body;
    for (const ordering of ['Nonsense:asc', 'Priority:sideways', 'Priority:asc:x']) {
      const res = await t.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Tasks?Ordering=${encodeURIComponent(ordering)}`);
      assert.equal(res.status, 400, ordering);
      assert.match(res.body.message, /Ordering/);
    }
  });
});
