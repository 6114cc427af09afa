/**
 * Rules the specs state in field descriptions: a Worker's friendly name is unique in its
 * workspace and compared case-insensitively (filters too); JSON-valued parameters must hold
 * JSON (an object where the spec or TaskRouter says object); defaults the descriptions give.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support.js';

describe('rules from field descriptions', () => {
  let t: TestEmulator;
  let W: string;
  before(async () => {
    t = await startTestEmulator();
    W = `/taskrouter/v1/Workspaces/${(await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'rules' })).body.sid}`;
  });
  after(async () => {
    await t.close();
  });

  const workerNames = async (path = `${W}/Workers`): Promise<string[]> => (await t.http('GET', path)).body.workers.map((w: any) => w.friendly_name);

  test('worker friendly names are unique in the workspace, whatever their case', async () => {
    const alice = (await t.http('POST', `${W}/Workers`, { FriendlyName: 'Alice Johnson' })).body;
    const bob = (await t.http('POST', `${W}/Workers`, { FriendlyName: 'Bob' })).body;
    for (const name of ['Alice Johnson', 'alice johnson']) {
      const dup = await t.http('POST', `${W}/Workers`, { FriendlyName: name });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.code, 20409);
      assert.match(dup.body.message, /friendly_name/);
    }
    assert.deepEqual(await workerNames(), ['Alice Johnson', 'Bob'], 'nothing stored');

    const rename = await t.http('POST', `${W}/Workers/${bob.sid}`, { FriendlyName: 'ALICE JOHNSON', Attributes: '{"x":1}' });
    assert.equal(rename.status, 409);
    const unchanged = (await t.http('GET', `${W}/Workers/${bob.sid}`)).body;
    assert.equal(unchanged.friendly_name, 'Bob');
    assert.equal(unchanged.attributes, '{}');
    // A worker may change the case of its own name; another workspace may use the name.
    assert.equal((await t.http('POST', `${W}/Workers/${alice.sid}`, { FriendlyName: 'alice johnson' })).status, 200);
    const other = (await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'other' })).body.sid;
    assert.equal((await t.http('POST', `/taskrouter/v1/Workspaces/${other}/Workers`, { FriendlyName: 'Bob' })).status, 201);
  });

  test('the FriendlyName filter of workers is case-insensitive too', async () => {
    assert.deepEqual(await workerNames(`${W}/Workers?FriendlyName=ALICE%20JOHNSON`), ['alice johnson']);
    assert.deepEqual(await workerNames(`${W}/Workers?FriendlyName=bob`), ['Bob']);
  });

  test('Attributes must be JSON: a JSON object in TaskRouter, any JSON value in Conversations', async () => {
    for (const bad of ['notjson', '[1', '[1,2]', '"text"']) {
      const res = await t.http('POST', `${W}/Workers`, { FriendlyName: `w-${bad}`, Attributes: bad });
      assert.equal(res.status, 400, bad);
      assert.match(res.body.message, /Attributes/);
      const task = await t.http('POST', `${W}/Tasks`, { Attributes: bad });
      assert.equal(task.status, 400, bad);
    }
    assert.equal((await t.http('GET', `${W}/Tasks`)).body.tasks.length, 0, 'nothing stored');
    assert.deepEqual((await workerNames()).filter((n) => n.startsWith('w-')), []);
    const workflow = await t.http('POST', `${W}/Workflows`, { FriendlyName: 'wf', Configuration: 'task_routing' });
    assert.equal(workflow.status, 400);
    assert.match(workflow.body.message, /Configuration/);

    const conversations = '/conversations/v1/Conversations';
    const bad = await t.http('POST', conversations, { FriendlyName: 'c', Attributes: '{"a":' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /Attributes/);
    assert.equal((await t.http('GET', conversations)).body.conversations.length, 0);
    assert.equal((await t.http('POST', conversations, { FriendlyName: 'c', Attributes: '[1,2]' })).status, 201);
  });

  test('JSON parameters: any JSON value where the spec gives no type, a JSON object where it says object', async () => {
    const res = await t.http('POST', '/flex-api/v1/Interactions', { Channel: 'voice', Routing: '{}' });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /Channel.*valid JSON/);

    // Video's `Rules` are untyped in the spec and described as a JSON-encoded array.
    const room = (await t.sdk.video.v1.rooms.create({ uniqueName: 'rules' })).sid;
    const rules = [{ type: 'include', all: true }];
    const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    const updated = await t.sdk.video.v1.rooms(room).recordingRules.update({ rules });
    assert.deepEqual(plain(updated.rules), rules);
    assert.deepEqual(plain((await t.sdk.video.v1.rooms(room).recordingRules.fetch()).rules), rules);
    const refused = await t.http('POST', `/video/v1/Rooms/${room}/RecordingRules`, { Rules: '[{"type":' });
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /Rules.*valid JSON/);
    assert.deepEqual((await t.http('GET', `/video/v1/Rooms/${room}/RecordingRules`)).body.rules, rules, 'nothing stored');

    // `TranscriptionsConfiguration` is typed object: an array is refused, and no room is made.
    const typed = await t.http('POST', '/video/v1/Rooms', { UniqueName: 'typed', TranscriptionsConfiguration: '[1]' });
    assert.equal(typed.status, 400);
    assert.match(typed.body.message, /TranscriptionsConfiguration.*JSON object/);
    assert.deepEqual((await t.http('GET', '/video/v1/Rooms?UniqueName=typed')).body.rooms, []);
  });

  test("an Activity's Available takes true, 1 or yes for true and anything else for false; other booleans stay strict", async () => {
    const A = `${W}/Activities`;
    for (const [value, expected] of [['true', true], ['1', true], ['YES', true], ['false', false], ['0', false], ['no', false], ['maybe', false]] as const) {
      const res = await t.http('POST', A, { FriendlyName: `a-${value}`, Available: value });
      assert.equal(res.status, 201, value);
      assert.equal(res.body.available, expected, value);
    }
    assert.equal((await t.http('POST', A, { FriendlyName: 'a-none' })).body.available, false, 'unavailable unless said otherwise');
    const listed = (await t.http('GET', `${A}?Available=1&PageSize=100`)).body.activities.map((a: any) => a.friendly_name);
    assert.deepEqual(listed, ['a-true', 'a-1', 'a-YES']);
    const strict = await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'strict', MultiTaskEnabled: 'maybe' });
    assert.equal(strict.status, 400);
    assert.match(strict.body.message, /MultiTaskEnabled/);
  });

  test('defaults the descriptions state', async () => {
    const ws = (await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'defaults' })).body;
    assert.equal(ws.multi_task_enabled, true);
    assert.equal((await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'single', MultiTaskEnabled: 'false' })).body.multi_task_enabled, false);
    const D = `/taskrouter/v1/Workspaces/${ws.sid}`;
    const queue = (await t.http('POST', `${D}/TaskQueues`, { FriendlyName: 'q' })).body;
    assert.equal(queue.target_workers, '1==1');
    assert.equal(queue.max_reserved_workers, 1);
    assert.equal((await t.http('POST', `${D}/Workflows`, { FriendlyName: 'wf', Configuration: '{}' })).body.task_reservation_timeout, 120);
    assert.equal((await t.http('POST', `${D}/Tasks`, {})).body.timeout, 86400);
    const worker = (await t.http('POST', `${D}/Workers`, { FriendlyName: 'w' })).body.sid;
    assert.equal((await t.http('GET', `${D}/Workers/${worker}`)).body.attributes, '{}');

    // Where the first enum value would be the wrong start: a conversation is active, a Verify
    // webhook speaks v2, a new number has no emergency calling registered.
    assert.equal((await t.http('POST', '/conversations/v1/Conversations', { FriendlyName: 'c' })).body.state, 'active');
    const verify = (await t.http('POST', '/verify/v2/Services', { FriendlyName: 'v' })).body.sid;
    const hook = await t.http('POST', `/verify/v2/Services/${verify}/Webhooks`, { FriendlyName: 'h', EventTypes: '*', WebhookUrl: 'https://example.com/h' });
    assert.deepEqual([hook.body.version, hook.body.status], ['v2', 'enabled']);
    const number = (await t.http('POST', `/api/2010-04-01/Accounts/${t.emu.accountSid}/IncomingPhoneNumbers.json`, { PhoneNumber: '+15005550006' })).body;
    assert.deepEqual([number.emergency_status, number.emergency_address_status], ['Inactive', 'unregistered']);
  });
});
