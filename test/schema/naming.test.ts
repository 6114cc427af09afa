import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  argumentName,
  camelCase,
  defaultOperationFieldName,
  enumValueName,
  joinDroppingRepeat,
  pluralize,
  productDocs,
  singularize,
  snakeCase,
} from '../../src/schema/naming.js';
import { resolveTypeNames } from '../../src/schema/type-names.js';
import type { ApiModel } from '../../src/spec/model.js';

test('wire names become camelCase fields and arguments', () => {
  assert.equal(camelCase('friendly_name'), 'friendlyName');
  assert.equal(camelCase('SIP_Domains'), 'sipDomains');
  assert.equal(argumentName('DateSent>'), 'dateSentAfter');
  assert.equal(argumentName('DateSent<'), 'dateSentBefore');
  assert.equal(argumentName('Timers.Closed'), 'timersClosed');
  assert.equal(argumentName('X-Twilio-Webhook-Enabled'), 'xTwilioWebhookEnabled');
  // An argument reads like the response field it sets (`a2p_profile_bundle_sid` → `a2pProfileBundleSid`).
  assert.equal(argumentName('A2PProfileBundleSid'), camelCase('a2p_profile_bundle_sid'));
  assert.equal(argumentName('E164Format'), 'e164Format');
  assert.equal(snakeCase('WorkspaceSid'), 'workspace_sid');
  assert.equal(snakeCase('ChatServiceSid'), 'chat_service_sid');
});

test('enum values are valid GraphQL names', () => {
  assert.equal(enumValueName('in-progress'), 'IN_PROGRESS');
  assert.equal(enumValueName('no-answer'), 'NO_ANSWER');
  assert.equal(enumValueName('2fa'), '_2FA');
  // GraphQL forbids only the lower-case `true`, `false` and `null` as enum values.
  assert.equal(enumValueName('true'), 'TRUE');
  assert.equal(enumValueName('null'), 'NULL');
  assert.equal(enumValueName(''), 'EMPTY');
});

test('plural and singular forms used for field names', () => {
  assert.equal(pluralize('Activity'), 'activities'.replace(/^a/, 'A'));
  assert.equal(pluralize('Address'), 'Addresses');
  assert.equal(pluralize('WorkerStatistics'), 'WorkerStatistics');
  assert.equal(singularize('Activities'), 'Activity');
  assert.equal(singularize('Addresses'), 'Address');
  assert.equal(singularize('Workers'), 'Worker');
});

/** A model holding only the named response schemas, for the type-name rules. */
function modelOf(keys: string[]): ApiModel {
  const schemas = Object.fromEntries(
    keys.map((key) => [key, { name: key.slice(key.indexOf(':') + 1), spec: key.slice(0, key.indexOf(':')), fields: [], sidPrefixes: [] }]),
  );
  return { specs: [], operations: [], schemas, dependents: [] };
}

test('pinned names survive another spec producing the same default name; the newcomer is qualified', () => {
  const { ofSchema } = resolveTypeNames(modelOf(['flex_v1:flex.v1.interaction', 'proxy_v1:proxy.v1.service.session.interaction']));
  assert.equal(ofSchema.get('flex_v1:flex.v1.interaction'), 'Interaction');
  assert.equal(ofSchema.get('proxy_v1:proxy.v1.service.session.interaction'), 'ProxyV1Interaction');
});

test('colliding defaults are qualified by product, the 2010 API keeping the bare name; generator names get Resource', () => {
  const { ofSchema } = resolveTypeNames(
    modelOf(['api_v2010:api.v2010.account.recording', 'video_v1:video.v1.recording', 'verify_v2:verify.v2.service', 'messaging_v1:messaging.v1.service', 'sync_v1:sync.v1.node']),
  );
  assert.deepEqual([...ofSchema.values()], ['Recording', 'MessagingService', 'NodeResource', 'VerifyService', 'VideoRecording']);
});

test('two unrelated schemas left with one name are an error, never a merged type', () => {
  // conversations_v1's own `message` would be qualified into the pinned ConversationMessage.
  const keys = ['api_v2010:api.v2010.account.message', 'conversations_v1:conversations.v1.message', 'conversations_v1:conversations.v1.conversation.conversation_message'];
  assert.throws(() => resolveTypeNames(modelOf(keys)), /Type name ConversationMessage is produced by .* TYPE_OVERRIDES/);
});

test('descriptions of specs without PRODUCT_DOCS fall back to the spec id and Twilio docs home', () => {
  assert.deepEqual(productDocs('proxy_v1'), { title: 'proxy_v1', docs: 'https://www.twilio.com/docs' });
  assert.equal(productDocs('taskrouter_v1').title, 'TaskRouter');
});

test('a word repeated where two names meet is said once', () => {
  assert.equal(joinDroppingRepeat('InteractionChannel', 'ChannelStatus'), 'InteractionChannelStatus');
  assert.equal(joinDroppingRepeat('NewFactor', 'FactorStatuses'), 'NewFactorStatuses');
  assert.equal(joinDroppingRepeat('Room', 'Status'), 'RoomStatus');
  // The second name keeps a word: the result never is the owner's own name.
  assert.equal(joinDroppingRepeat('ProvisioningStatus', 'Status'), 'ProvisioningStatusStatus');
});

test('root field names: variant lists pluralize their collection', () => {
  const ofClass = (_spec: string, className: string) => (className === 'Queue' ? 'CallQueue' : className);
  const op = (operationId: string, path: string, method: 'GET' | 'POST' = 'GET') => ({ key: `api_v2010:${operationId}`, spec: 'api_v2010', operationId, method, path });
  const accounts = '/2010-04-01/Accounts/{AccountSid}';
  assert.equal(defaultOperationFieldName(op('ListUsageRecordDaily', `${accounts}/Usage/Records/Daily.json`), ofClass), 'usageRecordsDaily');
  assert.equal(defaultOperationFieldName(op('ListIncomingPhoneNumberTollFree', `${accounts}/IncomingPhoneNumbers/TollFree.json`), ofClass), 'incomingPhoneNumbersTollFree');
  assert.equal(defaultOperationFieldName(op('ListUsageRecord', `${accounts}/Usage/Records.json`), ofClass), 'usageRecords');
  assert.equal(defaultOperationFieldName(op('ListQueue', `${accounts}/Queues.json`), ofClass), 'callQueues');
  assert.equal(defaultOperationFieldName(op('FetchQueue', `${accounts}/Queues/{Sid}.json`), ofClass), 'callQueue');
  assert.equal(defaultOperationFieldName(op('CreateQueue', `${accounts}/Queues.json`, 'POST'), ofClass), 'createCallQueue');
});
