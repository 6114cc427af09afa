/**
 * The official twilio SDK drives create/fetch/list/update/delete against the emulator across
 * the product families (flex v1 and v2 included), following next-page links as the SDK does;
 * every response is validated against the spec's own schema.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { startTestEmulator, type TestEmulator } from './support.js';

const SID = (prefix: string): RegExp => new RegExp(`^${prefix}[0-9a-f]{32}$`);

describe('twilio SDK against the emulator', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(async () => {
    assert.ok(t.validated() > 40, `validated ${t.validated()} responses against the spec`);
    await t.close();
  });

  test('TaskRouter: workspace, worker and task lifecycle', async () => {
    const tr = t.sdk.taskrouter.v1;
    const ws = await tr.workspaces.create({ friendlyName: 'Support' });
    assert.match(ws.sid, SID('WS'));
    assert.equal(ws.accountSid, t.emu.accountSid);
    assert.ok(ws.dateCreated instanceof Date && !Number.isNaN(ws.dateCreated.getTime()));
    assert.equal(ws.url, `${t.emu.url}/taskrouter/v1/Workspaces/${ws.sid}`);
    assert.equal(ws.links['workers'], `${t.emu.url}/taskrouter/v1/Workspaces/${ws.sid}/Workers`);

    const updated = await tr.workspaces(ws.sid).update({ friendlyName: 'Support 2', eventCallbackUrl: 'https://example.com/cb' });
    assert.equal(updated.friendlyName, 'Support 2');
    assert.equal(updated.eventCallbackUrl, 'https://example.com/cb');
    assert.equal((await tr.workspaces(ws.sid).fetch()).friendlyName, 'Support 2');

    const alice = await tr.workspaces(ws.sid).workers.create({ friendlyName: 'alice', attributes: '{"skills":["en"]}' });
    await tr.workspaces(ws.sid).workers.create({ friendlyName: 'bob' });
    assert.match(alice.sid, SID('WK'));
    assert.equal(alice.workspaceSid, ws.sid);
    assert.equal(alice.attributes, '{"skills":["en"]}');
    const all = await tr.workspaces(ws.sid).workers.list();
    assert.deepEqual(all.map((w) => w.friendlyName), ['alice', 'bob']);
    const onlyBob = await tr.workspaces(ws.sid).workers.list({ friendlyName: 'bob' });
    assert.deepEqual(onlyBob.map((w) => w.friendlyName), ['bob']);

    const task = await tr.workspaces(ws.sid).tasks.create({ attributes: '{"type":"support"}', priority: 5 });
    assert.match(task.sid, SID('WT'));
    assert.equal(task.assignmentStatus, 'pending');
    assert.equal(task.priority, 5);
    const canceled = await tr.workspaces(ws.sid).tasks(task.sid).update({ assignmentStatus: 'canceled', reason: 'test' });
    assert.equal(canceled.assignmentStatus, 'canceled');
    assert.equal((await tr.workspaces(ws.sid).tasks.list({ assignmentStatus: ['canceled'] })).length, 1);

    assert.equal(await tr.workspaces(ws.sid).workers(alice.sid).remove(), true);
    assert.equal((await tr.workspaces(ws.sid).workers.list()).length, 1);
    assert.equal(await tr.workspaces(ws.sid).remove(), true);
    await assert.rejects(tr.workspaces(ws.sid).fetch(), (e: { status?: number; code?: number }) => e.status === 404 && e.code === 20404);
  });

  test('paging: list() and each() follow next-page links in both envelopes', async () => {
    const tr = t.sdk.taskrouter.v1;
    const ws = await tr.workspaces.create({ friendlyName: 'Paging' });
    const names = ['w1', 'w2', 'w3', 'w4', 'w5'];
    for (const friendlyName of names) await tr.workspaces(ws.sid).workers.create({ friendlyName });
    const route = 'GET /taskrouter/v1/Workspaces/{WorkspaceSid}/Workers';
    const pagesRead = async (): Promise<number> => ((await t.http('GET', '/__emulator/requests')).body.byRoute[route] ?? 0) as number;
    const before = await pagesRead();
    // v1: the SDK follows `meta.next_page_url`, an absolute URL the emulator wrote.
    assert.deepEqual((await tr.workspaces(ws.sid).workers.list({ pageSize: 2 })).map((w) => w.friendlyName), names);
    assert.equal((await pagesRead()) - before, 3, 'three pages of two');
    const seen: string[] = [];
    await tr.workspaces(ws.sid).workers.each({ pageSize: 2 }, (w) => {
      seen.push(w.friendlyName);
    });
    assert.deepEqual(seen, names);
    assert.deepEqual((await tr.workspaces(ws.sid).workers.list({ pageSize: 2, limit: 3 })).map((w) => w.friendlyName), names.slice(0, 3));

    // 2010: the SDK follows the relative `next_page_uri` on api.twilio.com, newest first.
    const to = '+15551239999';
    for (const body of ['m1', 'm2', 'm3']) await t.sdk.messages.create({ to, from: '+15557650000', body });
    assert.deepEqual((await t.sdk.messages.list({ to, pageSize: 2 })).map((m) => m.body), ['m3', 'm2', 'm1']);
    assert.equal(await tr.workspaces(ws.sid).remove(), true);
  });

  test('Conversations: conversation, participant and message', async () => {
    const cv = t.sdk.conversations.v1;
    const conv = await cv.conversations.create({ friendlyName: 'Chat', uniqueName: 'chat-1' });
    assert.match(conv.sid, SID('CH'));
    assert.equal(conv.uniqueName, 'chat-1');
    const participant = await cv.conversations(conv.sid).participants.create({ identity: 'alice' });
    assert.match(participant.sid, SID('MB'));
    assert.equal(participant.conversationSid, conv.sid);
    assert.equal(participant.identity, 'alice');
    const message = await cv.conversations(conv.sid).messages.create({ author: 'alice', body: 'hello' });
    assert.match(message.sid, SID('IM'));
    assert.equal(message.body, 'hello');
    const edited = await cv.conversations(conv.sid).messages(message.sid).update({ body: 'hello!' });
    assert.equal(edited.body, 'hello!');
    assert.deepEqual((await cv.conversations(conv.sid).messages.list()).map((m) => m.body), ['hello!']);
    assert.equal((await cv.conversations(conv.sid).update({ friendlyName: 'Chat 2' })).friendlyName, 'Chat 2');
    assert.ok((await cv.conversations.list()).some((c) => c.sid === conv.sid));
    assert.equal(await cv.conversations(conv.sid).remove(), true);
    await assert.rejects(cv.conversations(conv.sid).participants(participant.sid).fetch(), (e: { status?: number }) => e.status === 404);
  });

  test('2010 API: messages and calls', async () => {
    const msg = await t.sdk.messages.create({ to: '+15551230001', from: '+15557650000', body: 'hi there' });
    assert.match(msg.sid, SID('SM'));
    assert.equal(msg.status, 'queued');
    assert.equal(msg.to, '+15551230001');
    assert.equal(msg.uri, `/2010-04-01/Accounts/${t.emu.accountSid}/Messages/${msg.sid}.json`);
    assert.ok(msg.dateCreated instanceof Date && !Number.isNaN(msg.dateCreated.getTime()));
    assert.equal((await t.sdk.messages(msg.sid).fetch()).body, 'hi there');
    assert.equal((await t.sdk.messages(msg.sid).update({ body: '' })).body, '');
    await t.sdk.messages.create({ to: '+15551230002', from: '+15557650000', body: 'other' });
    assert.deepEqual((await t.sdk.messages.list({ to: '+15551230002' })).map((m) => m.body), ['other']);
    assert.equal(await t.sdk.messages(msg.sid).remove(), true);

    const call = await t.sdk.calls.create({ to: '+15551230003', from: '+15557650000', url: 'https://example.com/twiml' });
    assert.match(call.sid, SID('CA'));
    assert.equal(call.status, 'queued');
    const done = await t.sdk.calls(call.sid).update({ status: 'completed' });
    assert.equal(done.status, 'completed');
    assert.equal((await t.sdk.calls.list({ status: 'completed' })).length, 1);
    assert.equal(await t.sdk.calls(call.sid).remove(), true);
  });

  test('2010 API: keys authenticate, secret shown once', async () => {
    const key = await t.sdk.newKeys.create({ friendlyName: 'ci' });
    assert.match(key.sid, SID('SK'));
    assert.ok(key.secret && key.secret.length >= 32);
    const fetched = await t.sdk.keys(key.sid).fetch();
    assert.equal(fetched.friendlyName, 'ci');
    assert.equal((fetched as unknown as Record<string, unknown>)['secret'], undefined);
    assert.ok((await t.sdk.keys.list()).some((k) => k.sid === key.sid));

    const viaKey = twilio(key.sid, key.secret, { accountSid: t.emu.accountSid, httpClient: t.sdk.httpClient });
    const ws = await viaKey.taskrouter.v1.workspaces.create({ friendlyName: 'via key' });
    assert.equal(ws.accountSid, t.emu.accountSid);
    assert.equal((await t.sdk.keys(key.sid).update({ friendlyName: 'ci-2' })).friendlyName, 'ci-2');
    assert.equal(await t.sdk.keys(key.sid).remove(), true);
    await assert.rejects(viaKey.taskrouter.v1.workspaces.list(), (e: { status?: number; code?: number }) => e.status === 401 && e.code === 20003);
  });

  test('Verify service', async () => {
    const svc = await t.sdk.verify.v2.services.create({ friendlyName: 'Login' });
    assert.match(svc.sid, SID('VA'));
    assert.equal((await t.sdk.verify.v2.services(svc.sid).update({ codeLength: 8 })).codeLength, 8);
    assert.equal((await t.sdk.verify.v2.services(svc.sid).fetch()).friendlyName, 'Login');
    assert.ok((await t.sdk.verify.v2.services.list()).some((s) => s.sid === svc.sid));
    assert.equal(await t.sdk.verify.v2.services(svc.sid).remove(), true);
  });

  test('Video room', async () => {
    const room = await t.sdk.video.v1.rooms.create({ uniqueName: 'standup', type: 'group' });
    assert.match(room.sid, SID('RM'));
    assert.equal(room.status, 'in-progress');
    assert.equal(room.uniqueName, 'standup');
    assert.equal((await t.sdk.video.v1.rooms.list({ uniqueName: 'standup' })).length, 1);
    const closed = await t.sdk.video.v1.rooms(room.sid).update({ status: 'completed' });
    assert.equal(closed.status, 'completed');
    assert.equal((await t.sdk.video.v1.rooms(room.sid).fetch()).status, 'completed');
  });

  test('Flex: FlexFlow and Plugin', async () => {
    const flex = t.sdk.flexApi.v1;
    const chatService = await t.sdk.conversations.v1.services.create({ friendlyName: 'Flex chat' });
    const flow = await flex.flexFlow.create({ friendlyName: 'Web chat', chatServiceSid: chatService.sid, channelType: 'web' });
    assert.match(flow.sid, SID('FO'));
    assert.equal(flow.channelType, 'web');
    assert.equal((await flex.flexFlow(flow.sid).update({ friendlyName: 'Web chat 2' })).friendlyName, 'Web chat 2');
    assert.equal((await flex.flexFlow(flow.sid).fetch()).friendlyName, 'Web chat 2');
    assert.equal((await flex.flexFlow.list()).length, 1);
    assert.equal(await flex.flexFlow(flow.sid).remove(), true);

    const plugin = await flex.plugins.create({ uniqueName: 'my-plugin', friendlyName: 'Mine' });
    assert.match(plugin.sid, SID('FP'));
    assert.equal((await flex.plugins(plugin.sid).update({ description: 'does things' })).description, 'does things');
    assert.equal((await flex.plugins(plugin.sid).fetch()).uniqueName, 'my-plugin');
    assert.equal((await flex.plugins.list()).length, 1);
  });

  test('Flex v2: web channel on a Conversations address; unknown Flex user', async () => {
    const address = await t.sdk.conversations.v1.addressConfigurations.create({ type: 'chat', address: 'demo-webchat' });
    assert.match(address.sid, SID('IG'));
    const channel = await t.sdk.flexApi.v2.webChannels.create({ addressSid: address.sid, chatFriendlyName: 'Support chat', identity: 'visitor-1' });
    assert.equal(channel.identity, 'visitor-1');
    const instance = 'GO' + 'a'.repeat(32);
    const user = 'FU' + 'b'.repeat(32);
    await assert.rejects(t.sdk.flexApi.v2.flexUser(instance, user).fetch(), (e: { status?: number; code?: number }) => e.status === 404 && e.code === 20404);
  });

  test('Messaging service', async () => {
    const svc = await t.sdk.messaging.v1.services.create({ friendlyName: 'Notifications' });
    assert.match(svc.sid, SID('MG'));
    assert.equal((await t.sdk.messaging.v1.services(svc.sid).update({ friendlyName: 'N2' })).friendlyName, 'N2');
    assert.equal((await t.sdk.messaging.v1.services(svc.sid).fetch()).friendlyName, 'N2');
    assert.equal((await t.sdk.messaging.v1.services.list()).length, 1);
    assert.equal(await t.sdk.messaging.v1.services(svc.sid).remove(), true);
    assert.equal((await t.sdk.messaging.v1.services.list()).length, 0);
  });

  test('Accounts: AWS credentials and safelist', async () => {
    const acc = t.sdk.accounts.v1;
    const cred = await acc.credentials.aws.create({ credentials: 'AKIA:secret', friendlyName: 'aws' });
    assert.match(cred.sid, SID('CR'));
    assert.equal((await acc.credentials.aws(cred.sid).update({ friendlyName: 'aws-2' })).friendlyName, 'aws-2');
    assert.equal((await acc.credentials.aws(cred.sid).fetch()).friendlyName, 'aws-2');
    assert.equal((await acc.credentials.aws.list()).length, 1);
    assert.equal(await acc.credentials.aws(cred.sid).remove(), true);

    const entry = await acc.safelist.create({ phoneNumber: '+15550001111' });
    assert.match(entry.sid, SID('GN'));
    assert.equal((await acc.safelist.fetch({ phoneNumber: '+15550001111' })).sid, entry.sid);
    assert.equal(await acc.safelist.remove({ phoneNumber: '+15550001111' }), true);
    await assert.rejects(acc.safelist.fetch({ phoneNumber: '+15550001111' }), (e: { status?: number }) => e.status === 404);
  });

  test('Voice: BYOC trunk', async () => {
    const voice = t.sdk.voice.v1;
    const trunk = await voice.byocTrunks.create({ friendlyName: 'carrier', voiceUrl: 'https://example.com/voice' });
    assert.match(trunk.sid, SID('BY'));
    assert.equal(trunk.voiceUrl, 'https://example.com/voice');
    assert.equal((await voice.byocTrunks(trunk.sid).update({ friendlyName: 'carrier-2' })).friendlyName, 'carrier-2');
    assert.equal((await voice.byocTrunks(trunk.sid).fetch()).friendlyName, 'carrier-2');
    assert.equal((await voice.byocTrunks.list()).length, 1);
    assert.equal(await voice.byocTrunks(trunk.sid).remove(), true);
  });
});
