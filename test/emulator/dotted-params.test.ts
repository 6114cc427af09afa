/**
 * Dotted parameters (`Timers.Inactive`, `Bindings.Email.Address`, `Integration.Timeout`) become
 * keys of the object field their first part names, typed as the operation declares them and
 * merged on update; every response is checked against the spec.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator();
});
after(() => t.close());

test('Conversations: timers and bindings from dotted parameters, merged on update', async () => {
  const created = await t.http('POST', '/conversations/v1/Conversations', {
    FriendlyName: 'Timed',
    'Timers.Inactive': 'PT5M',
    'Timers.Closed': 'PT1H',
    'Bindings.Email.Address': 'support@example.com',
    'Bindings.Email.Name': 'Support',
  });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body.timers, { inactive: 'PT5M', closed: 'PT1H' });
  assert.deepEqual(created.body.bindings, { email: { address: 'support@example.com', name: 'Support' } });

  const updated = await t.http('POST', `/conversations/v1/Conversations/${created.body.sid}`, { 'Timers.Closed': 'PT2H', 'Bindings.Email.Name': 'Help desk' });
  assert.equal(updated.status, 200);
  assert.deepEqual(updated.body.timers, { inactive: 'PT5M', closed: 'PT2H' });
  assert.deepEqual(updated.body.bindings, { email: { address: 'support@example.com', name: 'Help desk' } });
  const fetched = await t.http('GET', `/conversations/v1/Conversations/${created.body.sid}`);
  assert.deepEqual(fetched.body.timers, updated.body.timers);
});

test('Conversations: a participant binding and a scoped webhook configuration (arrays as repeated keys)', async () => {
  const conversation = (await t.http('POST', '/conversations/v1/Conversations', { FriendlyName: 'Bound' })).body;
  const C = `/conversations/v1/Conversations/${conversation.sid}`;
  const participant = await t.http('POST', `${C}/Participants`, { 'MessagingBinding.Address': '+15551230009', 'MessagingBinding.ProxyAddress': '+15005550006' });
  assert.equal(participant.status, 201);
  assert.deepEqual(participant.body.messaging_binding, { address: '+15551230009', proxy_address: '+15005550006' });
  const moved = await t.http('POST', `${C}/Participants/${participant.body.sid}`, { 'MessagingBinding.ProxyAddress': '+15005550007' });
  assert.deepEqual(moved.body.messaging_binding, { address: '+15551230009', proxy_address: '+15005550007' });

  const webhook = await t.http('POST', `${C}/Webhooks`, {
    Target: 'webhook',
    'Configuration.Url': 'https://example.com/hook',
    'Configuration.Method': 'post',
    'Configuration.Filters': ['onMessageAdded', 'onParticipantAdded'],
    'Configuration.ReplayAfter': '3',
  });
  assert.equal(webhook.status, 201);
  assert.deepEqual(webhook.body.configuration, {
    url: 'https://example.com/hook',
    method: 'post',
    filters: ['onMessageAdded', 'onParticipantAdded'],
    replay_after: 3,
  });
});

test('Flex flows and Verify services: integers and booleans keep their declared types', async () => {
  // Referenced SIDs must exist (a Studio flow is outside the model, so any FW SID goes).
  const chatService = (await t.http('POST', '/conversations/v1/Services', { FriendlyName: 'Flex chat' })).body.sid;
  const credential = async (): Promise<string> => (await t.http('POST', '/conversations/v1/Credentials', { Type: 'apn' })).body.sid;
  const apn = await credential();
  const fcm = await credential();
  const flow = await t.http('POST', '/flex-api/v1/FlexFlows', {
    FriendlyName: 'Studio flow',
    ChatServiceSid: chatService,
    ChannelType: 'sms',
    IntegrationType: 'studio',
    'Integration.FlowSid': `FW${'1'.repeat(32)}`,
    'Integration.Timeout': '30',
    'Integration.CreationOnMessage': 'true',
  });
  assert.equal(flow.status, 201);
  assert.deepEqual(flow.body.integration, { flow_sid: `FW${'1'.repeat(32)}`, timeout: 30, creation_on_message: true });

  const service = await t.http('POST', '/verify/v2/Services', { FriendlyName: 'Push', 'Push.IncludeDate': 'false', 'Push.ApnCredentialSid': apn });
  assert.equal(service.status, 201);
  assert.deepEqual(service.body.push, { include_date: false, apn_credential_sid: apn });
  const updated = await t.http('POST', `/verify/v2/Services/${service.body.sid}`, { 'Push.FcmCredentialSid': fcm, 'Totp.CodeLength': '8' });
  assert.deepEqual(updated.body.push, { include_date: false, apn_credential_sid: apn, fcm_credential_sid: fcm });
  assert.deepEqual(updated.body.totp, { code_length: 8 });
  assert.ok(t.validated() >= 9);
});

test('singleton updates merge dotted parameters too (service notifications)', async () => {
  const service = (await t.http('POST', '/conversations/v1/Services', { FriendlyName: 'Notified' })).body;
  const path = `/conversations/v1/Services/${service.sid}/Configuration/Notifications`;
  const first = await t.http('POST', path, { 'NewMessage.Enabled': 'true', 'NewMessage.Template': 'New: ${MESSAGE}', 'NewMessage.WithMedia.Enabled': 'true' });
  assert.equal(first.status, 200);
  assert.deepEqual(first.body.new_message, { enabled: true, template: 'New: ${MESSAGE}', with_media: { enabled: true } });
  const second = await t.http('POST', path, { 'NewMessage.WithMedia.Template': 'Media: ${MEDIA}' });
  assert.deepEqual(second.body.new_message, { enabled: true, template: 'New: ${MESSAGE}', with_media: { enabled: true, template: 'Media: ${MEDIA}' } });
});
