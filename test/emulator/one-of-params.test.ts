/**
 * One-of rules (`x-twilio.conditional`): Messages need `From` or `MessagingServiceSid` and one of
 * `Body`, `MediaUrl`, `ContentSid`; Calls need `Url`, `Twiml` or `ApplicationSid`. A request
 * missing a group is a 400 naming its parameters, and nothing is stored.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
let api: string;
before(async () => {
  t = await startTestEmulator();
  api = `/api/2010-04-01/Accounts/${t.emu.accountSid}`;
});
after(() => t.close());

async function count(path: string, key: string): Promise<number> {
  return (await t.http('GET', `${path}?PageSize=1000`)).body[key].length;
}

test('Messages: a sender and some content are required', async () => {
  const before = await count(`${api}/Messages.json`, 'messages');
  const noSender = await t.http('POST', `${api}/Messages.json`, { To: '+15550001111', Body: 'hi' });
  assert.equal(noSender.status, 400);
  assert.equal(noSender.body.message, "A 'From' or 'MessagingServiceSid' parameter is required");
  const noContent = await t.http('POST', `${api}/Messages.json`, { To: '+15550001111', From: '+15005550006' });
  assert.equal(noContent.status, 400);
  assert.equal(noContent.body.message, "A 'Body', 'MediaUrl' or 'ContentSid' parameter is required");
  // An empty value is no value.
  const emptyBody = await t.http('POST', `${api}/Messages.json`, { To: '+15550001111', From: '+15005550006', Body: '' });
  assert.equal(emptyBody.status, 400);
  assert.match(emptyBody.body.message, /'Body', 'MediaUrl' or 'ContentSid'/);
  assert.equal(await count(`${api}/Messages.json`, 'messages'), before);

  const service = (await t.http('POST', '/messaging/v1/Services', { FriendlyName: 'Sender pool' })).body.sid;
  const viaService = await t.http('POST', `${api}/Messages.json`, { To: '+15550001111', MessagingServiceSid: service, MediaUrl: 'https://example.com/cat.png' });
  assert.equal(viaService.status, 201);
  assert.equal(viaService.body.messaging_service_sid, service);
  assert.equal(await count(`${api}/Messages.json`, 'messages'), before + 1);
});

test('Calls: instructions are required; the SDK sees the error too', async () => {
  const before = await count(`${api}/Calls.json`, 'calls');
  const missing = await t.http('POST', `${api}/Calls.json`, { To: '+15550001111', From: '+15005550006' });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.code, 20001);
  assert.equal(missing.body.message, "A 'Url', 'Twiml' or 'ApplicationSid' parameter is required");
  await assert.rejects(t.sdk.calls.create({ to: '+15550001111', from: '+15005550006' } as never), (err: { status?: number; message?: string }) => {
    assert.equal(err.status, 400);
    assert.match(err.message ?? '', /'Url', 'Twiml' or 'ApplicationSid'/);
    return true;
  });
  assert.equal(await count(`${api}/Calls.json`, 'calls'), before);
  const ok = await t.http('POST', `${api}/Calls.json`, { To: '+15550001111', From: '+15005550006', Twiml: '<Response><Say>Hi</Say></Response>' });
  assert.equal(ok.status, 201);
});
