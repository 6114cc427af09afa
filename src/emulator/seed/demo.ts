/**
 * The demo seed: a small contact center, built through `engine.dispatch` so
 * every resource passes the same validation as an API request and the
 * behaviours (routing, lifecycles, indexes) shape it as they would live.
 *
 * Finding things: names are fixed (see {@link DEMO} and the lists in
 * `demo-data.ts`), SIDs are not — list a collection and match on
 * `friendly_name` / `unique_name` / `identity`, e.g. the workspace named
 * `Demo Contact Center`, the conversation with unique name `order-1042`.
 */
import { isoDate } from '../dates.js';
import type { DispatchRequest, Engine } from '../engine.js';
import { Records } from '../behaviours/records.js';
import {
  ACTIVITIES,
  CALLS,
  CONVERSATIONS,
  DEFAULT_QUEUE,
  DEMO,
  INTERACTIONS,
  PLUGINS,
  QUEUES,
  ROOM_PARTICIPANTS,
  SMS_MESSAGES,
  TASK_CHANNELS,
  TASKS,
  WORKERS,
  WORKFLOW_FILTERS,
  type TaskStage,
} from './demo-data.js';

type Body = Record<string, unknown>;
type Send = (method: DispatchRequest['method'], product: string, path: string, params?: Record<string, string | string[]>) => Promise<Body>;

/** SIDs of the main seeded containers, for the log line and for callers that want them. */
export interface DemoSummary {
  workspaceSid: string;
  workflowSid: string;
  conversationsServiceSid: string;
  verifyServiceSid: string;
  roomSid: string;
  flexFlowSid: string;
}

/** Seeds the demo contact center into the engine's main account. */
export async function seedDemo(engine: Engine): Promise<DemoSummary> {
  const accountSid = engine.accountSid;
  const send: Send = async (method, product, path, params) => {
    const result = await engine.dispatch({ accountSid, method, product, path, ...(params ? { params } : {}) });
    if (result.status >= 400) throw new Error(`demo seed: ${method} /${product}${path} failed (${result.status}): ${JSON.stringify(result.body)}`);
    return (result.body ?? {}) as Body;
  };
  const sid = (body: Body): string => String(body.sid);

  const { workspaceSid, workflowSid } = await seedTaskRouter(send, sid);
  const conversationsServiceSid = sid(await send('POST', 'conversations', '/v1/Services', { FriendlyName: DEMO.conversationsService }));
  await seedConversations(send, sid, conversationsServiceSid);
  await seedMessagesAndCalls(send, accountSid);
  const verifyServiceSid = sid(await send('POST', 'verify', '/v2/Services', { FriendlyName: DEMO.verifyService, CodeLength: '6' }));
  const roomSid = await seedVideo(engine, send, sid);
  const flexFlowSid = await seedFlex(send, sid, { conversationsServiceSid, workspaceSid, workflowSid });
  return { workspaceSid, workflowSid, conversationsServiceSid, verifyServiceSid, roomSid, flexFlowSid };
}

async function seedTaskRouter(send: Send, sid: (b: Body) => string): Promise<{ workspaceSid: string; workflowSid: string }> {
  const workspaceSid = sid(await send('POST', 'taskrouter', '/v1/Workspaces', { FriendlyName: DEMO.workspace, MultiTaskEnabled: 'false' }));
  const ws = `/v1/Workspaces/${workspaceSid}`;
  // A new workspace already has TaskRouter's default activities (Offline, Available, …) and task
  // channels (default, voice, chat, sms …) when behaviours run: add only what is missing.
  const activity = new Map<string, string>();
  for (const a of (await send('GET', 'taskrouter', `${ws}/Activities`, { PageSize: '100' })).activities as Body[]) {
    activity.set(String(a.friendly_name), sid(a));
  }
  for (const a of ACTIVITIES) {
    if (activity.has(a.name)) continue;
    activity.set(a.name, sid(await send('POST', 'taskrouter', `${ws}/Activities`, { FriendlyName: a.name, Available: String(a.available) })));
  }
  await send('POST', 'taskrouter', ws, { DefaultActivitySid: activity.get('Offline')!, TimeoutActivitySid: activity.get('Offline')! });
  const channels = new Set(((await send('GET', 'taskrouter', `${ws}/TaskChannels`, { PageSize: '100' })).channels as Body[]).map((c) => c.unique_name));
  for (const channel of TASK_CHANNELS) {
    if (!channels.has(channel)) await send('POST', 'taskrouter', `${ws}/TaskChannels`, { FriendlyName: channel, UniqueName: channel });
  }
  const queue = new Map<string, string>();
  for (const q of QUEUES) {
    const created = await send('POST', 'taskrouter', `${ws}/TaskQueues`, {
      FriendlyName: q.name,
      TargetWorkers: q.targetWorkers,
      AssignmentActivitySid: activity.get('Busy')!,
    });
    queue.set(q.name, sid(created));
  }
  const configuration = {
    task_routing: {
      filters: WORKFLOW_FILTERS.map((f) => ({ filter_friendly_name: f.name, expression: f.expression, targets: [{ queue: queue.get(f.queue)! }] })),
      default_filter: { queue: queue.get(DEFAULT_QUEUE)! },
    },
  };
  const workflowSid = sid(
    await send('POST', 'taskrouter', `${ws}/Workflows`, {
      FriendlyName: DEMO.workflow,
      Configuration: JSON.stringify(configuration),
      TaskReservationTimeout: '120',
    }),
  );
  for (const w of WORKERS) {
    await send('POST', 'taskrouter', `${ws}/Workers`, { FriendlyName: w.name, ActivitySid: activity.get(w.activity)!, Attributes: JSON.stringify(w.attributes) });
  }
  // Tasks that end first go first, so their workers are free again for the later ones; the
  // waiting task goes last, once its queue's workers are busy.
  const order: TaskStage[] = ['completed', 'canceled', 'assigned', 'wrapping', 'pending-reservation', 'pending'];
  for (const stage of order) {
    for (const t of TASKS.filter((x) => x.stage === stage)) {
      const task = await send('POST', 'taskrouter', `${ws}/Tasks`, { WorkflowSid: workflowSid, Attributes: JSON.stringify(t.attributes), TaskChannel: 'voice' });
      await advanceTask(send, ws, sid(task), stage);
    }
  }
  return { workspaceSid, workflowSid };
}

/** Moves a freshly routed task to its stage the way an agent's client would. */
async function advanceTask(send: Send, ws: string, taskSid: string, stage: TaskStage): Promise<void> {
  if (stage === 'canceled') {
    await send('POST', 'taskrouter', `${ws}/Tasks/${taskSid}`, { AssignmentStatus: 'canceled', Reason: 'Caller hung up' });
    return;
  }
  if (stage === 'pending-reservation' || stage === 'pending') return;
  const page = await send('GET', 'taskrouter', `${ws}/Tasks/${taskSid}/Reservations`, { ReservationStatus: 'pending' });
  const reservation = (page.reservations as Body[] | undefined)?.[0];
  // No worker was free for it: the task waits in its queue, which is a stage too.
  if (!reservation) return;
  await send('POST', 'taskrouter', `${ws}/Tasks/${taskSid}/Reservations/${String(reservation.sid)}`, { ReservationStatus: 'accepted' });
  if (stage === 'completed') await send('POST', 'taskrouter', `${ws}/Tasks/${taskSid}`, { AssignmentStatus: 'completed', Reason: 'Resolved' });
  if (stage === 'wrapping') await send('POST', 'taskrouter', `${ws}/Tasks/${taskSid}`, { AssignmentStatus: 'wrapping' });
}

async function seedConversations(send: Send, sid: (b: Body) => string, serviceSid: string): Promise<void> {
  for (const [i, c] of CONVERSATIONS.entries()) {
    // The last conversation lives in the demo service, the others in the account's default one.
    const base = i === CONVERSATIONS.length - 1 ? `/v1/Services/${serviceSid}/Conversations` : '/v1/Conversations';
    const conversation = sid(await send('POST', 'conversations', base, { FriendlyName: c.name, UniqueName: c.uniqueName, State: 'active' }));
    for (const p of c.participants) {
      const params: Record<string, string> =
        'identity' in p ? { Identity: p.identity } : { 'MessagingBinding.Address': p.address, 'MessagingBinding.ProxyAddress': DEMO.phoneNumber };
      await send('POST', 'conversations', `${base}/${conversation}/Participants`, params);
    }
    for (const m of c.messages) await send('POST', 'conversations', `${base}/${conversation}/Messages`, { Author: m.author, Body: m.body });
  }
}

async function seedMessagesAndCalls(send: Send, accountSid: string): Promise<void> {
  const api = `/2010-04-01/Accounts/${accountSid}`;
  for (const m of SMS_MESSAGES) await send('POST', 'api', `${api}/Messages.json`, { To: m.to, From: DEMO.phoneNumber, Body: m.body });
  for (const c of CALLS) {
    await send('POST', 'api', `${api}/Calls.json`, { To: c.to, From: DEMO.phoneNumber, Url: 'http://demo.twilio.com/docs/voice.xml' });
  }
}

/** Video participants join through the Video SDK, not the REST API: they are stored directly. */
async function seedVideo(engine: Engine, send: Send, sid: (b: Body) => string): Promise<string> {
  const roomSid = sid(await send('POST', 'video', '/v1/Rooms', { UniqueName: DEMO.videoRoom, Type: 'group', MaxParticipants: '10' }));
  const records = new Records(engine.store);
  const now = isoDate(new Date());
  for (const identity of ROOM_PARTICIPANTS) {
    records.insert(engine.accountSid, 'video_v1:video.v1.room.room_participant', { room_sid: roomSid, identity, status: 'connected', start_time: now });
  }
  // Direct inserts happen outside any request: nothing else would commit their undo journal.
  engine.store.commit(0);
  return roomSid;
}

async function seedFlex(
  send: Send,
  sid: (b: Body) => string,
  ids: { conversationsServiceSid: string; workspaceSid: string; workflowSid: string },
): Promise<string> {
  const flexFlowSid = sid(
    await send('POST', 'flex-api', '/v1/FlexFlows', {
      FriendlyName: DEMO.flexFlow,
      ChatServiceSid: ids.conversationsServiceSid,
      ChannelType: 'web',
      IntegrationType: 'task',
      'Integration.WorkspaceSid': ids.workspaceSid,
      'Integration.WorkflowSid': ids.workflowSid,
      'Integration.Channel': 'chat',
      Enabled: 'true',
    }),
  );
  for (const i of INTERACTIONS) {
    await send('POST', 'flex-api', '/v1/Interactions', {
      Channel: JSON.stringify({ type: i.type, initiated_by: 'customer', properties: { from: i.customer } }),
      Routing: JSON.stringify({
        properties: {
          workspace_sid: ids.workspaceSid,
          workflow_sid: ids.workflowSid,
          task_channel_unique_name: i.type === 'sms' ? 'sms' : 'chat',
          attributes: { type: 'support', language: 'en', from: i.customer, subject: i.subject },
        },
      }),
    });
  }
  const versions: string[] = [];
  for (const p of PLUGINS) {
    const plugin = sid(await send('POST', 'flex-api', '/v1/PluginService/Plugins', { UniqueName: p.uniqueName, FriendlyName: p.friendlyName, Description: p.description }));
    const version = await send('POST', 'flex-api', `/v1/PluginService/Plugins/${plugin}/Versions`, {
      Version: p.version,
      PluginUrl: `https://demo-assets.example.com/plugins/${p.uniqueName}/${p.version}/bundle.js`,
      Changelog: `Release ${p.version}`,
      Private: 'false',
    });
    versions.push(sid(version));
  }
  const configuration = await send('POST', 'flex-api', '/v1/PluginService/Configurations', {
    Name: DEMO.pluginConfiguration,
    Description: 'Plugins enabled for the demo contact center',
    Plugins: versions.map((v) => JSON.stringify({ plugin_version: v })),
  });
  await send('POST', 'flex-api', '/v1/PluginService/Releases', { ConfigurationId: sid(configuration) });
  return flexFlowSid;
}
