/**
 * The naming rules of the generated schema and their override tables, so that a name in
 * `twilio-schema.graphql` can be explained from here (README "Naming rules" has the full list,
 * fallbacks included). Applied by type-names.ts (rules 1–2), value-types.ts (enums) and
 * build-graph.ts (field name fallbacks).
 *
 * Rules, in order:
 * 1. Type names come from the last segment of the spec's schema name
 *    (`taskrouter.v1.workspace.worker` → `Worker`), unless `TYPE_OVERRIDES` pins them.
 * 2. A type name produced by more than one spec, or pinned by another schema, is qualified
 *    with its product (`SPEC_QUALIFIERS`); the 2010 API keeps the bare name (`Service` →
 *    `ConversationService`, `VerifyService`, `MessagingService`; `Recording` vs `VideoRecording`).
 * 3. Field and argument names are camelCase of the wire names (`friendly_name` →
 *    `friendlyName`, `DateSent>` → `dateSentAfter`, `Timers.Closed` → `timersClosed`).
 * 4. Enum values are upper snake case (`in-progress` ↔ `IN_PROGRESS`); the wire value
 *    is kept in the operation map so both directions are exact.
 * 5. Operation fields are named from Twilio's operationId (`ListWorker` → `workers`,
 *    `FetchWorker` → `worker`, `CreateTaskQueue` → `createQueue`) with the class part
 *    mapped through rules 1–2; `OPERATION_FIELD_OVERRIDES` renames actions that are not
 *    plain create/update/delete (`CreateVerificationCheck` → `checkVerification`).
 */

import type { Operation } from '../spec/model.js';

/**
 * Schema (`spec:component`) → GraphQL type name. Binding names of the project are pinned here,
 * so adding a spec that produces the same default name (proxy_v1's `interaction`) qualifies the
 * newcomer instead of the binding.
 */
export const TYPE_OVERRIDES: Readonly<Record<string, string>> = {
  'taskrouter_v1:taskrouter.v1.workspace': 'Workspace',
  'taskrouter_v1:taskrouter.v1.workspace.worker': 'Worker',
  'taskrouter_v1:taskrouter.v1.workspace.task': 'Task',
  'taskrouter_v1:taskrouter.v1.workspace.workflow': 'Workflow',
  'taskrouter_v1:taskrouter.v1.workspace.activity': 'Activity',
  'taskrouter_v1:taskrouter.v1.workspace.task_channel': 'TaskChannel',
  'conversations_v1:conversations.v1.conversation': 'Conversation',
  'conversations_v1:conversations.v1.conversation.conversation_participant': 'ConversationParticipant',
  'conversations_v1:conversations.v1.conversation.conversation_message': 'ConversationMessage',
  'flex_v1:flex.v1.flex_flow': 'FlexFlow',
  'flex_v1:flex.v1.interaction': 'Interaction',
  'flex_v1:flex.v1.interaction.interaction_channel': 'InteractionChannel',
  'flex_v1:flex.v1.plugin': 'Plugin',
  'taskrouter_v1:taskrouter.v1.workspace.task_queue': 'Queue',
  'taskrouter_v1:taskrouter.v1.workspace.task.task_reservation': 'Reservation',
  'taskrouter_v1:taskrouter.v1.workspace.worker.worker_reservation': 'Reservation',
  'taskrouter_v1:taskrouter.v1.workspace.task_queue.task_queue_statistics': 'QueueStatistics',
  'taskrouter_v1:taskrouter.v1.workspace.task_queue.task_queue_real_time_statistics': 'QueueRealTimeStatistics',
  'taskrouter_v1:taskrouter.v1.workspace.task_queue.task_queue_cumulative_statistics': 'QueueCumulativeStatistics',
  'taskrouter_v1:taskrouter.v1.workspace.task_queue.task_queues_statistics': 'QueuesStatistics',
  'taskrouter_v1:taskrouter.v1.workspace.task_queue.task_queue_bulk_real_time_statistics':
    'QueueBulkRealTimeStatistics',
  'conversations_v1:conversations.v1.conversation.conversation_scoped_webhook': 'ConversationWebhook',
  'conversations_v1:conversations.v1.service.service_conversation.service_conversation_scoped_webhook':
    'ServiceConversationWebhook',
  'api_v2010:api.v2010.account.queue': 'CallQueue',
  'api_v2010:api.v2010.account.queue.member': 'CallQueueMember',
};

/** Product qualifier used when a type name collides across specs (rule 2). */
export const SPEC_QUALIFIERS: Readonly<Record<string, string>> = {
  accounts_v1: 'Accounts',
  api_v2010: '',
  conversations_v1: 'Conversation',
  flex_v1: 'Flex',
  flex_v2: 'FlexV2',
  messaging_v1: 'Messaging',
  taskrouter_v1: 'TaskRouter',
  verify_v2: 'Verify',
  video_v1: 'Video',
  voice_v1: 'Voice',
};

/** Human product names and docs pages, used in the generated descriptions (see `productDocs`). */
const PRODUCT_DOCS: Readonly<Record<string, { title: string; docs: string }>> = {
  accounts_v1: { title: 'Accounts', docs: 'https://www.twilio.com/docs/iam/api' },
  api_v2010: { title: 'Twilio API (2010-04-01)', docs: 'https://www.twilio.com/docs/usage/api' },
  conversations_v1: { title: 'Conversations', docs: 'https://www.twilio.com/docs/conversations/api' },
  flex_v1: { title: 'Flex', docs: 'https://www.twilio.com/docs/flex/developer/config/flex-api' },
  flex_v2: { title: 'Flex (v2)', docs: 'https://www.twilio.com/docs/flex/developer/config/flex-api' },
  messaging_v1: { title: 'Messaging', docs: 'https://www.twilio.com/docs/messaging/api' },
  taskrouter_v1: { title: 'TaskRouter', docs: 'https://www.twilio.com/docs/taskrouter/api' },
  verify_v2: { title: 'Verify', docs: 'https://www.twilio.com/docs/verify/api' },
  video_v1: { title: 'Video', docs: 'https://www.twilio.com/docs/video/api' },
  voice_v1: { title: 'Voice', docs: 'https://www.twilio.com/docs/voice/api' },
};

/** Docs link for specs without a `PRODUCT_DOCS` entry. */
const DEFAULT_DOCS = 'https://www.twilio.com/docs';

/** Title and docs page of a spec for descriptions: its `PRODUCT_DOCS` entry, else its id and Twilio's docs home. */
export function productDocs(spec: string): { title: string; docs: string } {
  return PRODUCT_DOCS[spec] ?? { title: spec, docs: DEFAULT_DOCS };
}

/**
 * operation key → field name, for actions that read better with their own verb than as a
 * create/update of a made-up resource (`UpdatePluginArchive` → `archivePlugin`). A read that
 * Twilio takes as a POST stays a mutation (POSTs are sent once) and is named `fetch…`.
 */
export const OPERATION_FIELD_OVERRIDES: Readonly<Record<string, string>> = {
  'accounts_v1:UpdateAuthTokenPromotion': 'promoteAuthToken',
  'flex_v1:UpdatePluginArchive': 'archivePlugin',
  'flex_v1:UpdatePluginVersionArchive': 'archivePluginVersion',
  'flex_v1:UpdatePluginConfigurationArchive': 'archivePluginConfiguration',
  'flex_v1:CreateInteractionTransfer': 'transferInteraction',
  'flex_v1:CreateInteractionChannelInvite': 'inviteToInteractionChannel',
  'messaging_v1:CreateBrandRegistrationOtp': 'sendBrandRegistrationOtp',
  'messaging_v1:UpdateRequestManagedCert': 'requestManagedCert',
  'taskrouter_v1:CreateTaskQueueBulkRealTimeStatistics': 'fetchQueuesRealTimeStatistics',
  'verify_v2:CreateVerification': 'startVerification',
  'verify_v2:CreateVerificationCheck': 'checkVerification',
  'verify_v2:UpdateChallenge': 'verifyChallenge',
  'verify_v2:UpdateFactor': 'verifyFactor',
  'verify_v2:CreateChallengePasskeys': 'createPasskeyChallenge',
  'verify_v2:UpdateChallengePasskeys': 'approvePasskeyChallenge',
  'verify_v2:CreateNewFactorPasskey': 'createPasskeyFactor',
  'verify_v2:UpdatePasskeysFactor': 'verifyPasskeyFactor',
  'video_v1:UpdateRoomParticipantAnonymize': 'anonymizeRoomParticipant',
  'voice_v1:CreateDialingPermissionsCountryBulkUpdate': 'bulkUpdateDialingPermissionsCountries',
};

/** Path segments renamed before they become field names (`TaskQueues` → `queues`). */
export const SEGMENT_ALIASES: Readonly<Record<string, string>> = {
  TaskQueues: 'Queues',
  TaskQueue: 'Queue',
};

/** Wire field names whose string value is JSON (Twilio's "JSON string" attributes). */
export const JSON_STRING_FIELDS: ReadonlySet<string> = new Set([
  'attributes',
  'conversation_attributes',
  'configuration',
]);

/** `worker_channel` / `WorkerChannel` / `worker-channel` → `WorkerChannel`. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** `friendly_name` → `friendlyName`; `WorkspaceSid` → `workspaceSid`. */
export function camelCase(text: string): string {
  const p = pascalCase(text);
  // A leading acronym is lowered whole: `SIPDomains` → `sipDomains`, `URL` → `url`,
  // `A2PProfileBundleSid` → `a2pProfileBundleSid` (as the response field `a2p_profile_bundle_sid` reads).
  const acronym = /^[A-Z]{2,}(?=[A-Z][a-z]|[0-9]|$)|^[A-Z][A-Z0-9]*[0-9][A-Z]+(?=[A-Z][a-z]|$)/.exec(p);
  if (acronym) return acronym[0].toLowerCase() + p.slice(acronym[0].length);
  return lowerFirst(p);
}

/** `WorkspaceSid` → `workspace_sid`, the response-field spelling of a path parameter. */
export function snakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

/**
 * Joins two PascalCase names, dropping the words the first ends with and the second starts
 * with: `InteractionChannel` + `ChannelStatus` → `InteractionChannelStatus`.
 */
export function joinDroppingRepeat(first: string, second: string): string {
  const a = first.match(/[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [];
  const b = second.match(/[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [];
  // The second name keeps a word: `ProvisioningStatus` + `Status` would be the owner's own name.
  for (let n = Math.min(a.length, b.length - 1); n > 0; n--) {
    if (a.slice(a.length - n).join('') === b.slice(0, n).join('')) return first + b.slice(n).join('');
  }
  return first + second;
}

/** Lower-cases the first letter. */
export function lowerFirst(text: string): string {
  return text ? text[0]!.toLowerCase() + text.slice(1) : text;
}

const UNCOUNTABLE = /(Statistics|Media|Data|Settings|Status|Feedback|Summary|Insights|Information|Evaluation|Usage)$/;

/** English plural of a PascalCase/camelCase word, for list field names. */
export function pluralize(word: string): string {
  // Twilio class names are sometimes plural already (`InsightsConversations`); keep them.
  if (UNCOUNTABLE.test(word) || /[^su]s$/.test(word)) return word;
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(word)) return word + 'es';
  return word + 's';
}

/** English singular of a path segment (`Activities` → `Activity`, `Addresses` → `Address`). */
export function singularize(word: string): string {
  if (UNCOUNTABLE.test(word)) return word;
  if (/ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/sses$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * GraphQL argument name for a wire parameter: `DateSent>` → `dateSentAfter`,
 * `StartTime<` → `startTimeBefore`, `Timers.Closed` → `timersClosed`,
 * `X-Twilio-Webhook-Enabled` → `xTwilioWebhookEnabled`.
 */
export function argumentName(wire: string): string {
  let suffix = '';
  let base = wire;
  const op = /([<>]=?)$/.exec(wire);
  if (op) {
    base = wire.slice(0, -op[1]!.length);
    suffix = { '>': 'After', '<': 'Before', '>=': 'OnOrAfter', '<=': 'OnOrBefore' }[op[1]!]!;
  }
  return camelCase(base) + suffix;
}

/** Response field name: `friendly_name` → `friendlyName`; a leading digit gets `_`. */
export function fieldName(wire: string): string {
  const name = camelCase(wire);
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * The one enum every HTTP-method choice of the specs takes (`StatusCallbackMethod`, `VoiceMethod` …:
 * the specs mark them `format: http-method`), instead of an identical enum per field.
 */
export const HTTP_METHOD_ENUM = 'HttpMethod';

const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);

/**
 * True for an enum that is an HTTP-method choice: marked `format: http-method`, or a `…_enum_method(s)`
 * component (Conversations' webhook methods) whose values are all HTTP methods.
 */
export function isHttpMethodChoice(type: { name: string; values: readonly string[]; format?: string }): boolean {
  if (type.format === 'http-method') return true;
  return /_enum_methods?$/.test(type.name) && type.values.length > 0 && type.values.every((value) => HTTP_METHODS.has(value));
}

/**
 * Enum value for a wire value: `in-progress` → `IN_PROGRESS`, `+1` → `PLUS_1`,
 * `2fa` → `_2FA`; empty → `EMPTY`.
 */
export function enumValueName(wire: string): string {
  const words = wire
    .replace(/\+/g, ' plus ')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const name = words.join('_').toUpperCase();
  if (!name) return 'EMPTY';
  if (/^[0-9]/.test(name)) return `_${name}`;
  return name;
}

/** Default (pre-collision) type name of a spec schema component. */
export function defaultTypeName(schemaKey: string): string {
  const component = schemaKey.slice(schemaKey.indexOf(':') + 1);
  if (component.startsWith('inline.')) {
    return pascalCase(component.slice('inline.'.length).replace(/^(Create|Update|Fetch|List|Delete)/, ''));
  }
  return pascalCase(component.slice(component.lastIndexOf('.') + 1));
}

/**
 * Query or Mutation field name of an operation (rule 5), before collision fallbacks: its
 * `OPERATION_FIELD_OVERRIDES` entry, else `defaultOperationFieldName`.
 */
export function operationFieldName(op: OperationNaming, ofClass: ClassNames): string {
  return OPERATION_FIELD_OVERRIDES[op.key] ?? defaultOperationFieldName(op, ofClass);
}

/**
 * Rule 5 without overrides, the class part of the operationId mapped to our type name:
 * `FetchWorker` → `worker`, `ListWorker` → `workers`, `CreateTaskQueue` → `createQueue`.
 * A variant list of a collection pluralizes the collection (`…/IncomingPhoneNumbers/TollFree` →
 * `incomingPhoneNumbersTollFree`, not `…TollFrees`). A list whose plural reads as its singular
 * (`ListCredentialAws` → `credentialAws`) is renamed by the builder when a fetch wants the name.
 */
export function defaultOperationFieldName(op: OperationNaming, ofClass: ClassNames): string {
  const { verb, className } = splitOperationId(op.operationId);
  const typeName = ofClass(op.spec, className);
  if (op.method !== 'GET') return `${lowerFirst(verb)}${typeName}`;
  const single = lowerFirst(typeName);
  if (verb !== 'List') return single;
  return variantListName(op.path, typeName) ?? lowerFirst(pluralize(typeName));
}

/**
 * `usageRecordsDaily` for a `UsageRecordDaily` list at `…/Usage/Records/Daily`: the type name
 * ends in the collection's singular and the variant segment, and the collection word is plural.
 */
function variantListName(path: string, typeName: string): string | undefined {
  const segments = path.replace(/\.json$/, '').split('/');
  const [collection, variant] = segments.slice(-2) as [string, string];
  if (!collection || /[{}]/.test(collection + variant)) return undefined;
  const item = singularize(collection);
  const tail = `${item}${pascalCase(variant)}`;
  if (item === collection || !typeName.endsWith(tail)) return undefined;
  return lowerFirst(`${typeName.slice(0, -tail.length)}${collection}${pascalCase(variant)}`);
}

/** What operation naming reads of an operation. */
export type OperationNaming = Pick<Operation, 'key' | 'spec' | 'operationId' | 'method' | 'path'>;

/** Twilio class name within a spec → our type name (see type-names.ts). */
export type ClassNames = (spec: string, className: string) => string;

/** The Create/Update/Delete/Fetch/List verb of a Twilio operationId and its class part. */
export function splitOperationId(operationId: string): { verb: string; className: string } {
  const m = /^(Create|Update|Delete|Fetch|List)(.+)$/.exec(operationId);
  if (!m) return { verb: '', className: operationId };
  return { verb: m[1]!, className: m[2]! };
}
