/**
 * List filters: every declared query parameter of every list operation is acted on or listed
 * below as deliberately ignored; the conventions (date ranges, `XxxAfter`/`XxxBefore`,
 * `StartDate`/`EndDate`, dotted names, aliases) filter live; undeclared parameters do not; a
 * date filter that does not parse is a 400 naming it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support.js';

/**
 * Declared list parameters the emulator deliberately does not filter by, and why. A parameter
 * that starts being handled must leave this table (the test checks both ways), and a new one
 * cannot slip by: it is either handled or added here with its reason.
 */
const IGNORED: ReadonlyArray<{ operations: RegExp; params: readonly string[] | 'all'; why: string }> = [
  {
    operations: /^api_v2010:ListAvailablePhoneNumber/,
    params: 'all',
    why: "(those not matching a field) search criteria over Twilio's inventory of numbers for sale; the emulator holds no inventory, only what was stored",
  },
  {
    operations: /^(api_v2010:ListUsageRecord|messaging_v1:ListTollfreeVerification$)/,
    params: ['IncludeSubaccounts', 'IncludeSubAccounts'],
    why: "rolling subaccounts' records into the parent's list is not modelled: each account lists its own",
  },
  { operations: /^api_v2010:ListRecording$/, params: ['IncludeSoftDeleted'], why: 'a deleted recording is gone in the emulator: nothing soft-deleted to include' },
  {
    operations: /^flex_v1:ListInsights(Conversations|Questionnaires|QuestionnairesQuestion|Segments)$/,
    params: ['IncludeInactive', 'CategorySid', 'ReservationId'],
    why: 'Flex Insights data (questionnaire activity, question categories, reservations of segments) is not modelled beyond plain records',
  },
  {
    operations: /^flex_v1:ListInsightsConversations$/,
    params: ['SegmentId'],
    why: 'Insights conversations carry no segment ids to match',
  },
  { operations: /^video_v1:ListRecording$/, params: ['GroupingSid'], why: 'Video recordings come from recorded rooms, which the emulator does not record' },
];

/** How a parameter is listed: by name, under an entry for all of an operation's parameters, or not at all. */
function listed(operation: string, param: string): 'named' | 'all' | undefined {
  const entries = IGNORED.filter((e) => e.operations.test(operation));
  if (entries.some((e) => e.params !== 'all' && e.params.includes(param))) return 'named';
  return entries.some((e) => e.params === 'all') ? 'all' : undefined;
}

describe('list filters', () => {
  let t: TestEmulator;
  let api: string;
  before(async () => {
    t = await startTestEmulator({ behaviours: true });
    api = `/api/2010-04-01/Accounts/${t.emu.accountSid}`;
  });
  after(async () => {
    await t.close();
  });

  test('every declared query parameter of every list operation is handled or deliberately ignored', () => {
    const engine = t.emu.engine;
    const unhandled: string[] = [];
    const stale: string[] = [];
    let checked = 0;
    for (const bound of engine.catalog.operations.values()) {
      if (bound.kind !== 'list') continue;
      const handled = engine.handledListParams(bound.op.key);
      for (const p of bound.op.params) {
        if (p.in !== 'query') continue;
        checked++;
        const how = listed(bound.op.key, p.name);
        if (!handled.has(p.name) && how === undefined) unhandled.push(`${bound.op.key} ${p.name}`);
        if (handled.has(p.name) && how === 'named') stale.push(`${bound.op.key} ${p.name}`);
      }
    }
    assert.deepEqual(unhandled, [], 'declared list parameters nothing acts on');
    assert.deepEqual(stale, [], 'parameters listed as ignored that are handled now');
    assert.ok(checked > 800, `checked ${checked} parameters`);
    // Every entry still names some declared parameter.
    for (const entry of IGNORED) {
      const used = [...engine.catalog.operations.values()].some(
        (b) => entry.operations.test(b.op.key) && b.op.params.some((p) => p.in === 'query' && (entry.params === 'all' || entry.params.includes(p.name))),
      );
      assert.ok(used, `ignored entry ${String(entry.operations)} names declared parameters`);
    }
  });

  test('undeclared parameters do not filter, as Twilio ignores them', async () => {
    await t.http('POST', `${api}/Messages.json`, { To: '+15550009999', From: '+15550000001', Body: 'kept' });
    const all = (await t.http('GET', `${api}/Messages.json`)).body.messages.length;
    assert.ok(all >= 1);
    assert.equal((await t.http('GET', `${api}/Messages.json?Body=zzz`)).body.messages.length, all);
    const W = `/taskrouter/v1/Workspaces/${(await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'undeclared' })).body.sid}`;
    await t.http('POST', `${W}/Workers`, { FriendlyName: 'one' });
    assert.equal((await t.http('GET', `${W}/Workers?AccountSid=nope`)).body.workers.length, 1);
    assert.equal((await t.http('GET', `${W}/Workers?FriendlyName=`)).body.workers.length, 1, 'an empty value is no filter');
    // Nor do they shape a singleton's default object.
    const configuration = (await t.http('GET', '/conversations/v1/Configuration')).body;
    assert.deepEqual((await t.http('GET', '/conversations/v1/Configuration?DefaultChatServiceSid=ISnope')).body, configuration);
  });

  test('a date filter that does not parse is a 400 naming it', async () => {
    for (const query of ['DateSent=garbage', 'DateSent%3E=garbage', 'DateSent%3C=2024-13-45']) {
      const res = await t.http('GET', `${api}/Messages.json?${query}`);
      assert.equal(res.status, 400, query);
      assert.match(res.body.message, /DateSent/);
    }
    const rooms = await t.http('GET', '/video/v1/Rooms?DateCreatedAfter=yesterday');
    assert.equal(rooms.status, 400);
    assert.match(rooms.body.message, /DateCreatedAfter/);
  });

  test('XxxAfter / XxxBefore are ranges on the field they name (video rooms)', async () => {
    await t.http('POST', '/video/v1/Rooms', { UniqueName: 'r1' });
    await t.http('POST', '/video/v1/Rooms', { UniqueName: 'r2' });
    const count = async (q: string): Promise<number> => (await t.http('GET', `/video/v1/Rooms?${q}`)).body.rooms.length;
    assert.equal(await count('DateCreatedAfter=2099-01-01T00:00:00Z'), 0);
    assert.equal(await count('DateCreatedBefore=2099-01-01T00:00:00Z'), 2);
    assert.equal(await count('DateCreatedAfter=2000-01-01T00:00:00Z&DateCreatedBefore=2000-12-31T00:00:00Z'), 0);
    assert.equal(await count('DateCreatedAfter=2000-01-01T00:00:00Z'), 2);
  });

  test('StartDate / EndDate are a range on the creation date, whole days for dates (conversations)', async () => {
    for (const name of ['a', 'b', 'c']) await t.http('POST', '/conversations/v1/Conversations', { FriendlyName: name });
    const today = new Date().toISOString().slice(0, 10);
    const count = async (q: string): Promise<number> => (await t.http('GET', `/conversations/v1/Conversations?${q}`)).body.conversations.length;
    assert.equal(await count('StartDate=2099-01-01'), 0);
    assert.equal(await count('EndDate=2000-01-01'), 0);
    assert.equal(await count(`StartDate=${today}&EndDate=${today}`), 3);
    assert.equal(await count('State=closed'), 0);
  });

  test('TaskRouter events filter by what they pertain to and by time (default: the last 15 minutes)', async () => {
    const W = `/taskrouter/v1/Workspaces/${(await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'events' })).body.sid}`;
    const available = (await t.http('GET', `${W}/Activities`)).body.activities.find((a: any) => a.friendly_name === 'Available').sid;
    const queue = (await t.http('POST', `${W}/TaskQueues`, { FriendlyName: 'q' })).body.sid;
    const ann = (await t.http('POST', `${W}/Workers`, { FriendlyName: 'Ann', ActivitySid: available })).body.sid;
    const first = (await t.http('POST', `${W}/Tasks`, { TaskQueueSid: queue, Attributes: '{}', TaskChannel: 'voice' })).body.sid;
    const second = (await t.http('POST', `${W}/Tasks`, { TaskQueueSid: queue, Attributes: '{}', TaskChannel: 'chat' })).body.sid;
    const reservation = (await t.http('GET', `${W}/Tasks/${first}/Reservations`)).body.reservations[0].sid;
    await t.http('POST', `${W}/Tasks/${first}/Reservations/${reservation}`, { ReservationStatus: 'accepted' });

    const events = async (q: string): Promise<any[]> => (await t.http('GET', `${W}/Events?PageSize=100&${q}`)).body.events;
    const all = await events('');
    assert.equal(all.length, 5, 'task.created and reservation.created twice (Ann multitasks: voice and chat), one reservation.accepted');
    const ofFirst = await events(`TaskSid=${first}`);
    assert.ok(ofFirst.length > 0 && ofFirst.length < all.length);
    assert.ok(ofFirst.every((e) => e.resource_sid === first || e.event_data.task_sid === first));
    assert.ok(!ofFirst.some((e) => e.resource_sid === second || e.event_data.task_sid === second));
    assert.deepEqual((await events(`ReservationSid=${reservation}`)).map((e) => e.event_type).sort(), ['reservation.accepted', 'reservation.created']);
    assert.ok((await events(`WorkerSid=${ann}`)).every((e) => e.resource_sid === ann || e.event_data.worker_sid === ann));
    assert.deepEqual((await events('EventType=task.created')).length, 2);
    assert.ok((await events('TaskChannel=chat')).every((e) => e.event_data.task_channel_unique_name === 'chat'));
    assert.equal((await events('StartDate=2099-01-01T00:00:00Z')).length, 0);
    assert.equal((await events('EndDate=2000-01-01T00:00:00Z')).length, 0);
    assert.equal((await events('StartDate=2000-01-01T00:00:00Z')).length, all.length);
    assert.equal((await events('Minutes=1')).length, all.length);
    const bad = await t.http('GET', `${W}/Events?StartDate=soon`);
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /StartDate/);
  });

  test('Verify attempts are recorded and filter by service, verification, status, destination and date', async () => {
    const service = (await t.http('POST', '/verify/v2/Services', { FriendlyName: 'Login' })).body.sid;
    const one = (await t.http('POST', `/verify/v2/Services/${service}/Verifications`, { To: '+15551110001', Channel: 'sms' })).body.sid;
    await t.http('POST', `/verify/v2/Services/${service}/Verifications`, { To: '+15551110002', Channel: 'sms' });
    const code = (await t.http('GET', '/__emulator/verify/codes?to=%2B15551110001')).body.codes[0].code;
    assert.equal((await t.http('POST', `/verify/v2/Services/${service}/VerificationCheck`, { To: '+15551110001', Code: code })).body.status, 'approved');

    const attempts = async (q: string): Promise<any[]> => (await t.http('GET', `/verify/v2/Attempts?${q}`)).body.attempts;
    assert.equal((await attempts(`VerifyServiceSid=${service}`)).length, 2);
    const mine = await attempts(`VerificationSid=${one}`);
    assert.equal(mine.length, 1);
    assert.match(mine[0].sid, /^VL[0-9a-f]{32}$/);
    assert.equal(mine[0].conversion_status, 'converted');
    assert.equal((await attempts(`VerifyServiceSid=${service}&Status=unconverted`)).length, 1);
    assert.equal((await attempts('ChannelData.To=%2B15551110002'))[0].channel_data.to, '+15551110002');
    assert.equal((await attempts('Channel=call')).length, 0);
    assert.equal((await attempts('DateCreatedAfter=2099-01-01T00:00:00Z')).length, 0);
    assert.equal((await attempts('Country=CO')).length, 0);
  });
});
