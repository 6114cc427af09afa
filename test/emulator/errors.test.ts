/**
 * Bad input and auth: each rejection is Twilio-shaped and leaves state unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support.js';

describe('bad input leaves state unchanged', () => {
  let t: TestEmulator;
  let ws: { sid: string };
  let workers: string;
  before(async () => {
    t = await startTestEmulator();
    ws = (await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'errors' })).body;
    workers = `/taskrouter/v1/Workspaces/${ws.sid}/Workers`;
    await t.http('POST', workers, { FriendlyName: 'existing' });
  });
  after(async () => {
    await t.close();
  });

  /** Runs a rejected request and checks status, code, that the message names `mentions`, and that workers are unchanged. */
  async function rejected(
    request: () => Promise<{ status: number; body: any }>,
    status: number,
    code: number,
    mentions?: string,
  ): Promise<void> {
    const before = await t.http('GET', workers);
    const res = await request();
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.code, code);
    assert.equal(res.body.status, status);
    assert.equal(res.body.more_info, `https://www.twilio.com/docs/errors/${code}`);
    if (mentions) assert.ok(res.body.message.includes(mentions), `"${res.body.message}" names ${mentions}`);
    const after = await t.http('GET', workers);
    assert.deepEqual(after.body.workers, before.body.workers);
  }

  test('missing required parameter', () => rejected(() => t.http('POST', workers, { Attributes: '{}' }), 400, 20001, 'FriendlyName'));

  test('malformed form body', () =>
    rejected(() => t.http('POST', workers, 'FriendlyName=%E0%A4%A&Attributes=%7B%7D'), 400, 20001, 'Malformed'));

  test('malformed JSON body', () =>
    rejected(() => t.http('POST', workers, '{"FriendlyName": ', { contentType: 'application/json' }), 400, 20001, 'JSON'));

  test('body SID not matching its pattern', () =>
    rejected(() => t.http('POST', workers, { FriendlyName: 'x', ActivitySid: 'WA123' }), 400, 20001, 'ActivitySid'));

  test('path SID not matching its pattern', () => rejected(() => t.http('GET', `${workers}/NOTASID`), 400, 20001, 'Sid'));

  test('enum value outside the spec', () =>
    rejected(() => t.http('POST', `/taskrouter/v1/Workspaces/${ws.sid}`, { PrioritizeQueueOrder: 'RANDOM' }), 400, 20001, 'PrioritizeQueueOrder'));

  test('unknown path and unknown product', async () => {
    await rejected(() => t.http('GET', `/taskrouter/v1/Nothing`), 404, 20404);
    await rejected(() => t.http('GET', `/nosuchproduct/v1/Things`), 404, 20404);
    await rejected(() => t.http('GET', `/api/2010-04-01/Accounts/${t.emu.accountSid}/Messages`), 404, 20404);
  });

  test('missing resource', () => rejected(() => t.http('POST', `${workers}/WK${'f'.repeat(32)}`, { FriendlyName: 'ghost' }), 404, 20404));

  test('oversized body: a Twilio-shaped 413, then the connection closes', async () => {
    const big = 'FriendlyName=' + 'a'.repeat(11 * 1024 * 1024);
    await rejected(() => t.http('POST', workers, big), 413, 20001, 'too large');
    // The emulator still serves requests afterwards.
    assert.equal((await t.http('GET', workers)).status, 200);
  });

  test('method not allowed', () => rejected(() => t.http('DELETE', workers), 405, 20004));

  test('wrong, missing and malformed credentials', async () => {
    await rejected(() => t.http('POST', workers, { FriendlyName: 'x' }, { auth: t.basic(t.emu.accountSid, 'wrong') }), 401, 20003);
    await rejected(() => t.http('POST', workers, { FriendlyName: 'x' }, { auth: null }), 401, 20003);
    await rejected(() => t.http('POST', workers, { FriendlyName: 'x' }, { auth: 'Bearer abc' }), 401, 20003);
    await rejected(() => t.http('GET', workers, undefined, { auth: t.basic(`AC${'9'.repeat(32)}`, t.emu.authToken) }), 401, 20003);
  });

  test('a hook that throws rejects the request and undoes its changes', async () => {
    const { EmulatorError } = await import('../../src/emulator/index.js');
    const off = t.emu.engine.on('created', 'taskrouter_v1:CreateWorker', (event) => {
      event.engine.store.patch(event.stored, { friendly_name: 'patched' });
      throw new EmulatorError(400, 20001, 'Rejected by a behaviour');
    });
    try {
      await rejected(() => t.http('POST', workers, { FriendlyName: 'hooked' }), 400, 20001, 'behaviour');
    } finally {
      off();
    }
  });

  test('a rejected 2010 create stores nothing', async () => {
    const messages = `/api/2010-04-01/Accounts/${t.emu.accountSid}/Messages.json`;
    const before = (await t.http('GET', messages)).body.messages.length;
    const r = await t.http('POST', messages, { From: '+15550000001', Body: 'no recipient' });
    assert.equal(r.status, 400);
    assert.ok(r.body.message.includes('To'));
    assert.equal((await t.http('GET', messages)).body.messages.length, before);
  });
});

describe('accounts, keys and subaccounts', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(async () => {
    await t.close();
  });

  test('subaccounts have their own token and data; the parent reaches their 2010 resources', async () => {
    const main = t.emu.accountSid;
    const created = await t.http('POST', '/api/2010-04-01/Accounts.json', { FriendlyName: 'team-a' });
    assert.equal(created.status, 201);
    const sub = created.body;
    assert.match(sub.sid, /^AC[0-9a-f]{32}$/);
    assert.equal(sub.owner_account_sid, main);
    assert.equal(sub.status, 'active');
    assert.match(sub.auth_token, /^[0-9a-f]{32}$/);
    const subAuth = t.basic(sub.sid, sub.auth_token);

    // v1 data belongs to the authenticated account.
    await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'main-ws' });
    await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'sub-ws' }, { auth: subAuth });
    const subList = await t.http('GET', '/taskrouter/v1/Workspaces', undefined, { auth: subAuth });
    assert.deepEqual(subList.body.workspaces.map((w: { friendly_name: string }) => w.friendly_name), ['sub-ws']);
    assert.equal(subList.body.workspaces[0].account_sid, sub.sid);

    // 2010: the parent reaches the subaccount's resources; the subaccount cannot reach the parent's.
    const msg = await t.http('POST', `/api/2010-04-01/Accounts/${sub.sid}/Messages.json`, { To: '+15550000002', From: '+15550000003', Body: 'from parent' });
    assert.equal(msg.status, 201);
    assert.equal(msg.body.account_sid, sub.sid);
    const subMessages = await t.http('GET', `/api/2010-04-01/Accounts/${sub.sid}/Messages.json`, undefined, { auth: subAuth });
    assert.equal(subMessages.body.messages.length, 1);
    const mainMessages = await t.http('GET', `/api/2010-04-01/Accounts/${main}/Messages.json`);
    assert.equal(mainMessages.body.messages.length, 0);
    const denied = await t.http('GET', `/api/2010-04-01/Accounts/${main}/Messages.json`, undefined, { auth: subAuth });
    assert.equal(denied.status, 401);
    assert.equal(denied.body.code, 20003);
    const unknown = await t.http('GET', `/api/2010-04-01/Accounts/AC${'4'.repeat(32)}/Messages.json`);
    assert.equal(unknown.status, 404);

    const accounts = await t.http('GET', '/api/2010-04-01/Accounts.json');
    assert.deepEqual(accounts.body.accounts.map((a: { sid: string }) => a.sid), [main, sub.sid]);
    const subSees = await t.http('GET', '/api/2010-04-01/Accounts.json', undefined, { auth: subAuth });
    assert.deepEqual(subSees.body.accounts.map((a: { sid: string }) => a.sid), [sub.sid]);

    const closed = await t.http('POST', `/api/2010-04-01/Accounts/${sub.sid}.json`, { Status: 'closed' });
    assert.equal(closed.body.status, 'closed');
    assert.equal((await t.http('GET', '/taskrouter/v1/Workspaces', undefined, { auth: subAuth })).status, 401);
  });

  test('API keys authenticate as the account that made them; secret only at creation', async () => {
    const key = await t.http('POST', `/api/2010-04-01/Accounts/${t.emu.accountSid}/Keys.json`, { FriendlyName: 'k' });
    assert.equal(key.status, 201);
    assert.match(key.body.secret, /^[0-9a-f]{32}$/);
    const keyAuth = t.basic(key.body.sid, key.body.secret);
    const fetched = await t.http('GET', `/api/2010-04-01/Accounts/${t.emu.accountSid}/Keys/${key.body.sid}.json`, undefined, { auth: keyAuth });
    assert.equal(fetched.status, 200);
    assert.equal(fetched.body.secret, undefined);
    assert.equal((await t.http('GET', '/verify/v2/Services', undefined, { auth: t.basic(key.body.sid, 'nope') })).status, 401);
  });

  test('in-process dispatch runs operations as an account and fires hooks', async () => {
    const engine = t.emu.engine;
    const seen: string[] = [];
    const offCreate = engine.on('created', 'taskrouter_v1:taskrouter.v1.workspace', (e) => seen.push(`created ${String(e.record['friendly_name'])} ${e.params['FriendlyName']}`));
    const offUpdate = engine.on('updated', 'taskrouter_v1:UpdateWorkspace', (e) => seen.push(`updated ${String(e.previous?.['friendly_name'])}->${String(e.record['friendly_name'])}`));
    const offDelete = engine.on('deleted', '*', (e) => seen.push(`deleted ${e.operation.operationId} ${e.stored.id === e.record['sid']}`));
    try {
      const created = await engine.dispatch({ accountSid: engine.accountSid, method: 'POST', product: 'taskrouter', path: '/v1/Workspaces', params: { FriendlyName: 'inproc' } });
      assert.equal(created.status, 201);
      const sid = (created.body as { sid: string }).sid;
      assert.equal((created.body as { url: string }).url, `${t.emu.url}/taskrouter/v1/Workspaces/${sid}`);
      const updated = await engine.dispatch({ accountSid: engine.accountSid, method: 'POST', product: 'taskrouter', path: `/v1/Workspaces/${sid}`, params: { FriendlyName: 'renamed' } });
      assert.equal(updated.status, 200);
      const listed = await engine.dispatch({ accountSid: engine.accountSid, method: 'GET', product: 'taskrouter', path: '/v1/Workspaces?FriendlyName=renamed' });
      assert.equal((listed.body as { workspaces: unknown[] }).workspaces.length, 1);
      const bad = await engine.dispatch({ accountSid: engine.accountSid, method: 'POST', product: 'taskrouter', path: '/v1/Workspaces', params: {} });
      assert.equal(bad.status, 400);
      assert.equal((await engine.dispatch({ accountSid: engine.accountSid, method: 'DELETE', product: 'taskrouter', path: `/v1/Workspaces/${sid}` })).status, 204);
      assert.deepEqual(seen, ['created inproc inproc', 'updated inproc->renamed', 'deleted DeleteWorkspace true']);
    } finally {
      offCreate();
      offUpdate();
      offDelete();
    }
  });
});
