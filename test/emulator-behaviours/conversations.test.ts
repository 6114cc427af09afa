/**
 * Conversations over HTTP: the account's default service and the states new conversations start in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './helpers.js';

describe('Conversations', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(async () => {
    await t.close();
  });

  test('every account has a default service, named by its configuration, that account-level conversations belong to', async () => {
    const configuration = await t.get('/conversations/v1/Configuration');
    const defaultService = configuration.default_chat_service_sid;
    assert.match(defaultService, /^IS[0-9a-f]{32}$/);
    const services = (await t.get('/conversations/v1/Services')).services;
    assert.deepEqual(
      services.map((s: any) => [s.sid, s.friendly_name]),
      [[defaultService, 'Default Conversations Service']],
    );
    const conversation = (await t.post('/conversations/v1/Conversations', { FriendlyName: 'Support' })).body;
    assert.equal(conversation.chat_service_sid, defaultService);

    // A subaccount gets its own.
    const sub = (await t.post('/api/2010-04-01/Accounts.json', { FriendlyName: 'tenant' })).body;
    const subAuth = { authorization: 'Basic ' + Buffer.from(`${sub.sid}:${sub.auth_token}`).toString('base64') };
    const subConfiguration = (await t.send('GET', '/conversations/v1/Configuration', undefined, subAuth)).body;
    assert.match(subConfiguration.default_chat_service_sid, /^IS[0-9a-f]{32}$/);
    assert.notEqual(subConfiguration.default_chat_service_sid, defaultService);
  });

  test('a new conversation is active unless the request says otherwise, in both flavours', async () => {
    const account = (await t.post('/conversations/v1/Conversations', { FriendlyName: 'a' })).body;
    assert.equal(account.state, 'active');
    const service = (await t.post('/conversations/v1/Services', { FriendlyName: 'scoped' })).body.sid;
    const scoped = (await t.post(`/conversations/v1/Services/${service}/Conversations`, { FriendlyName: 's' })).body;
    assert.equal(scoped.state, 'active');
    assert.equal(scoped.chat_service_sid, service);
    const inactive = (await t.post('/conversations/v1/Conversations', { FriendlyName: 'i', State: 'inactive' })).body;
    assert.equal(inactive.state, 'inactive');
    const active = (await t.get('/conversations/v1/Conversations?State=active')).conversations.map((c: any) => c.sid);
    assert.ok(active.includes(account.sid));
    assert.ok(!active.includes(inactive.sid));
  });
});
