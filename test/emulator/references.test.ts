/**
 * References outside the URL path: a body parameter naming another record (by its SID prefix)
 * must name one that exists in the request's scope; otherwise a 400 names the parameter and
 * nothing is stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support.js';

const missing = (prefix: string): string => prefix + 'f'.repeat(32);

describe('references in request bodies', () => {
  let t: TestEmulator;
  let W: string;
  let other: string;
  let activity: string;
  let otherActivity: string;
  before(async () => {
    t = await startTestEmulator();
    W = `/taskrouter/v1/Workspaces/${(await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'refs' })).body.sid}`;
    other = `/taskrouter/v1/Workspaces/${(await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'other' })).body.sid}`;
    activity = (await t.http('POST', `${W}/Activities`, { FriendlyName: 'Ready', Available: 'true' })).body.sid;
    otherActivity = (await t.http('POST', `${other}/Activities`, { FriendlyName: 'Ready', Available: 'true' })).body.sid;
  });
  after(async () => {
    await t.close();
  });

  /** Asserts a 400 naming `param`, and that the list at `listPath` (key `key`) is unchanged. */
  async function refused(request: () => Promise<{ status: number; body: any }>, param: string, listPath: string, key: string): Promise<void> {
    const before = (await t.http('GET', listPath)).body[key];
    const res = await request();
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, 20001);
    assert.match(res.body.message, new RegExp(`\\b${param.replace('.', '\\.')}\\b`));
    assert.deepEqual((await t.http('GET', listPath)).body[key], before, 'nothing stored');
  }

  test('a Worker needs an Activity of its own workspace', async () => {
    await refused(() => t.http('POST', `${W}/Workers`, { FriendlyName: 'ghost', ActivitySid: missing('WA') }), 'ActivitySid', `${W}/Workers`, 'workers');
    await refused(() => t.http('POST', `${W}/Workers`, { FriendlyName: 'stray', ActivitySid: otherActivity }), 'ActivitySid', `${W}/Workers`, 'workers');
    const worker = await t.http('POST', `${W}/Workers`, { FriendlyName: 'real', ActivitySid: activity });
    assert.equal(worker.status, 201);
    assert.equal(worker.body.activity_sid, activity);

    // An update to an unknown activity changes nothing either.
    const path = `${W}/Workers/${worker.body.sid}`;
    const res = await t.http('POST', path, { ActivitySid: missing('WA'), FriendlyName: 'renamed' });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /ActivitySid/);
    const after = (await t.http('GET', path)).body;
    assert.equal(after.activity_sid, activity);
    assert.equal(after.friendly_name, 'real');
  });

  test('a workspace update names its own activities (the path names the workspace as Sid)', async () => {
    const res = await t.http('POST', W, { DefaultActivitySid: otherActivity });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /DefaultActivitySid/);
    assert.equal((await t.http('POST', W, { DefaultActivitySid: activity })).body.default_activity_sid, activity);
  });

  test('a Task needs an existing Workflow and TaskQueue', async () => {
    await refused(() => t.http('POST', `${W}/Tasks`, { Attributes: '{}', WorkflowSid: missing('WW') }), 'WorkflowSid', `${W}/Tasks`, 'tasks');
    await refused(() => t.http('POST', `${W}/Tasks`, { Attributes: '{}', TaskQueueSid: missing('WQ') }), 'TaskQueueSid', `${W}/Tasks`, 'tasks');
    const workflow = (await t.http('POST', `${W}/Workflows`, { FriendlyName: 'wf', Configuration: '{"task_routing":{"filters":[]}}' })).body.sid;
    assert.equal((await t.http('POST', `${W}/Tasks`, { Attributes: '{}', WorkflowSid: workflow })).status, 201);
  });

  test('a Message through a Messaging Service of the account', async () => {
    const messages = `/api/2010-04-01/Accounts/${t.emu.accountSid}/Messages.json`;
    await refused(() => t.http('POST', messages, { To: '+15550001111', MessagingServiceSid: missing('MG'), Body: 'hi' }), 'MessagingServiceSid', messages, 'messages');
    const service = (await t.http('POST', '/messaging/v1/Services', { FriendlyName: 'pool' })).body.sid;
    const sent = await t.http('POST', messages, { To: '+15550001111', MessagingServiceSid: service, Body: 'hi' });
    assert.equal(sent.status, 201);
    assert.equal(sent.body.messaging_service_sid, service);
  });

  test('a Flex web chat names a Conversations address configuration, though the spec types it a plain string', async () => {
    const addresses = '/conversations/v1/Configuration/Addresses';
    await refused(() => t.http('POST', '/flex-api/v2/WebChats', { AddressSid: missing('IG') }), 'AddressSid', addresses, 'address_configurations');
    const address = (await t.http('POST', addresses, { Type: 'chat', Address: 'web-widget' })).body.sid;
    assert.equal((await t.http('POST', '/flex-api/v2/WebChats', { AddressSid: address })).status, 201);
  });

  test('a reference no path scopes is looked up across the account (a Flex channel task)', async () => {
    const chat = (await t.http('POST', '/conversations/v1/Services', { FriendlyName: 'chat' })).body.sid;
    const flow = (await t.http('POST', '/flex-api/v1/FlexFlows', { FriendlyName: 'flow', ChatServiceSid: chat, ChannelType: 'web' })).body.sid;
    const channels = '/flex-api/v1/Channels';
    const params = { FlexFlowSid: flow, Identity: 'visitor', ChatUserFriendlyName: 'V', ChatFriendlyName: 'Chat' };
    await refused(() => t.http('POST', channels, { ...params, TaskSid: missing('WT') }), 'TaskSid', channels, 'flex_chat_channels');
    const task = (await t.http('POST', `${W}/Tasks`, { Attributes: '{}' })).body.sid;
    assert.equal((await t.http('POST', channels, { ...params, TaskSid: task })).status, 201);
  });

  test("a Flex user's UserSid names a unified user, not a Conversations user: it is not checked against them", async () => {
    const res = await t.http('POST', `/flex-api/v2/Instances/GO${'0'.repeat(32)}/Users/FU${'0'.repeat(32)}`, { UserSid: missing('US') });
    assert.equal(res.status, 404, 'the Flex user does not exist; the UserSid is not refused');
    assert.doesNotMatch(res.body.message, /UserSid/);
  });
});
