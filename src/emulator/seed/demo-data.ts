/**
 * The demo contact center, as plain data. Names are fixed so tests and the
 * README can find things by friendly name; SIDs are whatever the emulator
 * assigns at seed time.
 */

/** Friendly names the seed uses; tests look resources up by these. */
export const DEMO = {
  workspace: 'Demo Contact Center',
  workflow: 'Inbound Router',
  conversationsService: 'Demo Conversations',
  verifyService: 'Demo Verify',
  videoRoom: 'daily-standup',
  flexFlow: 'Demo Web Chat',
  pluginConfiguration: 'Demo Configuration',
  /** The demo account's phone number: sender of the seeded messages and calls. */
  phoneNumber: '+15005550006',
} as const;

/** TaskRouter activities; the first available one is where workers go when freed. */
export const ACTIVITIES: readonly { name: string; available: boolean }[] = [
  { name: 'Available', available: true },
  { name: 'Offline', available: false },
  { name: 'Break', available: false },
  { name: 'Busy', available: false },
  { name: 'Wrap Up', available: false },
];

/** Task channels (unique names) the demo tasks and interactions use. */
export const TASK_CHANNELS: readonly string[] = ['default', 'voice', 'chat', 'sms'];

export interface DemoQueue {
  name: string;
  targetWorkers: string;
}

export const QUEUES: readonly DemoQueue[] = [
  { name: 'General Support', targetWorkers: `skills HAS "support"` },
  { name: 'Billing', targetWorkers: `skills HAS "billing"` },
  { name: 'Sales', targetWorkers: `skills HAS "sales"` },
  { name: 'Spanish', targetWorkers: `languages HAS "es"` },
];

/** Workflow filters by queue name; turned into the JSON configuration once queue SIDs exist. */
export const WORKFLOW_FILTERS: readonly { name: string; expression: string; queue: string }[] = [
  { name: 'Spanish speakers', expression: `language == "es"`, queue: 'Spanish' },
  { name: 'Billing questions', expression: `type == "billing"`, queue: 'Billing' },
  { name: 'Sales leads', expression: `type IN ["sales", "upgrade"]`, queue: 'Sales' },
];
export const DEFAULT_QUEUE = 'General Support';

export interface DemoWorker {
  name: string;
  activity: string;
  attributes: { skills: string[]; languages: string[]; level: number; team: string; contact_uri: string };
}

const worker = (name: string, activity: string, skills: string[], languages: string[], level: number, team: string): DemoWorker => ({
  name,
  activity,
  attributes: { skills, languages, level, team, contact_uri: `client:${name.split(' ')[0]!.toLowerCase()}` },
});

export const WORKERS: readonly DemoWorker[] = [
  worker('Alice Johnson', 'Available', ['support', 'billing'], ['en'], 3, 'Tier 2'),
  worker('Bob Martinez', 'Available', ['support'], ['en', 'es'], 2, 'Tier 1'),
  worker('Carmen Lopez', 'Available', ['support', 'sales'], ['es', 'en'], 2, 'Tier 1'),
  worker('David Chen', 'Available', ['billing'], ['en', 'zh'], 3, 'Billing'),
  worker('Emma Wilson', 'Available', ['sales'], ['en'], 1, 'Sales'),
  worker('Farah Khan', 'Break', ['support', 'billing'], ['en', 'ur'], 2, 'Tier 1'),
  worker('Giulia Rossi', 'Available', ['support'], ['it', 'en'], 1, 'Tier 1'),
  worker('Hiro Tanaka', 'Offline', ['support', 'sales'], ['ja', 'en'], 3, 'Tier 2'),
  worker('Isabel García', 'Available', ['billing', 'support'], ['es'], 2, 'Billing'),
  worker('Jonas Becker', 'Offline', ['sales'], ['de', 'en'], 2, 'Sales'),
  worker('Kofi Mensah', 'Available', ['support'], ['en', 'fr'], 1, 'Tier 1'),
  worker('Lena Novak', 'Break', ['billing'], ['en', 'cs'], 3, 'Billing'),
];

/**
 * What the seed does with a routed task, to leave tasks at every stage: `pending` is a task whose
 * queue has no free worker left (it waits), `wrapping` one accepted and moved to wrap-up.
 */
export type TaskStage = 'pending' | 'pending-reservation' | 'assigned' | 'wrapping' | 'completed' | 'canceled';

export const TASKS: readonly { stage: TaskStage; attributes: Record<string, unknown> }[] = [
  { stage: 'completed', attributes: { type: 'support', language: 'en', customer: 'Riley Park', from: '+15551230001', subject: 'Password reset' } },
  { stage: 'completed', attributes: { type: 'billing', language: 'en', customer: 'Sam Ortiz', from: '+15551230002', subject: 'Double charge' } },
  { stage: 'assigned', attributes: { type: 'support', language: 'es', customer: 'Lucía Fernández', from: '+15551230003', subject: 'Envío retrasado' } },
  { stage: 'assigned', attributes: { type: 'sales', language: 'en', customer: 'Taylor Reed', from: '+15551230004', subject: 'Enterprise plan' } },
  { stage: 'pending-reservation', attributes: { type: 'billing', language: 'en', customer: 'Morgan Lee', from: '+15551230005', subject: 'Refund status' } },
  { stage: 'pending-reservation', attributes: { type: 'support', language: 'en', customer: 'Jamie Fox', from: '+15551230006', subject: 'App crashes on login' } },
  { stage: 'canceled', attributes: { type: 'support', language: 'en', customer: 'Casey Nguyen', from: '+15551230007', subject: 'Caller hung up' } },
  // The Sales queue's available workers are taken by the assigned and the wrapping sale: the last one waits.
  { stage: 'wrapping', attributes: { type: 'sales', language: 'en', customer: 'Drew Patel', from: '+15551230009', subject: 'Team plan pricing' } },
  { stage: 'pending', attributes: { type: 'upgrade', language: 'en', customer: 'Alex Kim', from: '+15551230010', subject: 'Upgrade to annual billing' } },
];

/** Conversations with their participants (chat identities or SMS addresses) and messages. */
export const CONVERSATIONS: readonly {
  name: string;
  uniqueName: string;
  participants: ({ identity: string } | { address: string })[];
  messages: { author: string; body: string }[];
}[] = [
  {
    name: 'Order #1042 delivery',
    uniqueName: 'order-1042',
    participants: [{ identity: 'alice' }, { address: '+15551230003' }],
    messages: [
      { author: '+15551230003', body: 'Hi, my order #1042 has not arrived yet.' },
      { author: 'alice', body: 'Sorry about that! Let me check the tracking for you.' },
      { author: 'alice', body: 'It is out for delivery today and should arrive by 6pm.' },
      { author: '+15551230003', body: 'Great, thank you!' },
    ],
  },
  {
    name: 'Billing question',
    uniqueName: 'billing-question',
    participants: [{ identity: 'david' }, { identity: 'sam.ortiz' }],
    messages: [
      { author: 'sam.ortiz', body: 'I was charged twice this month.' },
      { author: 'david', body: 'I see the duplicate charge; a refund is on its way.' },
    ],
  },
  {
    name: 'Team lounge',
    uniqueName: 'team-lounge',
    participants: [{ identity: 'alice' }, { identity: 'bob' }, { identity: 'carmen' }],
    messages: [{ author: 'bob', body: 'Coffee break at 3?' }],
  },
];

export const SMS_MESSAGES: readonly { to: string; body: string }[] = [
  { to: '+15551230001', body: 'Your password reset code was sent. Reply HELP for help.' },
  { to: '+15551230002', body: 'We have refunded the duplicate charge of $19.99.' },
  { to: '+15551230004', body: 'Thanks for your interest! A sales rep will call you shortly.' },
  { to: '+15551230006', body: 'We are looking into the login issue. Ticket #5521.' },
  { to: '+15551230007', body: 'Sorry we missed you. Call us back any time.' },
];

export const CALLS: readonly { to: string }[] = [{ to: '+15551230003' }, { to: '+15551230004' }, { to: '+15551230005' }];

/** Identities in the demo video room. */
export const ROOM_PARTICIPANTS: readonly string[] = ['alice', 'bob', 'carmen'];

/** Flex interactions: one SMS and one web chat, routed to the demo workflow. */
export const INTERACTIONS: readonly { type: 'sms' | 'web'; customer: string; subject: string }[] = [
  { type: 'sms', customer: '+15551230008', subject: 'Question about my invoice' },
  { type: 'web', customer: 'web-visitor-77', subject: 'Help choosing a plan' },
];

export const PLUGINS: readonly { uniqueName: string; friendlyName: string; description: string; version: string }[] = [
  { uniqueName: 'plugin-crm-panel', friendlyName: 'CRM Panel', description: 'Shows the customer record next to each task', version: '1.2.0' },
  { uniqueName: 'plugin-quick-replies', friendlyName: 'Quick Replies', description: 'Canned responses for chat tasks', version: '0.4.1' },
];
