/**
 * Conversations over HTTP and the SDK: the account's default service, the states new conversations
 * start in, unique names and identities standing in for SIDs in paths (unique among siblings).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { startTestEmulator, type TestEmulator } from './helpers.js';

/** The official SDK pointed at the emulator, as README's EmulatorRequestClient does it. */
function sdkFor(t: TestEmulator): twilio.Twilio {
  const baseUrl = t.emulator.url;
  class EmulatorRequestClient extends twilio.RequestClient {
    override request(opts: Parameters<twilio.RequestClient['request']>[0]): Promise<any> {
      return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/([a-z0-9-]+)\.twilio\.com\//, `${baseUrl}/$1/`) });
    }
  }
  return twilio(t.emulator.accountSid, t.emulator.authToken, { httpClient: new EmulatorRequestClient() });
}

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

  test('a unique name or identity stands in for the SID where the spec says so, in child paths too', async () => {
    const conversation = (await t.post('/conversations/v1/Conversations', { FriendlyName: 'Order', UniqueName: 'order-7' })).body;
    const byName = '/conversations/v1/Conversations/order-7';
    assert.equal((await t.get(byName)).sid, conversation.sid);
    assert.equal((await t.post(byName, { FriendlyName: 'Order 7' })).body.friendly_name, 'Order 7');
    const alice = (await t.post(`${byName}/Participants`, { Identity: 'alice' })).body;
    assert.equal(alice.conversation_sid, conversation.sid);
    const message = (await t.post(`${byName}/Messages`, { Author: 'alice', Body: 'hi' })).body;
    assert.equal(message.conversation_sid, conversation.sid);
    assert.deepEqual((await t.get(`/conversations/v1/Conversations/${conversation.sid}/Messages`)).messages.map((m: any) => m.sid), [message.sid]);
    assert.equal((await t.get(`${byName}/Participants/alice`)).sid, alice.sid);
    assert.equal((await t.post(`${byName}/Participants/alice`, { Attributes: '{"vip":true}' })).body.attributes, '{"vip":true}');
    assert.equal((await t.send('GET', '/conversations/v1/Conversations/no-such-name')).status, 404);

    // Users by identity, through the SDK as well.
    const user = (await t.post('/conversations/v1/Users', { Identity: 'alice' })).body;
    assert.equal((await t.get('/conversations/v1/Users/alice')).sid, user.sid);
    const sdk = sdkFor(t);
    assert.equal((await sdk.conversations.v1.users('alice').fetch()).sid, user.sid);
    // Her conversations: those she takes part in, read from her participation.
    await t.post(`${byName}/Messages`, { Author: 'someone', Body: 'unread by alice' });
    const mine = await sdk.conversations.v1.users('alice').userConversations.list();
    assert.deepEqual(
      mine.map((c) => [c.conversationSid, c.uniqueName, c.participantSid, c.userSid, c.lastReadMessageIndex, c.unreadMessagesCount]),
      [[conversation.sid, 'order-7', alice.sid, user.sid, message.index, 1]],
    );
    assert.match(mine[0]!.url, new RegExp(`/v1/Users/${user.sid}/Conversations/${conversation.sid}$`));
    assert.equal((await sdk.conversations.v1.conversations('order-7').fetch()).sid, conversation.sid);

    // Deleting by the alias deletes the record.
    assert.equal((await t.send('DELETE', `${byName}/Participants/alice`)).status, 204);
    assert.deepEqual((await t.get(`${byName}/Participants`)).participants, []);
    assert.equal((await t.send('DELETE', byName)).status, 204);
    assert.equal((await t.send('GET', `/conversations/v1/Conversations/${conversation.sid}`)).status, 404);
  });

  test('what stands in for a SID is unique among siblings, on create and on update', async () => {
    const first = (await t.post('/conversations/v1/Conversations', { UniqueName: 'dup' })).body;
    const count = async (): Promise<number> => (await t.get('/conversations/v1/Conversations?PageSize=100')).conversations.length;
    const before = await count();
    const dup = await t.post('/conversations/v1/Conversations', { UniqueName: 'dup' });
    assert.equal(dup.status, 409);
    assert.match(dup.body.message, /unique_name 'dup'/);
    assert.equal(await count(), before, 'nothing stored');
    const second = (await t.post('/conversations/v1/Conversations', { UniqueName: 'other' })).body;
    assert.equal((await t.post(`/conversations/v1/Conversations/${second.sid}`, { UniqueName: 'dup' })).status, 409);
    assert.equal((await t.get(`/conversations/v1/Conversations/${second.sid}`)).unique_name, 'other');

    // A participant's identity too, with Twilio's own code, also when an update would clash.
    const C = `/conversations/v1/Conversations/${first.sid}`;
    await t.post(`${C}/Participants`, { Identity: 'ann' });
    const bob = (await t.post(`${C}/Participants`, { Identity: 'bob' })).body;
    const clash = await t.post(`${C}/Participants/${bob.sid}`, { Identity: 'ann' });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.code, 50433);
    assert.equal((await t.get(`${C}/Participants/${bob.sid}`)).identity, 'bob', 'nothing stored');
  });
});
