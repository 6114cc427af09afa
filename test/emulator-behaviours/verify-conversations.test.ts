import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestEmulator } from './helpers.js';

test('Verify: start, read the code, a wrong code stays pending, the right one approves', async () => {
  const t = await startTestEmulator();
  try {
    const service = (await t.post('/verify/v2/Services', { FriendlyName: 'Login', CodeLength: '8' })).body;
    const to = '+15557654321';
    const started = await t.post(`/verify/v2/Services/${service.sid}/Verifications`, { To: to, Channel: 'sms' });
    assert.equal(started.status, 201);
    assert.equal(started.body.status, 'pending');
    assert.equal(started.body.valid, false);
    assert.equal(started.body.send_code_attempts.length, 1);

    const [issued] = t.behaviours.verify.codes(to);
    assert.ok(issued);
    assert.match(issued.code, /^\d{8}$/);
    assert.equal(issued.verificationSid, started.body.sid);

    const wrongCode = issued.code === '00000000' ? '11111111' : '00000000';
    const wrong = await t.post(`/verify/v2/Services/${service.sid}/VerificationCheck`, { To: to, Code: wrongCode });
    assert.equal(wrong.body.status, 'pending');
    assert.equal(wrong.body.valid, false);
    assert.equal(wrong.body.sid, started.body.sid);

    const right = await t.post(`/verify/v2/Services/${service.sid}/VerificationCheck`, { To: to, Code: issued.code });
    assert.equal(right.body.status, 'approved');
    assert.equal(right.body.valid, true);
    assert.equal(right.body.sid, started.body.sid);
    const fetched = await t.get(`/verify/v2/Services/${service.sid}/Verifications/${started.body.sid}`);
    assert.equal(fetched.status, 'approved');

    // Approved: nothing is pending for that number any more.
    const again = await t.post(`/verify/v2/Services/${service.sid}/VerificationCheck`, { To: to, Code: issued.code });
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 20404);

    // A custom code is the code.
    await t.post(`/verify/v2/Services/${service.sid}/Verifications`, { To: '+15550000001', Channel: 'sms', CustomCode: '4242' });
    const custom = await t.post(`/verify/v2/Services/${service.sid}/VerificationCheck`, { To: '+15550000001', Code: '4242' });
    assert.equal(custom.body.status, 'approved');
  } finally {
    await t.close();
  }
});

test('Verify: a second Verification to a number with one pending sends the same code again', async () => {
  const t = await startTestEmulator();
  try {
    const service = (await t.post('/verify/v2/Services', { FriendlyName: 'Login' })).body.sid;
    const to = '+15557650000';
    const V = `/verify/v2/Services/${service}/Verifications`;
    const first = (await t.post(V, { To: to, Channel: 'sms' })).body;
    const [code] = t.behaviours.verify.codes(to);
    const again = await t.post(V, { To: to, Channel: 'call' });
    assert.equal(again.status, 201);
    assert.equal(again.body.sid, first.sid);
    assert.equal(again.body.channel, 'call');
    assert.deepEqual(
      again.body.send_code_attempts.map((a: any) => a.channel),
      ['sms', 'call'],
    );
    const attempts = (await t.get(`/verify/v2/Attempts?VerificationSid=${first.sid}`)).attempts;
    assert.equal(attempts.length, 2);
    assert.deepEqual(
      t.behaviours.verify.codes(to).map((c) => [c.verificationSid, c.code]),
      [[first.sid, code!.code]],
      'one verification, one code',
    );
    assert.equal((await t.get(`${V}/${first.sid}`)).status, 'pending');

    // The code first sent approves it; once approved, the next Verification is a new one.
    const check = await t.post(`/verify/v2/Services/${service}/VerificationCheck`, { To: to, Code: code!.code });
    assert.deepEqual([check.body.sid, check.body.status], [first.sid, 'approved']);
    const next = (await t.post(V, { To: to, Channel: 'sms' })).body;
    assert.notEqual(next.sid, first.sid);
    assert.equal(next.send_code_attempts.length, 1);
  } finally {
    await t.close();
  }
});

test('Conversations: messages take increasing indexes and touch the conversation and the author', async () => {
  const t = await startTestEmulator();
  try {
    const conversation = (await t.post('/conversations/v1/Conversations', { FriendlyName: 'Support chat' })).body;
    const C = `/conversations/v1/Conversations/${conversation.sid}`;
    const agent = (await t.post(`${C}/Participants`, { Identity: 'agent' })).body;
    const customer = (await t.post(`${C}/Participants`, { 'MessagingBinding.Address': '+15551230009', 'MessagingBinding.ProxyAddress': '+15005550006' })).body;
    assert.deepEqual(customer.messaging_binding, { type: 'sms', address: '+15551230009', proxy_address: '+15005550006' });
    const whatsapp = (await t.post(`${C}/Participants`, { 'MessagingBinding.Address': 'whatsapp:+15551230010', 'MessagingBinding.ProxyAddress': 'whatsapp:+15005550006' })).body;
    assert.equal(whatsapp.messaging_binding.type, 'whatsapp');
    const first = (await t.post(`${C}/Messages`, { Author: 'agent', Body: 'Hi! How can I help?' })).body;
    const second = (await t.post(`${C}/Messages`, { Author: '+15551230009', Body: 'My order is late' })).body;
    const third = (await t.post(`${C}/Messages`, { Author: 'agent', Body: 'Let me check.' })).body;
    assert.deepEqual([first.index, second.index, third.index], [0, 1, 2]);
    assert.equal(first.participant_sid, agent.sid);
    assert.equal(second.participant_sid, customer.sid);

    const participants = (await t.get(`${C}/Participants`)).participants;
    const read = Object.fromEntries(participants.map((p: any) => [p.sid, p.last_read_message_index]));
    assert.equal(read[agent.sid], 2);
    assert.equal(read[customer.sid], 1);

    const updated = await t.get(C);
    assert.ok(Date.parse(updated.date_updated) >= Date.parse(conversation.date_updated));
    assert.equal(updated.date_updated, third.date_created);

    // Indexes count per conversation.
    const other = (await t.post('/conversations/v1/Conversations', { FriendlyName: 'Other' })).body;
    const elsewhere = (await t.post(`/conversations/v1/Conversations/${other.sid}/Messages`, { Author: 'agent', Body: 'First here' })).body;
    assert.equal(elsewhere.index, 0);
    assert.equal(elsewhere.participant_sid, null);
  } finally {
    await t.close();
  }
});

test('Conversations: one identity (or one address through one proxy) is one participant; a message without Author is by system', async () => {
  const t = await startTestEmulator();
  try {
    const conversation = (await t.post('/conversations/v1/Conversations', { FriendlyName: 'Dupes' })).body;
    const C = `/conversations/v1/Conversations/${conversation.sid}`;
    assert.equal((await t.post(`${C}/Participants`, { Identity: 'alice' })).status, 201);
    const sms = { 'MessagingBinding.Address': '+15551230011', 'MessagingBinding.ProxyAddress': '+15005550006' };
    assert.equal((await t.post(`${C}/Participants`, sms)).status, 201);
    const before = (await t.get(`${C}/Participants`)).participants;

    const again = await t.post(`${C}/Participants`, { Identity: 'alice' });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 50433);
    assert.match(again.body.message, /alice/);
    const binding = await t.post(`${C}/Participants`, sms);
    assert.equal(binding.status, 409);
    assert.equal(binding.body.code, 50416);
    assert.deepEqual((await t.get(`${C}/Participants`)).participants, before, 'nothing stored');

    // The same identity in another conversation, or the address through another proxy, is fine.
    const other = (await t.post('/conversations/v1/Conversations', { FriendlyName: 'Other' })).body.sid;
    assert.equal((await t.post(`/conversations/v1/Conversations/${other}/Participants`, { Identity: 'alice' })).status, 201);
    assert.equal((await t.post(`${C}/Participants`, { ...sms, 'MessagingBinding.ProxyAddress': '+15005550007' })).status, 201);

    // The spec: an Author defaults to `system`.
    assert.equal((await t.post(`${C}/Messages`, { Body: 'Conversation started' })).body.author, 'system');
  } finally {
    await t.close();
  }
});
