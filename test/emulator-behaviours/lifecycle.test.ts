import { test } from 'node:test';
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { startReceiver, startTestEmulator } from './helpers.js';

test('a message goes queued -> sending -> sent -> delivered with signed status callbacks in order', async () => {
  const receiver = await startReceiver();
  const t = await startTestEmulator();
  try {
    const api = `/api/2010-04-01/Accounts/${t.emulator.accountSid}`;
    const callback = `${receiver.url}/sms-status?id=42`;
    const created = await t.post(`${api}/Messages.json`, { To: '+15551230001', From: '+15005550006', Body: 'Hello there', StatusCallback: callback });
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'queued');
    assert.equal(created.body.direction, 'outbound-api');
    assert.equal(created.body.num_segments, '1');
    const hooks = await receiver.waitFor((h) => h.some((x) => x.params.MessageStatus === 'delivered'));
    assert.deepEqual(hooks.map((h) => h.params.MessageStatus), ['sending', 'sent', 'delivered']);
    for (const hook of hooks) {
      assert.equal(hook.url, callback);
      assert.ok(twilio.validateRequest(t.emulator.authToken, hook.signature, hook.url, hook.params));
      assert.equal(hook.params.MessageSid, created.body.sid);
      assert.equal(hook.params.SmsStatus, hook.params.MessageStatus);
      assert.equal(hook.params.AccountSid, t.emulator.accountSid);
      assert.equal(hook.params.To, '+15551230001');
      assert.equal(hook.params.From, '+15005550006');
    }
    const fetched = await t.get(`${api}/Messages/${created.body.sid}.json`);
    assert.equal(fetched.status, 'delivered');
    assert.match(String(fetched.date_sent), /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  } finally {
    await t.close();
    await receiver.close();
  }
});

test('a message through a Messaging Service starts accepted', async () => {
  const t = await startTestEmulator();
  try {
    const api = `/api/2010-04-01/Accounts/${t.emulator.accountSid}`;
    const service = (await t.post('/messaging/v1/Services', { FriendlyName: 'Notifications' })).body.sid;
    const created = await t.post(`${api}/Messages.json`, { To: '+15551230001', MessagingServiceSid: service, Body: 'hi' });
    assert.equal(created.body.status, 'accepted');
  } finally {
    await t.close();
  }
});

test('each MediaUrl of a message is one of its Media', async () => {
  const t = await startTestEmulator();
  try {
    const api = `/api/2010-04-01/Accounts/${t.emulator.accountSid}`;
    const media = ['https://example.com/cat.jpg', 'https://example.com/report.pdf?v=2'];
    const created = await t.post(`${api}/Messages.json`, { To: '+15551230001', From: '+15005550006', MediaUrl: media });
    assert.equal(created.body.num_media, '2');
    const list = (await t.get(`${api}/Messages/${created.body.sid}/Media.json`)).media_list;
    assert.equal(list.length, 2);
    assert.deepEqual(list.map((m: any) => m.content_type).sort(), ['application/pdf', 'image/jpeg']);
    for (const m of list) {
      assert.match(m.sid, /^ME[0-9a-f]{32}$/);
      assert.equal(m.parent_sid, created.body.sid);
      assert.equal(m.account_sid, t.emulator.accountSid);
      assert.equal(m.uri, `/2010-04-01/Accounts/${t.emulator.accountSid}/Messages/${created.body.sid}/Media/${m.sid}.json`);
      assert.equal((await t.get(`/api${m.uri}`)).sid, m.sid);
    }
    const plain = await t.post(`${api}/Messages.json`, { To: '+15551230001', From: '+15005550006', Body: 'no media' });
    assert.deepEqual((await t.get(`${api}/Messages/${plain.body.sid}/Media.json`)).media_list, []);
  } finally {
    await t.close();
  }
});

test('a call goes queued -> ringing -> in-progress -> completed with the requested signed callbacks', async () => {
  const receiver = await startReceiver();
  const t = await startTestEmulator();
  try {
    const api = `/api/2010-04-01/Accounts/${t.emulator.accountSid}`;
    const callback = `${receiver.url}/call-status`;
    const created = await t.post(`${api}/Calls.json`, {
      To: '+15551230002',
      From: '+15005550006',
      Url: 'http://demo.twilio.com/docs/voice.xml',
      StatusCallback: callback,
      StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'queued');
    const hooks = await receiver.waitFor((h) => h.some((x) => x.params.CallStatus === 'completed'));
    assert.deepEqual(hooks.map((h) => h.params.CallStatus), ['initiated', 'ringing', 'in-progress', 'completed']);
    assert.deepEqual(hooks.map((h) => h.params.SequenceNumber), ['0', '1', '2', '3']);
    for (const hook of hooks) {
      assert.ok(twilio.validateRequest(t.emulator.authToken, hook.signature, hook.url, hook.params));
      assert.equal(hook.params.CallSid, created.body.sid);
    }
    assert.ok(hooks[3]!.params.CallDuration !== undefined);
    const fetched = await t.get(`${api}/Calls/${created.body.sid}.json`);
    assert.equal(fetched.status, 'completed');
    assert.ok(fetched.start_time && fetched.end_time && fetched.duration !== null);

    // Without StatusCallbackEvent only `completed` is reported, as in Twilio.
    const quiet = await t.post(`${api}/Calls.json`, { To: '+15551230003', From: '+15005550006', Url: 'http://demo.twilio.com/docs/voice.xml', StatusCallback: `${callback}?quiet=1` });
    const quietHooks = await receiver.waitFor((h) => h.some((x) => x.params.CallSid === quiet.body.sid));
    assert.deepEqual(quietHooks.filter((h) => h.params.CallSid === quiet.body.sid).map((h) => h.params.CallStatus), ['completed']);
  } finally {
    await t.close();
    await receiver.close();
  }
});

test('a call ended through the API before it is answered gets its end, a duration and its completed callback; an ended call takes no Status', async () => {
  const receiver = await startReceiver();
  // Lifecycle steps an hour apart: the calls stay queued while the test runs.
  const t = await startTestEmulator({ statusStepMs: 3_600_000 });
  try {
    const api = `/api/2010-04-01/Accounts/${t.emulator.accountSid}`;
    const call = async (): Promise<string> =>
      (await t.post(`${api}/Calls.json`, { To: '+15551230003', From: '+15005550006', Url: 'https://example.com/twiml', StatusCallback: `${receiver.url}/calls` })).body.sid;
    const hungUp = await call();
    const canceled = await call();
    const ended = await t.post(`${api}/Calls/${hungUp}.json`, { Status: 'completed' });
    assert.equal(ended.status, 200);
    assert.equal(ended.body.status, 'completed');
    assert.match(String(ended.body.end_time), /\+0000$/);
    assert.equal(ended.body.duration, '0', 'never answered');
    assert.equal((await t.post(`${api}/Calls/${canceled}.json`, { Status: 'canceled' })).body.status, 'canceled');
    const hooks = await receiver.waitFor((h) => h.length >= 2);
    assert.deepEqual(
      hooks.map((h) => [h.params.CallSid, h.params.CallStatus, h.params.CallDuration]).sort(),
      [
        [hungUp, 'completed', '0'],
        [canceled, 'canceled', '0'],
      ].sort(),
    );
    const again = await t.post(`${api}/Calls/${hungUp}.json`, { Status: 'canceled' });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 21220);
    assert.equal((await t.get(`${api}/Calls/${hungUp}.json`)).status, 'completed', 'nothing stored');
  } finally {
    await t.close();
    await receiver.close();
  }
});

test('only a scheduled message can be canceled', async () => {
  const t = await startTestEmulator({ statusStepMs: 3_600_000 });
  try {
    const api = `/api/2010-04-01/Accounts/${t.emulator.accountSid}`;
    const queued = (await t.post(`${api}/Messages.json`, { To: '+15551230001', From: '+15005550006', Body: 'now' })).body.sid;
    const refused = await t.post(`${api}/Messages/${queued}.json`, { Status: 'canceled' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 30409);
    assert.equal((await t.get(`${api}/Messages/${queued}.json`)).status, 'queued', 'nothing stored');

    const service = (await t.post('/messaging/v1/Services', { FriendlyName: 'Reminders' })).body.sid;
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = (await t.post(`${api}/Messages.json`, { To: '+15551230001', MessagingServiceSid: service, Body: 'later', ScheduleType: 'fixed', SendAt: later })).body;
    assert.equal(scheduled.status, 'scheduled');
    assert.equal((await t.post(`${api}/Messages/${scheduled.sid}.json`, { Status: 'canceled' })).body.status, 'canceled');
  } finally {
    await t.close();
  }
});
