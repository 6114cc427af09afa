/**
 * Numbers bought through `IncomingPhoneNumbers/Local.json`, `Mobile.json` or `TollFree.json` are
 * IncomingPhoneNumbers like any other: listed, fetched, updated and deleted through the plain
 * paths, while each variant list shows the numbers created through it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator();
});
after(() => t.close());

test('variant numbers show in the plain list and live at the plain instance path', async () => {
  const api = `/api/2010-04-01/Accounts/${t.emu.accountSid}`;
  const local = await t.http('POST', `${api}/IncomingPhoneNumbers/Local.json`, { PhoneNumber: '+15005550101', FriendlyName: 'local' });
  assert.equal(local.status, 201);
  assert.match(local.body.sid, /^PN[0-9a-f]{32}$/);
  assert.equal(local.body.uri, `/2010-04-01/Accounts/${t.emu.accountSid}/IncomingPhoneNumbers/${local.body.sid}.json`);
  const mobile = await t.sdk.incomingPhoneNumbers.mobile.create({ phoneNumber: '+15005550102', friendlyName: 'mobile' });
  const tollFree = await t.sdk.incomingPhoneNumbers.tollFree.create({ phoneNumber: '+18005550103', friendlyName: 'toll-free' });
  const plain = await t.sdk.incomingPhoneNumbers.create({ phoneNumber: '+15005550104', friendlyName: 'plain' });

  const all = await t.sdk.incomingPhoneNumbers.list();
  assert.deepEqual(all.map((n) => n.friendlyName), ['plain', 'toll-free', 'mobile', 'local']);
  assert.deepEqual((await t.sdk.incomingPhoneNumbers.local.list()).map((n) => n.sid), [local.body.sid]);
  assert.deepEqual((await t.sdk.incomingPhoneNumbers.mobile.list()).map((n) => n.sid), [mobile.sid]);
  assert.deepEqual((await t.sdk.incomingPhoneNumbers.tollFree.list()).map((n) => n.sid), [tollFree.sid]);
  assert.deepEqual((await t.http('GET', `${api}/IncomingPhoneNumbers.json?PhoneNumber=%2B15005550101`)).body.incoming_phone_numbers.map((n: { sid: string }) => n.sid), [local.body.sid]);

  const fetched = await t.sdk.incomingPhoneNumbers(local.body.sid).fetch();
  assert.equal(fetched.phoneNumber, '+15005550101');
  await t.sdk.incomingPhoneNumbers(local.body.sid).update({ friendlyName: 'renamed' });
  assert.equal((await t.sdk.incomingPhoneNumbers.local.list())[0]?.friendlyName, 'renamed');
  assert.equal(await t.sdk.incomingPhoneNumbers(mobile.sid).remove(), true);
  assert.deepEqual(await t.sdk.incomingPhoneNumbers.mobile.list(), []);
  assert.deepEqual((await t.sdk.incomingPhoneNumbers.list()).map((n) => n.sid), [plain.sid, tollFree.sid, local.body.sid]);
  assert.ok(t.validated() >= 12);
});
