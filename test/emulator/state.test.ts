/**
 * State semantics over raw HTTP: paging in both formats by following next links, list
 * filters, parents enforced, cascade delete, singletons, counters and persistence.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const RFC2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

describe('emulator state', () => {
  let t: TestEmulator;
  let api: string;
  before(async () => {
    t = await startTestEmulator();
    api = `/api/2010-04-01/Accounts/${t.emu.accountSid}`;
  });
  after(async () => {
    await t.close();
  });

  test('meta paging: 7 workers in pages of 3, following next_page_url', async () => {
    const ws = (await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'paging' })).body;
    for (let i = 0; i < 7; i++) {
      const r = await t.http('POST', `/taskrouter/v1/Workspaces/${ws.sid}/Workers`, { FriendlyName: `w${i}` });
      assert.equal(r.status, 201);
    }
    let url: string | null = `/taskrouter/v1/Workspaces/${ws.sid}/Workers?PageSize=3`;
    const names: string[] = [];
    const pages: number[] = [];
    while (url) {
      const page: { status: number; body: any } = await t.http('GET', url);
      assert.equal(page.status, 200);
      assert.equal(page.body.meta.key, 'workers');
      assert.equal(page.body.meta.page_size, 3);
      pages.push(page.body.meta.page);
      names.push(...page.body.workers.map((w: { friendly_name: string }) => w.friendly_name));
      if (page.body.meta.page > 0) assert.ok(page.body.meta.previous_page_url.startsWith(t.emu.url));
      url = page.body.meta.next_page_url;
      if (url) assert.ok(url.startsWith(`${t.emu.url}/taskrouter/v1/Workspaces/${ws.sid}/Workers?`));
    }
    assert.deepEqual(pages, [0, 1, 2]);
    assert.deepEqual(names, ['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6']);

    const first = await t.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Workers?PageSize=3`);
    const second = await t.http('GET', first.body.meta.next_page_url);
    const back = await t.http('GET', second.body.meta.previous_page_url);
    assert.deepEqual(
      back.body.workers.map((w: { sid: string }) => w.sid),
      first.body.workers.map((w: { sid: string }) => w.sid),
    );
    const defaults = await t.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Workers`);
    assert.equal(defaults.body.meta.page_size, 50);
    const bad = await t.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Workers?PageToken=nonsense`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 21481);
    // Page numbers beyond a 32-bit integer are refused rather than echoed as 1e20.
    const huge = await t.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Workers?Page=99999999999999999999`);
    assert.equal(huge.status, 400);
    assert.match(huge.body.message, /parameter Page/);
    const last = await t.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Workers?Page=2147483647`);
    assert.equal(last.status, 200);
    assert.equal(last.body.meta.page, 2147483647);
    assert.deepEqual(last.body.workers, []);
  });

  test('2010 paging: 7 messages newest first in pages of 2, following next_page_uri', async () => {
    for (let i = 0; i < 7; i++) {
      const r = await t.http('POST', `${api}/Messages.json`, { To: '+15550000100', From: '+15550000999', Body: `m${i}` });
      assert.equal(r.status, 201);
      assert.match(r.body.date_created, RFC2822);
    }
    let uri: string | null = `/2010-04-01/Accounts/${t.emu.accountSid}/Messages.json?To=%2B15550000100&PageSize=2`;
    const bodies: string[] = [];
    const previous: string[] = [];
    let pages = 0;
    while (uri) {
      const page: { status: number; body: any } = await t.http('GET', `/api${uri}`);
      assert.equal(page.status, 200);
      assert.equal(page.body.page, pages);
      assert.equal(page.body.page_size, 2);
      // `start` is the position in the list as it is now: one more after the late message.
      assert.equal(page.body.start, pages * 2 + (pages > 0 ? 1 : 0));
      assert.ok(page.body.uri.startsWith(`/2010-04-01/Accounts/${t.emu.accountSid}/Messages.json?`));
      assert.ok(page.body.first_page_uri.includes('Page=0'));
      bodies.push(...page.body.messages.map((m: { body: string }) => m.body));
      if (pages === 2) {
        const back = await t.http('GET', `/api${page.body.previous_page_uri}`);
        previous.push(...back.body.messages.map((m: { body: string }) => m.body));
      }
      // A message sent mid-walk goes to the front of the list; the tokens keep the walk on course.
      if (pages === 0) await t.http('POST', `${api}/Messages.json`, { To: '+15550000100', From: '+15550000999', Body: 'late' });
      uri = page.body.next_page_uri;
      pages++;
    }
    assert.equal(pages, 4);
    assert.deepEqual(bodies, ['m6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0']);
    assert.deepEqual(previous, ['m4', 'm3']);
    const fresh = await t.http('GET', `${api}/Messages.json?To=%2B15550000100&PageSize=3`);
    assert.deepEqual(fresh.body.messages.map((m: { body: string }) => m.body), ['late', 'm6', 'm5']);
  });

  test('v1/v2 lists stay oldest first while 2010 lists run newest first', async () => {
    const calls: string[] = [];
    for (const to of ['+15550000201', '+15550000202', '+15550000203']) {
      calls.push((await t.http('POST', `${api}/Calls.json`, { To: to, From: '+15550000999', Url: 'https://example.com/twiml' })).body.sid);
    }
    const listed = (await t.http('GET', `${api}/Calls.json?From=%2B15550000999`)).body.calls.map((c: { sid: string }) => c.sid);
    assert.deepEqual(listed, [...calls].reverse());
    const names = ['first', 'second', 'third'];
    for (const n of names) await t.http('POST', '/conversations/v1/Conversations', { FriendlyName: `order-${n}` });
    const conversations = (await t.http('GET', '/conversations/v1/Conversations?PageSize=100')).body.conversations
      .map((c: { friendly_name: string }) => c.friendly_name)
      .filter((n: string) => n.startsWith('order-'));
    assert.deepEqual(conversations, names.map((n) => `order-${n}`));
  });

  test('PageSize is capped at the spec maximum', async () => {
    const r = await t.http('GET', '/conversations/v1/Conversations?PageSize=1000');
    assert.equal(r.status, 200);
    assert.equal(r.body.meta.page_size, 100);
  });

  test('filters: Available, ActivityName, AssignmentStatus (repeated), Status, DateSent ranges', async () => {
    const ws = (await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'filters' })).body;
    const base = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const idle = (await t.http('POST', `${base}/Activities`, { FriendlyName: 'Idle', Available: 'true' })).body;
    assert.equal(idle.available, true);
    const w1 = (await t.http('POST', `${base}/Workers`, { FriendlyName: 'one' })).body;
    await t.http('POST', `${base}/Workers`, { FriendlyName: 'two' });
    t.emu.engine.store.patch(t.emu.engine.get(t.emu.accountSid, 'taskrouter', `/v1/Workspaces/${ws.sid}/Workers/${w1.sid}`)!, {
      activity_sid: idle.sid,
      activity_name: 'Idle',
      available: true,
    });
    for (const v of ['true', '1', 'yes']) {
      const r = await t.http('GET', `${base}/Workers?Available=${v}`);
      assert.deepEqual(r.body.workers.map((w: { friendly_name: string }) => w.friendly_name), ['one'], `Available=${v}`);
    }
    assert.deepEqual((await t.http('GET', `${base}/Workers?Available=false`)).body.workers.length, 1);
    assert.deepEqual((await t.http('GET', `${base}/Workers?ActivityName=Idle`)).body.workers.length, 1);
    assert.deepEqual((await t.http('GET', `${base}/Workers?ActivitySid=${idle.sid}`)).body.workers.length, 1);

    const t1 = (await t.http('POST', `${base}/Tasks`, { Attributes: '{}' })).body;
    const t2 = (await t.http('POST', `${base}/Tasks`, { Attributes: '{}' })).body;
    await t.http('POST', `${base}/Tasks`, { Attributes: '{}' });
    await t.http('POST', `${base}/Tasks/${t1.sid}`, { AssignmentStatus: 'canceled' });
    await t.http('POST', `${base}/Tasks/${t2.sid}`, { AssignmentStatus: 'completed' });
    const several = await t.http('GET', `${base}/Tasks?AssignmentStatus=canceled&AssignmentStatus=completed`);
    assert.deepEqual(several.body.tasks.map((x: { sid: string }) => x.sid).sort(), [t1.sid, t2.sid].sort());
    assert.ok(several.body.meta.url.includes('AssignmentStatus=canceled&AssignmentStatus=completed'));
    assert.equal((await t.http('GET', `${base}/Tasks?AssignmentStatus=pending`)).body.tasks.length, 1);

    const call = (await t.http('POST', `${api}/Calls.json`, { To: '+15550000200', From: '+15550000999', Url: 'https://example.com/x' })).body;
    await t.http('POST', `${api}/Calls/${call.sid}.json`, { Status: 'canceled' });
    assert.deepEqual((await t.http('GET', `${api}/Calls.json?Status=canceled`)).body.calls.map((c: { sid: string }) => c.sid), [call.sid]);

    const sent = (await t.http('POST', `${api}/Messages.json`, { To: '+15550000300', From: '+15550000999', Body: 'dated' })).body;
    const stored = t.emu.engine.get(t.emu.accountSid, 'api', `/2010-04-01/Accounts/${t.emu.accountSid}/Messages/${sent.sid}.json`)!;
    t.emu.engine.store.patch(stored, { date_sent: '2024-03-15T10:00:00Z' });
    const q = (s: string) => t.http('GET', `${api}/Messages.json?To=%2B15550000300&${s}`).then((r) => r.body.messages.length);
    assert.equal(await q('DateSent=2024-03-15'), 1);
    assert.equal(await q('DateSent=2024-03-16'), 0);
    assert.equal(await q('DateSent%3E=2024-03-15'), 1);
    assert.equal(await q('DateSent%3E=2024-03-16'), 0);
    assert.equal(await q('DateSent%3C=2024-03-14'), 0);
    assert.equal(await q('DateSent%3C=2024-03-15T10:00:00Z'), 1);
    const fetched = await t.http('GET', `${api}/Messages/${sent.sid}.json`);
    assert.equal(fetched.body.date_sent, 'Fri, 15 Mar 2024 10:00:00 +0000');
  });

  test('parents are enforced and children removed with their parent', async () => {
    const missing = await t.http('POST', `/taskrouter/v1/Workspaces/WS${'0'.repeat(32)}/Workers`, { FriendlyName: 'orphan' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 20404);

    const ws = (await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'cascade' })).body;
    const worker = (await t.http('POST', `/taskrouter/v1/Workspaces/${ws.sid}/Workers`, { FriendlyName: 'w' })).body;
    const task = (await t.http('POST', `/taskrouter/v1/Workspaces/${ws.sid}/Tasks`, { Attributes: '{}' })).body;
    const reservation = t.emu.engine.insert(t.emu.accountSid, 'taskrouter', `/v1/Workspaces/${ws.sid}/Tasks/${task.sid}/Reservations`, {
      worker_sid: worker.sid,
    });
    assert.match(reservation.id, /^WR[0-9a-f]{32}$/);
    const listed = await t.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Tasks/${task.sid}/Reservations`);
    assert.equal(listed.body.reservations.length, 1);
    assert.equal(listed.body.reservations[0].reservation_status, 'pending');

    assert.equal((await t.http('DELETE', `/taskrouter/v1/Workspaces/${ws.sid}`)).status, 204);
    assert.equal((await t.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Workers/${worker.sid}`)).status, 404);
    assert.equal((await t.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Tasks/${task.sid}`)).status, 404);
    assert.equal(t.emu.engine.store.find(t.emu.accountSid, 'taskrouter_v1:taskrouter.v1.workspace.task.task_reservation').length, 0);
    // Recreating under the deleted workspace fails too.
    assert.equal((await t.http('POST', `/taskrouter/v1/Workspaces/${ws.sid}/Workers`, { FriendlyName: 'late' })).status, 404);
  });

  test('records carry account, parent SIDs, dates and links in the API format', async () => {
    const conv = (await t.http('POST', '/conversations/v1/Conversations', { FriendlyName: 'c' })).body;
    assert.match(conv.date_created, ISO);
    const msg = (await t.http('POST', `/conversations/v1/Conversations/${conv.sid}/Messages`, { Body: 'x', Author: 'a' })).body;
    assert.equal(msg.conversation_sid, conv.sid);
    assert.equal(msg.account_sid, t.emu.accountSid);
    assert.equal(msg.url, `${t.emu.url}/conversations/v1/Conversations/${conv.sid}/Messages/${msg.sid}`);
    assert.equal(conv.links.messages, `${t.emu.url}/conversations/v1/Conversations/${conv.sid}/Messages`);

    const call = (await t.http('POST', `${api}/Calls.json`, { To: '+15550000400', From: '+15550000999', Url: 'https://example.com/x' })).body;
    assert.equal(call.uri, `/2010-04-01/Accounts/${t.emu.accountSid}/Calls/${call.sid}.json`);
    assert.equal(call.subresource_uris.recordings, `/2010-04-01/Accounts/${t.emu.accountSid}/Calls/${call.sid}/Recordings.json`);
    assert.match(call.date_updated, RFC2822);

    const before = (await t.http('GET', `/conversations/v1/Conversations/${conv.sid}`)).body;
    await new Promise((r) => setTimeout(r, 1100));
    const after = (await t.http('POST', `/conversations/v1/Conversations/${conv.sid}`, { FriendlyName: 'c2' })).body;
    assert.equal(after.date_created, before.date_created);
    assert.ok(Date.parse(after.date_updated) > Date.parse(before.date_updated));
  });

  test('singletons and statistics return a stored-or-default object', async () => {
    const ws = (await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'stats' })).body;
    const stats = await t.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Statistics`);
    assert.equal(stats.status, 200);
    assert.equal(stats.body.workspace_sid, ws.sid);
    assert.equal(stats.body.url, `${t.emu.url}/taskrouter/v1/Workspaces/${ws.sid}/Statistics`);
    assert.equal((await t.http('GET', `/taskrouter/v1/Workspaces/WS${'1'.repeat(32)}/Statistics`)).status, 404);

    const svc = (await t.http('POST', '/conversations/v1/Services', { FriendlyName: 's' })).body;
    const role = (await t.http('POST', `/conversations/v1/Services/${svc.sid}/Roles`, { FriendlyName: 'admin', Type: 'service', Permission: 'editAnyMessage' })).body;
    const cfg = await t.http('POST', `/conversations/v1/Services/${svc.sid}/Configuration`, { DefaultChatServiceRoleSid: role.sid });
    assert.equal(cfg.status, 200);
    assert.equal(cfg.body.chat_service_sid, svc.sid);
    const again = await t.http('GET', `/conversations/v1/Services/${svc.sid}/Configuration`);
    assert.equal(again.body.default_chat_service_role_sid, role.sid);
  });

  test('request counters by path template, and reset', async () => {
    await t.http('POST', '/__emulator/requests/reset');
    await t.http('GET', '/taskrouter/v1/Workspaces');
    await t.http('GET', '/taskrouter/v1/Workspaces');
    await t.http('GET', `/taskrouter/v1/Workspaces/WS${'3'.repeat(32)}`);
    const res = await fetch(`${t.emu.url}/__emulator/requests`);
    const counters = (await res.json()) as { total: number; byRoute: Record<string, number> };
    assert.equal(counters.total, 3);
    assert.equal(counters.byRoute['GET /taskrouter/v1/Workspaces'], 2);
    assert.equal(counters.byRoute['GET /taskrouter/v1/Workspaces/{Sid}'], 1);
  });
});

describe('persistence and latency', () => {
  test('dataFile keeps state across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-'));
    const dataFile = join(dir, 'state.json');
    try {
      const first = await startTestEmulator({ dataFile });
      const ws = (await first.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'kept' })).body;
      const worker = (await first.http('POST', `/taskrouter/v1/Workspaces/${ws.sid}/Workers`, { FriendlyName: 'w' })).body;
      const sub = (await first.http('POST', '/api/2010-04-01/Accounts.json', { FriendlyName: 'sub' })).body;
      await first.close();
      assert.ok(JSON.parse(readFileSync(dataFile, 'utf8')).records.length >= 4);

      const second = await startTestEmulator({ dataFile });
      try {
        const fetched = await second.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Workers/${worker.sid}`);
        assert.equal(fetched.status, 200);
        assert.equal(fetched.body.friendly_name, 'w');
        const list = await second.http('GET', '/taskrouter/v1/Workspaces');
        assert.deepEqual(list.body.workspaces.map((w: { sid: string }) => w.sid), [ws.sid]);
        const asSub = await second.http('GET', '/taskrouter/v1/Workspaces', undefined, { auth: second.basic(sub.sid, sub.auth_token) });
        assert.equal(asSub.status, 200);
        const next = (await second.http('POST', `/taskrouter/v1/Workspaces/${ws.sid}/Workers`, { FriendlyName: 'w2' })).body;
        const page = await second.http('GET', `/taskrouter/v1/Workspaces/${ws.sid}/Workers?PageSize=1`);
        const page2 = await second.http('GET', page.body.meta.next_page_url);
        assert.equal(page2.body.workers[0].sid, next.sid);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('latencyMs delays product responses', async () => {
    const t = await startTestEmulator({ latencyMs: 120 });
    try {
      const started = performance.now();
      await t.http('GET', '/taskrouter/v1/Workspaces');
      assert.ok(performance.now() - started >= 110);
    } finally {
      await t.close();
    }
  });
});
