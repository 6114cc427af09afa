import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  printType,
  validateSchema,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { computeCoverage } from '../../src/schema/coverage.js';
import { OPERATION_FIELD_OVERRIDES, defaultOperationFieldName } from '../../src/schema/naming.js';
import { resolveTypeNames } from '../../src/schema/type-names.js';
import { DEFAULT_SPEC_IDS } from '../../src/spec/read-specs.js';
import { SPEC_DIR, generated } from './fixtures.js';

const BINDING_NAMES = [
  'Workspace', 'Worker', 'Task', 'Queue', 'Workflow', 'Activity', 'Reservation', 'TaskChannel',
  'Conversation', 'ConversationParticipant', 'ConversationMessage', 'ConversationWebhook',
  'FlexFlow', 'Interaction', 'InteractionChannel', 'Plugin',
];

function object(name: string): GraphQLObjectType {
  const type = generated().schema.getType(name);
  assert.ok(isObjectType(type), `${name} should be an object type`);
  return type;
}

/** Named types of `schema` that no field, argument, input field or interface of the roots reaches. */
function unreferencedTypes(schema: GraphQLSchema): string[] {
  const reached = new Set<string>();
  const queue: GraphQLNamedType[] = [schema.getQueryType()!, schema.getMutationType()!];
  for (let type = queue.pop(); type; type = queue.pop()) {
    if (reached.has(type.name)) continue;
    reached.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const f of Object.values(type.getFields())) queue.push(getNamedType(f.type), ...f.args.map((a) => getNamedType(a.type)));
      queue.push(...type.getInterfaces());
      // `Query.node` reaches every implementation of Node.
      if (isInterfaceType(type)) queue.push(...schema.getPossibleTypes(type));
    }
    if (isInputObjectType(type)) queue.push(...Object.values(type.getFields()).map((f) => getNamedType(f.type)));
  }
  return Object.keys(schema.getTypeMap()).filter((name) => !name.startsWith('__') && !isSpecifiedScalarType(schema.getType(name)!) && !reached.has(name));
}

function fieldType(typeName: string, field: string): string {
  const f = object(typeName).getFields()[field];
  assert.ok(f, `${typeName}.${field} should exist`);
  return String(f.type);
}

test('the SDL is valid and the committed files are what the generator produces', () => {
  const { schema, artifacts } = generated();
  assert.deepEqual(validateSchema(schema), []);
  const root = fileURLToPath(new URL('../../', import.meta.url));
  assert.equal(readFileSync(`${root}twilio-schema.graphql`, 'utf8'), artifacts.sdl, 'run npm run generate');
  assert.equal(readFileSync(`${root}generated/operation-map.json`, 'utf8'), artifacts.operationMap, 'run npm run generate');
});

test('every operation and every parameter of the ten specs is reachable (643 operations incl. one PATCH)', () => {
  const { model, artifacts } = generated();
  const rows = computeCoverage(model, artifacts.placements, artifacts.map);
  const total = rows.reduce((n, r) => n + r.total, 0);
  const mapped = rows.reduce((n, r) => n + r.mapped, 0);
  assert.equal(total, 643);
  assert.equal(mapped, total, rows.flatMap((r) => r.unmapped).join('\n'));
  const methods = model.operations.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.method]: (acc[o.method] ?? 0) + 1 }), {});
  assert.deepEqual(methods, { GET: 316, POST: 231, DELETE: 95, PATCH: 1 });
  const paramsTotal = rows.reduce((n, r) => n + r.paramsTotal, 0);
  assert.equal(paramsTotal, model.operations.reduce((n, o) => n + o.params.length, 0));
  assert.deepEqual(rows.flatMap((r) => r.unmappedParams), []);
});

test('every mutation sends exactly its operation\'s parameters: path, query/header arguments and an input of its own', () => {
  const { model, schema, artifacts } = generated();
  const { map } = artifacts;
  const mutations = object('Mutation').getFields();
  const inputOwners = new Map<string, string>();
  let bodyParams = 0;
  for (const [name, plan] of Object.entries(map.fields['Mutation']!)) {
    const op = model.operations.find((o) => o.key === plan.op)!;
    const wires = (where: string[]) => op.params.filter((p) => where.includes(p.in)).map((p) => p.name).sort();
    assert.deepEqual(Object.keys(plan.path).sort(), wires(['path']), `${name}: path parameters`);
    assert.deepEqual(Object.values(plan.args ?? {}).sort(), wires(['query', 'header']), `${name}: query/header arguments`);
    const body = op.params.filter((p) => p.in === 'body');
    const inputArg = mutations[name]!.args.find((a) => a.name === 'input');
    if (body.length === 0) {
      assert.equal(inputArg, undefined, `${name} takes no input`);
      continue;
    }
    assert.ok(plan.input && inputArg, `${name} takes an input`);
    assert.equal(getNamedType(inputArg.type).name, plan.input, `${name}: input argument type`);
    assert.equal(isNonNullType(inputArg.type), body.some((p) => p.required), `${name}: input required iff a body parameter is`);
    assert.equal(inputOwners.get(plan.input), undefined, `${plan.input} is used by ${inputOwners.get(plan.input)} and ${name}`);
    inputOwners.set(plan.input, name);
    const input = schema.getType(plan.input);
    assert.ok(isInputObjectType(input), plan.input);
    const fields = Object.values(input.getFields());
    const wireOf = map.inputs[plan.input]!;
    assert.deepEqual(fields.map((f) => wireOf[f.name]).sort(), body.map((p) => p.name).sort(), `${name}: ${plan.input} fields`);
    for (const f of fields) {
      const param = body.find((p) => p.name === wireOf[f.name])!;
      assert.equal(isNonNullType(f.type), param.required, `${plan.input}.${f.name} non-null iff required`);
    }
    bodyParams += body.length;
  }
  assert.equal(Object.keys(map.fields['Mutation']!).length, model.operations.filter((o) => o.method !== 'GET').length);
  assert.equal(bodyParams, model.operations.filter((o) => o.method !== 'GET').reduce((n, o) => n + o.params.filter((p) => p.in === 'body').length, 0));
  // The case that lost fields: task and worker reservation updates differ by Supervisor/SupervisorMode.
  assert.equal(getNamedType(mutations['updateReservation']!.args.find((a) => a.name === 'input')!.type).name, 'UpdateReservationInput');
  assert.equal(getNamedType(mutations['updateWorkerReservation']!.args.find((a) => a.name === 'input')!.type).name, 'UpdateWorkerReservationInput');
  assert.equal(map.inputs['UpdateReservationInput']!['supervisorMode'], 'SupervisorMode');
  assert.equal(map.inputs['UpdateWorkerReservationInput']!['supervisorMode'], undefined);
});

test('every type of the SDL is used: no enum is registered for a parameter that never becomes an argument', () => {
  assert.deepEqual(unreferencedTypes(generated().schema), []);
  // The operation map lists only the enums the SDL has.
  const { schema, artifacts } = generated();
  for (const name of Object.keys(artifacts.map.enums)) assert.ok(isEnumType(schema.getType(name)), name);
});

test('binding type names exist', () => {
  for (const name of BINDING_NAMES) object(name);
});

test('colliding names are qualified by product; unique ones are bare', () => {
  for (const name of ['ConversationService', 'VerifyService', 'MessagingService', 'CallQueue', 'Room', 'Call', 'Message']) object(name);
  assert.equal(generated().schema.getType('Service'), undefined);
  assert.equal(fieldType('Query', 'callQueue'), 'CallQueue');
  assert.equal(fieldType('Query', 'verifyService'), 'VerifyService');
  // The 2010 API keeps the bare name where video collides.
  object('Recording');
  object('VideoRecording');
});

test('TaskRouter chain: workspace → workers → reservations → task → queue, with links', () => {
  assert.equal(fieldType('Query', 'workspace'), 'Workspace');
  assert.equal(fieldType('Workspace', 'workers'), 'WorkerConnection');
  assert.equal(fieldType('Worker', 'reservations'), 'ReservationConnection');
  assert.equal(fieldType('Worker', 'activity'), 'Activity');
  assert.equal(fieldType('Reservation', 'task'), 'Task');
  assert.equal(fieldType('Reservation', 'worker'), 'Worker');
  assert.equal(fieldType('Task', 'queue'), 'Queue');
  assert.equal(fieldType('Task', 'workflow'), 'Workflow');
  assert.equal(fieldType('Task', 'reservations'), 'ReservationConnection');
  const plan = generated().artifacts.map.fields['Reservation']!['task']!;
  assert.equal(plan.op, 'taskrouter_v1:FetchTask');
  assert.deepEqual(plan.path, { WorkspaceSid: { from: 'field', field: 'workspace_sid' }, Sid: { from: 'field', field: 'task_sid' } });
});

test('links whose parent SID is the object itself, a prefixed sibling, or a service scope', () => {
  const { map } = generated().artifacts;
  const link = (type: string, field: string) => {
    const plan = map.fields[type]?.[field];
    assert.ok(plan, `${type}.${field} should link`);
    return { op: plan.op, path: plan.path };
  };
  const field = (name: string) => ({ from: 'field', field: name });
  // A Workspace's activities are in that workspace: its own sid is the WorkspaceSid.
  assert.deepEqual(link('Workspace', 'defaultActivity'), { op: 'taskrouter_v1:FetchActivity', path: { WorkspaceSid: field('sid'), Sid: field('default_activity_sid') } });
  assert.equal(fieldType('Workspace', 'timeoutActivity'), 'Activity');
  // Flex's TaskRouter targets are in its `taskrouter_workspace_sid`.
  for (const [name, type, op] of [
    ['taskrouterTargetWorkflow', 'Workflow', 'FetchWorkflow'],
    ['taskrouterTargetTaskqueue', 'Queue', 'FetchTaskQueue'],
    ['taskrouterOfflineActivity', 'Activity', 'FetchActivity'],
  ] as const) {
    assert.equal(fieldType('FlexConfiguration', name), type);
    assert.deepEqual(link('FlexConfiguration', name).path['WorkspaceSid'], field('taskrouter_workspace_sid'));
    assert.equal(link('FlexConfiguration', name).op, `taskrouter_v1:${op}`);
  }
  // Top-level and service-scoped fetches both fit; the one filling chat_service_sid wins.
  const inService = { op: 'conversations_v1:FetchServiceConversation', path: { ChatServiceSid: field('chat_service_sid'), Sid: field('conversation_sid') } };
  for (const type of ['ServiceConversationMessage', 'ServiceConversationParticipant', 'ServiceConversationWebhook', 'ServiceConversationMessageReceipt', 'UserConversation', 'ParticipantConversation']) {
    assert.deepEqual(link(type, 'conversation'), inService, type);
  }
  assert.equal(link('ServiceConversationMessage', 'participant').op, 'conversations_v1:FetchServiceConversationParticipant');
  for (const type of ['User', 'ServiceUser', 'ServiceConversationParticipant']) assert.equal(link(type, 'role').op, 'conversations_v1:FetchServiceRole', type);
  assert.equal(link('UserConversation', 'user').op, 'conversations_v1:FetchServiceUser');
  // Links the top-level types had keep their target.
  assert.equal(link('ConversationMessage', 'conversation').op, 'conversations_v1:FetchConversation');
});

test('nested resources of Conversations, Calls, Flex and Video', () => {
  assert.equal(fieldType('Conversation', 'messages'), 'ConversationMessageConnection');
  assert.equal(fieldType('Conversation', 'participants'), 'ConversationParticipantConnection');
  assert.equal(fieldType('Conversation', 'webhooks'), 'ConversationWebhookConnection');
  assert.equal(fieldType('Call', 'recordings'), 'CallRecordingConnection');
  assert.equal(fieldType('Interaction', 'channels'), 'InteractionChannelConnection');
  assert.equal(fieldType('Room', 'participants'), 'RoomParticipantConnection');
  assert.equal(fieldType('Message', 'messagingService'), 'MessagingService');
});

test('available phone number countries are a list; each country has its number lists', () => {
  const { map } = generated().artifacts;
  assert.equal(fieldType('Query', 'availablePhoneNumberCountries'), 'AvailablePhoneNumberCountryConnection');
  assert.equal(map.fields['Query']!['availablePhoneNumberCountries']!.kind, 'connection');
  assert.equal(map.operations['api_v2010:ListAvailablePhoneNumberCountry']!.listKey, 'countries');
  assert.equal(fieldType('Query', 'availablePhoneNumberCountry'), 'AvailablePhoneNumberCountry');
  assert.deepEqual(object('Query').getFields()['availablePhoneNumberCountry']!.args.map((a) => `${a.name}: ${a.type}`), ['countryCode: String!']);
  const country = object('AvailablePhoneNumberCountry').getFields();
  assert.equal(country['countries'], undefined);
  assert.equal(country['fetchAvailablePhoneNumberCountry'], undefined);
  for (const list of ['local', 'mobile', 'tollFree', 'national', 'voip', 'sharedCost', 'machineToMachine']) assert.ok(country[list], list);
  // The country code of a listed country fills the number list's path.
  assert.deepEqual(map.fields['AvailablePhoneNumberCountry']!['local']!.path['CountryCode'], { from: 'field', field: 'country_code' });
});

test('2010 account-scoped roots take the account from the credential', () => {
  const { map } = generated().artifacts;
  const calls = map.fields['Query']!['calls']!;
  assert.deepEqual(calls.path, { AccountSid: { from: 'account' } });
  assert.deepEqual(map.fields['Mutation']!['createCall']!.path, { AccountSid: { from: 'argOrAccount', arg: 'accountSid' } });
  const args = object('Query').getFields()['messages']!.args.map((a) => a.name);
  for (const a of ['to', 'from', 'dateSent', 'dateSentAfter', 'dateSentBefore', 'first', 'after']) assert.ok(args.includes(a), a);
});

test('an Account has the account-scoped root fields under the same names', () => {
  const { map } = generated().artifacts;
  const rootNames = new Map(Object.entries(map.fields['Query']!).map(([name, plan]) => [plan.op, name]));
  let mirrored = 0;
  for (const [name, plan] of Object.entries(map.fields['Account']!)) {
    if (plan.requires || !rootNames.has(plan.op)) continue; // links, and nested reads like the account's own lists
    assert.equal(name, rootNames.get(plan.op), `Account.${name} vs Query.${rootNames.get(plan.op)}`);
    mirrored++;
  }
  assert.ok(mirrored > 50, `${mirrored} mirrored fields`);
  assert.equal(fieldType('Account', 'callQueues'), 'CallQueueConnection');
  assert.equal(fieldType('Query', 'usageRecordsDaily'), 'UsageRecordDailyConnection');
  assert.equal(fieldType('Account', 'incomingPhoneNumbersTollFree'), 'IncomingPhoneNumberTollFreeConnection');
});

test('a fetch and a list wanting one name: the fetch keeps it, the list takes List; data fields keep theirs', () => {
  assert.equal(fieldType('Message', 'media'), 'Media');
  assert.equal(fieldType('Message', 'mediaList'), 'MediaConnection');
  assert.equal(fieldType('Query', 'credentialAws'), 'CredentialAws');
  assert.equal(fieldType('Query', 'credentialAwsList'), 'CredentialAwsConnection');
  // No fetch wants it: the list has the bare name.
  assert.equal(fieldType('Query', 'insightsConversations'), 'InsightsConversationsConnection');
  // Interaction's own `channel` data keeps its name; the nested fetch falls back.
  assert.equal(fieldType('Interaction', 'channel'), 'JSON');
  assert.equal(fieldType('Interaction', 'channelItem'), 'InteractionChannel');
});

test('enum names say a repeated word once', () => {
  const { schema } = generated();
  const enums = Object.keys(generated().artifacts.map.enums);
  for (const name of ['InteractionChannelStatus', 'InteractionTransferStatus', 'ServiceRoleType', 'PasskeysFactorType', 'UsageTriggerField', 'NewFactorStatuses', 'BrandVettingProvider']) {
    assert.ok(isEnumType(schema.getType(name)), name);
  }
  // A doubled word remains only where dropping it would leave the owner's name or a mutation's parameter.
  const doubled = enums.filter((name) => /([A-Z][a-z0-9]+)\1(?![a-z])/.test(name)).sort();
  assert.deepEqual(doubled, ['ProvisioningStatusStatus']);
});

test('paging format per API in the operation map', () => {
  const ops = generated().artifacts.map.operations;
  assert.equal(ops['api_v2010:ListCall']!.paging, 'v2010');
  assert.equal(ops['api_v2010:ListCall']!.listKey, 'calls');
  assert.equal(ops['taskrouter_v1:ListWorker']!.paging, 'meta');
  assert.equal(ops['conversations_v1:ListConversationMessage']!.maxPageSize, 100);
});

test('enum values map both ways', () => {
  const { schema, artifacts } = generated();
  const status = schema.getType('CallStatus');
  assert.ok(isEnumType(status));
  assert.ok(status.getValue('IN_PROGRESS'));
  assert.equal(artifacts.map.enums['CallStatus']!['IN_PROGRESS'], 'in-progress');
  assert.equal(artifacts.map.enums['CallStatus']!['NO_ANSWER'], 'no-answer');
  assert.equal(getNamedType(object('Reservation').getFields()['reservationStatus']!.type).name, 'ReservationStatus');
});

test('mutations: typed inputs and natural verbs', () => {
  assert.match(printType(object('Mutation')).split('\n').find((l) => l.includes(' createWorker('))!, /createWorker\(workspaceSid: ID!, input: CreateWorkerInput!\): Worker/);
  for (const name of ['updateWorker', 'deleteWorker', 'createQueue', 'archivePlugin', 'checkVerification', 'startVerification', 'createConversationMessage']) {
    assert.ok(object('Mutation').getFields()[name], name);
  }
  assert.equal(fieldType('Mutation', 'deleteWorker'), 'Boolean');
  assert.equal(generated().artifacts.map.inputs['CreateTaskInput']!['attributes'], 'Attributes');
});

test('every operation field override is live: it names an operation, differs from the default name and is the name placed', () => {
  const { model, artifacts } = generated();
  const { ofClass } = resolveTypeNames(model);
  for (const [key, name] of Object.entries(OPERATION_FIELD_OVERRIDES)) {
    const op = model.operations.find((o) => o.key === key);
    assert.ok(op, `${key} is an operation of the specs`);
    assert.notEqual(defaultOperationFieldName(op, ofClass), name, `${key}: the override repeats the default name`);
    assert.ok(artifacts.placements.get(key)!.includes(`${op.method === 'GET' ? 'Query' : 'Mutation'}.${name}`), `${key} is placed as ${name}`);
  }
  // Actions read as verbs, including reads Twilio takes as POST.
  for (const name of ['promoteAuthToken', 'anonymizeRoomParticipant', 'bulkUpdateDialingPermissionsCountries', 'verifyFactor', 'verifyPasskeyFactor', 'approvePasskeyChallenge', 'fetchQueuesRealTimeStatistics', 'sendBrandRegistrationOtp', 'deleteArchivedCall']) {
    assert.ok(object('Mutation').getFields()[name], name);
  }
});

test('every resource fetched by its own SID implements Node, except six whose responses lack a parent SID', () => {
  const { model, artifacts } = generated();
  const { ofSchema } = resolveTypeNames(model);
  const withoutNode = new Set<string>();
  for (const op of model.operations) {
    if (op.method !== 'GET' || op.result.kind !== 'instance' || !/\}(\.json)?$/.test(op.path)) continue;
    const type = ofSchema.get(op.result.schema)!;
    if (!artifacts.map.types[type]!.node) withoutNode.add(type);
    else assert.ok(object(type).getInterfaces().some((i) => i.name === 'Node'), type);
  }
  // Listed in README (The schema, Node): neither their fields nor a url name the account or parent.
  assert.deepEqual([...withoutNode].sort(), [
    'Key', 'SigningKey', 'SipAuthCallsCredentialListMapping', 'SipAuthCallsIpAccessControlListMapping',
    'SipAuthRegistrationsCredentialListMapping', 'UsAppToPersonResponse',
  ]);
});

test('scalars and Node', () => {
  assert.equal(fieldType('Worker', 'dateCreated'), 'DateTime');
  assert.equal(fieldType('Call', 'dateCreated'), 'DateTime');
  assert.equal(fieldType('Worker', 'attributes'), 'JSON');
  assert.equal(fieldType('Worker', 'links'), 'JSON');
  assert.equal(fieldType('Worker', 'sid'), 'ID');
  assert.equal(fieldType('Worker', 'id'), 'ID!');
  assert.deepEqual(object('Reservation').getInterfaces().map((i) => i.name), ['Node']);
  assert.equal(fieldType('Query', 'node'), 'Node');
  const node = generated().artifacts.map.types['Worker']!.node!;
  assert.equal(node.op, 'taskrouter_v1:FetchWorker');
});

/** 40-character probes of every description and summary prose in a spec, code spans and URLs left out. */
function proseProbes(spec: unknown): Set<string> {
  const probes = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'description' || key === 'summary') && typeof inner === 'string') {
          // Wire values (`in-progress`) and docs links appear in our files legitimately.
          for (const piece of inner.split(/`[^`]*`|\(?https?:\/\/[^\s)]*\)?/)) {
            const text = piece.replace(/\s+/g, ' ').trim();
            for (let i = 0; i + 40 <= text.length; i += 40) probes.add(text.slice(i, i + 40));
          }
        } else walk(inner);
      }
    }
  };
  walk(spec);
  return probes;
}

/** Probes found anywhere in `text` (every offset, so a copied stretch of 79+ characters is always caught). */
function probesIn(text: string, probes: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (let i = 0; i + 40 <= text.length; i++) if (probes.has(text.slice(i, i + 40))) found.add(text.slice(i, i + 40));
  return [...found];
}

test('no description prose is copied from the specs into any committed artifact', () => {
  const probes = new Set<string>();
  for (const id of DEFAULT_SPEC_IDS) for (const p of proseProbes(JSON.parse(readFileSync(`${SPEC_DIR}/twilio_${id}.json`, 'utf8')))) probes.add(p);
  assert.ok(probes.size > 3000, `${probes.size} probes`);
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const files = ['twilio-schema.graphql', 'twilio-subgraph.graphql', ...readdirSync(`${root}generated`).filter((f) => f.endsWith('.json')).map((f) => `generated/${f}`)];
  assert.equal(files.length, 5);
  for (const file of files) assert.deepEqual(probesIn(readFileSync(`${root}${file}`, 'utf8'), probes), [], file);
  // The check bites: a spec sentence pasted into a description is found.
  const sentence = [...probes][0]!;
  assert.deepEqual(probesIn(`"${sentence}"`, probes), [sentence]);
});

test('the other twilio-oai specs are a configuration change: all 55 generate a valid schema', async () => {
  const { readApiModel } = await import('../../src/spec/read-specs.js');
  const { generateArtifacts } = await import('../../src/schema/generate.js');
  const { buildSchema } = await import('graphql');
  const ids = readdirSync(SPEC_DIR).filter((f) => /^twilio_.+\.json$/.test(f)).map((f) => f.slice('twilio_'.length, -'.json'.length));
  assert.equal(ids.length, 55);
  const model = readApiModel(SPEC_DIR, ids);
  const artifacts = generateArtifacts(model);
  const schema = buildSchema(artifacts.sdl);
  assert.deepEqual(validateSchema(schema), []);
  assert.deepEqual(unreferencedTypes(schema), []);
  const rows = computeCoverage(model, artifacts.placements, artifacts.map);
  const unmapped = rows.flatMap((r) => r.unmapped);
  // Only the two SCIM reads of iam_organizations (SCIM media type, no JSON schema) stay unmapped.
  assert.ok(unmapped.length <= 2, unmapped.join('\n'));
  // Binding names stay on the same resources (proxy_v1's interaction is the one qualified).
  const ten = generated().artifacts.map;
  for (const name of BINDING_NAMES) {
    assert.ok(isObjectType(schema.getType(name)), name);
    assert.equal(artifacts.map.types[name]?.node?.op, ten.types[name]!.node!.op, name);
  }
  assert.ok(isObjectType(schema.getType('ProxyV1Interaction')));
  // Every resource is an object type (no enum took its name) linking a docs page, PRODUCT_DOCS entry or not.
  for (const name of Object.keys(artifacts.map.types)) {
    const type = schema.getType(name);
    assert.ok(isObjectType(type), `${name} is an object type`);
    assert.match(type.description ?? '', / resource\. Docs: https:\/\/www\.twilio\.com\/docs\S*$/, name);
  }
});

test('every HTTP-method choice is the one HttpMethod enum', () => {
  const { schema, artifacts } = generated();
  assert.deepEqual(artifacts.map.enums['HttpMethod'], { GET: 'GET', POST: 'POST' });
  const input = schema.getType('CreateCallInput');
  assert.ok(isInputObjectType(input));
  assert.equal(String(input.getFields()['statusCallbackMethod']?.type), 'HttpMethod');
  // No other enum is a twin of it (the few whose wire values are lower-case `get`/`post` stay apart).
  const twins = Object.entries(artifacts.map.enums).filter(([name, values]) => name !== 'HttpMethod' && Object.values(values).sort().join() === 'GET,POST');
  assert.deepEqual(twins, []);
});
