/** Emulator-only routes registered through `engine.addInternalRoute`, served under `/__emulator/`. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EmulatorError, startEmulator } from '../../src/emulator/index.js';

test('registered internal routes answer with their handler; others stay 404', async () => {
  const seen: unknown[] = [];
  const emu = await startEmulator({
    port: 0,
    behaviours: (engine) => {
      engine.addInternalRoute('GET', '/__emulator/echo', (query) => ({ status: 200, body: { query } }));
      engine.addInternalRoute('POST', '/__emulator/echo', (_query, body) => {
        seen.push(body);
        return { status: 201, body: { got: body } };
      });
      engine.addInternalRoute('DELETE', '/__emulator/echo', () => {
        throw new EmulatorError(409, 20409, 'nothing to delete');
      });
      assert.throws(() => engine.addInternalRoute('GET', '/__emulator/echo', () => ({ status: 200 })), /already registered/);
      assert.throws(() => engine.addInternalRoute('GET', '/echo', () => ({ status: 200 })), /under \/__emulator\//);
    },
  });
  try {
    const get = await fetch(`${emu.url}/__emulator/echo?to=%2B15551234567&x=1&x=2`);
    assert.equal(get.status, 200);
    assert.deepEqual(await get.json(), { query: { to: '+15551234567', x: ['1', '2'] } });

    const json = await fetch(`${emu.url}/__emulator/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1,2]}' });
    assert.equal(json.status, 201);
    assert.deepEqual(await json.json(), { got: { a: [1, 2] } });
    const form = await fetch(`${emu.url}/__emulator/echo`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'A=1&B=two' });
    assert.deepEqual(await form.json(), { got: { A: '1', B: 'two' } });
    assert.equal(seen.length, 2);

    const failing = await fetch(`${emu.url}/__emulator/echo`, { method: 'DELETE' });
    assert.equal(failing.status, 409);
    assert.deepEqual(await failing.json(), { code: 20409, message: 'nothing to delete', more_info: 'https://www.twilio.com/docs/errors/20409', status: 409 });

    const unknown = await fetch(`${emu.url}/__emulator/echo/more`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { code: number }).code, 20404);
    // Built-in routes are unaffected.
    assert.equal((await fetch(`${emu.url}/__emulator/requests`)).status, 200);
  } finally {
    await emu.close();
  }
});

test('the default behaviours reveal Verify codes at GET /__emulator/verify/codes, newest first', async () => {
  const emu = await startEmulator({ port: 0 });
  const auth = 'Basic ' + Buffer.from(`${emu.accountSid}:${emu.authToken}`).toString('base64');
  const post = async (path: string, params: Record<string, string>): Promise<any> => {
    const res = await fetch(emu.url + path, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    assert.equal(res.status, 201);
    return res.json();
  };
  try {
    const service = await post('/verify/v2/Services', { FriendlyName: 'Login', CodeLength: '5' });
    const first = await post(`/verify/v2/Services/${service.sid}/Verifications`, { To: '+15551234567', Channel: 'sms' });
    const firstCode = ((await (await fetch(`${emu.url}/__emulator/verify/codes?to=%2B15551234567`)).json()) as { codes: any[] }).codes[0].code;
    await post(`/verify/v2/Services/${service.sid}/VerificationCheck`, { To: '+15551234567', Code: firstCode });
    const other = await post(`/verify/v2/Services/${service.sid}/Verifications`, { To: '+15559999999', Channel: 'sms', CustomCode: '12345' });
    // The first one is approved: a Verification to that number again is a new one.
    const second = await post(`/verify/v2/Services/${service.sid}/Verifications`, { To: '+15551234567', Channel: 'sms' });

    const mine = (await (await fetch(`${emu.url}/__emulator/verify/codes?to=%2B15551234567`)).json()) as { codes: any[] };
    assert.deepEqual(
      mine.codes.map((c) => c.verificationSid),
      [second.sid, first.sid],
    );
    for (const c of mine.codes) {
      assert.equal(c.to, '+15551234567');
      assert.match(c.code, /^\d{5}$/);
      assert.equal(c.serviceSid, service.sid);
      assert.ok(!Number.isNaN(Date.parse(c.issuedAt)));
    }
    const all = (await (await fetch(`${emu.url}/__emulator/verify/codes`)).json()) as { codes: any[] };
    assert.deepEqual(all.codes.map((c) => c.verificationSid), [second.sid, other.sid, first.sid]);
    assert.equal(all.codes[1].code, '12345');

    // The revealed code is the one that approves.
    const check = await post(`/verify/v2/Services/${service.sid}/VerificationCheck`, { To: '+15551234567', Code: mine.codes[0].code });
    assert.equal(check.status, 'approved');
    const none = (await (await fetch(`${emu.url}/__emulator/verify/codes?to=%2B15550000000`)).json()) as { codes: any[] };
    assert.deepEqual(none, { codes: [] });
  } finally {
    await emu.close();
  }
});

test('without behaviours there is no Verify code route', async () => {
  const emu = await startEmulator({ port: 0, behaviours: false });
  try {
    assert.equal((await fetch(`${emu.url}/__emulator/verify/codes`)).status, 404);
  } finally {
    await emu.close();
  }
});
