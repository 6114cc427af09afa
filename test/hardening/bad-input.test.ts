/**
 * The bad-input corpus: every case is refused with a clear error naming the problem, makes no
 * upstream call (counted at the emulator), and — for mutations — stores nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { OperationMap } from '../../src/schema/operation-map.js';
import { buildSchema } from 'graphql';
import { loadArtifacts } from '../../src/gateway/artifacts.js';
import { basic, startHardened, type Hardened, type HttpResult } from './harness.js';

/** One bad request and what its answer must say. */
interface Case {
  name: string;
  send(h: Hardened): Promise<HttpResult>;
  /** Some error message must match. */
  message: RegExp;
  /** Expected HTTP status, when the transport decides it. */
  status?: number;
  /** Some error must carry this `extensions.code`. */
  code?: string;
  /** REST list path (on the emulator) that must read the same before and after. */
  unchanged?: string;
}

const BODY_LIMIT = 64 * 1024;
const WS = 'WS' + '0'.repeat(32);
const artifacts = loadArtifacts();
const map = artifacts.map as OperationMap;
const schema = buildSchema(artifacts.sdl, { assumeValidSDL: true });

const gql = (query: string, variables?: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  (h: Hardened) => h.post({ query, ...(variables === undefined ? {} : { variables }), ...extra });
const raw = (body: string, contentType = 'application/json') =>
  (h: Hardened) => h.post(body, { authorization: h.authorization, 'content-type': contentType });
const viaGet = (params: Record<string, string>) => (h: Hardened) => h.get(params);
const nodeId = (...parts: string[]) => Buffer.from(parts.join(':')).toString('base64url');
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const cases: Case[] = [];
const add = (group: string, list: Case[]) => cases.push(...list.map((c) => ({ ...c, name: `${group}: ${c.name}` })));

add('HTTP/JSON', [
  { name: 'malformed JSON', send: raw('{not json'), status: 400, message: /JSON|property name|Unexpected/ },
  { name: 'truncated JSON', send: raw('{"query": "{ workspaces'), status: 400, message: /JSON|Unterminated|Unexpected/ },
  { name: 'trailing garbage after JSON', send: raw('{"query":"{ __typename }"} trailing'), status: 400, message: /JSON|Unexpected/ },
  { name: 'empty body', send: raw(''), status: 400, message: /empty/i },
  { name: 'a JSON array (batching is off)', send: raw('[{"query":"{ __typename }"}]'), status: 400, code: 'BAD_REQUEST', message: /body must be object/ },
  { name: 'a JSON string', send: raw('"{ __typename }"'), status: 400, message: /body must be object/ },
  { name: 'a JSON number', send: raw('42'), status: 400, message: /body must be object/ },
  { name: 'JSON null', send: raw('null'), status: 400, message: /body must be object|empty|null/i },
  { name: 'no query', send: raw('{}'), status: 400, code: 'BAD_REQUEST', message: /^Missing "query" \(send a GraphQL document in "query", or open this URL in a browser for GraphiQL\)\.$/ },
  { name: 'empty query', send: raw('{"query":""}'), status: 400, code: 'BAD_REQUEST', message: /^Missing "query"/ },
  { name: 'query is a number', send: raw('{"query":5}'), status: 400, message: /not a GraphQL document/ },
  { name: 'query is an object', send: raw('{"query":{"kind":"Document","definitions":[]}}'), status: 400, message: /query must be string/ },
  { name: 'variables is a string', send: raw('{"query":"{ __typename }","variables":"x"}'), status: 400, message: /variables must be object/ },
  { name: 'variables is an array', send: raw('{"query":"{ __typename }","variables":[1]}'), status: 400, message: /variables must be object/ },
  { name: 'extensions is a number', send: raw('{"query":"{ __typename }","extensions":7}'), status: 400, message: /extensions must be object/ },
  { name: '__proto__ pollution', send: raw('{"__proto__":{"polluted":true},"query":"{ workspaces { nodes { sid } } }"}'), status: 400, message: /not valid JSON/ },
  { name: 'constructor.prototype pollution', send: raw('{"constructor":{"prototype":{"x":1}},"query":"{ workspaces { nodes { sid } } }"}'), status: 400, message: /not valid JSON/ },
  { name: 'text/plain body', send: raw('{ workspaces { nodes { sid } } }', 'text/plain'), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /^Unsupported media type: send the request body as application\/json, or application\/graphql/ },
  { name: 'form-encoded body', send: raw('query=%7B__typename%7D', 'application/x-www-form-urlencoded'), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /Unsupported media type/ },
  { name: 'application/graphql with a syntax error', send: raw('{ workspaces', 'application/graphql'), status: 400, message: /Syntax Error/ },
  { name: 'GET without a query', send: viaGet({}), status: 400, code: 'BAD_REQUEST', message: /^Missing "query"/ },
  { name: 'GET with variables that are not JSON', send: viaGet({ query: 'query($n: Int) { workspaces(first: $n) { nodes { sid } } }', variables: '{n:1' }), status: 400, code: 'BAD_REQUEST', message: /^"variables" or "extensions" in the query string is not valid JSON/ },
  { name: 'GET with extensions that are not JSON', send: viaGet({ query: '{ workspaces { nodes { sid } } }', extensions: 'nope' }), status: 400, message: /JSON|Unexpected/ },
  {
    name: 'PUT /graphql',
    send: (h) => fetch(h.gateway.graphqlUrl, { method: 'PUT', headers: { authorization: h.authorization } }).then(async (r) => ({ status: r.status, text: '', json: await r.json() })),
    status: 405,
    message: /Method PUT is not allowed on \/graphql; use GET \(queries\) or POST/,
  },
]);

add('auth header', [
  { name: 'Basic value that is not base64', send: (h) => h.post({ query: '{ workspaces { nodes { sid } } }' }, { authorization: 'Basic %%%' }), status: 401, code: 'UNAUTHENTICATED', message: /not valid base64/ },
  { name: 'Basic value without a colon', send: (h) => h.post({ query: '{ workspaces { nodes { sid } } }' }, { authorization: `Basic ${Buffer.from('ACxyz').toString('base64')}` }), status: 401, code: 'UNAUTHENTICATED', message: /no ":" found/ },
  { name: 'username that is no SID', send: (h) => h.post({ query: '{ workspaces { nodes { sid } } }' }, { authorization: basic('admin', 'pw') }), status: 401, code: 'UNAUTHENTICATED', message: /must be an Account SID/ },
  { name: 'unknown scheme', send: (h) => h.post({ query: '{ workspaces { nodes { sid } } }' }, { authorization: 'Digest abc' }), status: 401, code: 'UNAUTHENTICATED', message: /Unsupported Authorization scheme; use .*Basic.* or "Bearer <Flex token>"/ },
  { name: 'empty password', send: (h) => h.post({ query: '{ workspaces { nodes { sid } } }' }, { authorization: basic('AC' + 'a'.repeat(32), '') }), status: 401, code: 'UNAUTHENTICATED', message: /password .* is empty/ },
  { name: 'bad X-Twilio-Account-Sid', send: (h) => h.post({ query: '{ workspaces { nodes { sid } } }' }, { authorization: h.authorization, 'x-twilio-account-sid': 'AC../..' }), status: 401, code: 'UNAUTHENTICATED', message: /X-Twilio-Account-Sid must be/ },
]);

add('GraphQL syntax', [
  { name: 'unclosed selection', send: gql('{ workspaces { nodes { sid } }'), status: 400, message: /Syntax Error: Expected Name, found <EOF>/ },
  { name: 'stray closing brace', send: gql('}'), status: 400, message: /Syntax Error: Unexpected "}"/ },
  { name: 'missing argument value', send: gql('{ workspaces(first: ) { nodes { sid } } }'), status: 400, message: /Syntax Error: Unexpected "\)"/ },
  { name: 'unterminated string', send: gql('{ workspace(sid: "WS) { sid } }'), status: 400, message: /Syntax Error: Unterminated string/ },
  { name: 'invalid character', send: gql('{ workspaces { nodes { sid ^ } } }'), status: 400, message: /Syntax Error: Unexpected character/ },
  { name: 'keyword typo', send: gql('quer { __typename }'), status: 400, message: /Syntax Error: Unexpected Name "quer"/ },
  { name: 'variable without a type', send: gql('query($n) { __typename }'), status: 400, message: /Syntax Error: Expected ":"/ },
  { name: 'fragment without type condition', send: gql('fragment F { sid } { __typename }'), status: 400, message: /Syntax Error: Expected "on"/ },
  { name: 'NUL byte in the document', send: gql('{ workspaces\u0000 { nodes { sid } } }'), status: 400, message: /Syntax Error: Unexpected character: U\+0000/ },
  { name: 'only a fragment, no operation', send: gql('fragment F on Workspace { sid }'), status: 400, message: /Fragment "F" is never used|operation/ },
  { name: 'two anonymous operations', send: gql('{ __typename } { workspaces { nodes { sid } } }'), message: /anonymous operation must be the only defined operation/ },
  { name: 'duplicate operation names', send: gql('query A { __typename } query A { workspaces { nodes { sid } } }'), status: 400, message: /only one operation named "A"/ },
  { name: 'subscription (none exist)', send: gql('subscription { workspaces { nodes { sid } } }'), message: /Schema is not configured to execute subscription/ },
]);

add('validation', [
  { name: 'unknown root field', send: gql('{ nope }'), status: 400, message: /Cannot query field "nope" on type "Query"/ },
  { name: 'unknown nested field', send: gql('{ workspaces { nodes { nope } } }'), status: 400, message: /Cannot query field "nope" on type "Workspace"/ },
  { name: 'unknown argument', send: gql('{ workspaces(bogus: 1) { nodes { sid } } }'), status: 400, message: /Unknown argument "bogus" on field "Query.workspaces"/ },
  { name: 'missing required argument', send: gql('{ workspace { sid } }'), status: 400, message: /argument "sid" of type "ID!" is required/ },
  { name: 'duplicate argument', send: gql('{ workspaces(first: 1, first: 2) { nodes { sid } } }'), status: 400, message: /only one argument named "first"/ },
  { name: 'missing sub-selection', send: gql('{ workspaces { nodes } }'), status: 400, message: /must have a selection of subfields/ },
  { name: 'sub-selection on a scalar', send: gql('{ workspaces { nodes { sid { x } } } }'), status: 400, message: /must not have a selection since type "String" has no subfields|no subfields/ },
  { name: 'undefined variable', send: gql('{ workspaces(first: $n) { nodes { sid } } }'), status: 400, message: /Variable "\$n" is not defined/ },
  { name: 'unused variable', send: gql('query($n: Int) { workspaces { nodes { sid } } }'), status: 400, message: /Variable "\$n" is never used/ },
  { name: 'unknown fragment', send: gql('{ ...Missing }'), status: 400, message: /Unknown fragment "Missing"/ },
  { name: 'fragment cycle', send: gql('fragment A on Query { ...B } fragment B on Query { ...A } { ...A }'), status: 400, message: /Cannot spread fragment "A" within itself/ },
  { name: 'fragment on an unknown type', send: gql('{ ... on Nope { x } }'), status: 400, message: /Unknown type "Nope"/ },
  { name: 'impossible fragment spread', send: gql('{ workspaces { nodes { ... on Call { sid } } } }'), status: 400, message: /can never be of type "Call"/ },
  { name: 'conflicting aliases', send: gql('{ workspaces { nodes { x: sid x: friendlyName } } }'), status: 400, message: /Fields "x" conflict/ },
  { name: 'unknown directive', send: gql('{ workspaces @cache { nodes { sid } } }'), status: 400, message: /Unknown directive "@cache"/ },
  { name: 'unknown mutation', send: gql('mutation { launchRocket }'), status: 400, message: /Cannot query field "launchRocket" on type "Mutation"/ },
  { name: 'unknown operation name', send: gql('query A { workspaces { nodes { sid } } }', undefined, { operationName: 'B' }), message: /Unknown operation named "B"/ },
  { name: 'operation name required', send: gql('query A { workspaces { nodes { sid } } } query B { __typename }'), message: /Must provide operation name/ },
  { name: 'string literal for Int', send: gql('{ workspaces(first: "ten") { nodes { sid } } }'), status: 400, message: /Int cannot represent non-integer value: "ten"/ },
  { name: 'float literal for Int', send: gql('{ workspaces(first: 1.5) { nodes { sid } } }'), status: 400, message: /Int cannot represent non-integer value: 1.5/ },
  { name: 'Int literal out of 32-bit range', send: gql('{ workspaces(first: 9999999999) { nodes { sid } } }'), status: 400, message: /Int cannot represent non 32-bit signed integer/ },
  { name: 'object literal for String', send: gql('{ workspaces(friendlyName: { a: 1 }) { nodes { sid } } }'), status: 400, message: /String cannot represent a non string value/ },
  { name: 'null for a non-null argument', send: gql('{ workspace(sid: null) { sid } }'), status: 400, message: /Expected value of type "ID!", found null/ },
]);

add('variables', [
  { name: 'string for Int', send: gql('query($n: Int) { workspaces(first: $n) { nodes { sid } } }', { n: 'ten' }), message: /Variable "\$n" got invalid value "ten"; Int cannot represent non-integer value/ },
  { name: 'float for Int', send: gql('query($n: Int) { workspaces(first: $n) { nodes { sid } } }', { n: 2.5 }), message: /Variable "\$n" got invalid value 2.5|must be between 1 and 1000 \(got 2.5\)/ },
  { name: 'boolean for Int', send: gql('query($n: Int) { workspaces(first: $n) { nodes { sid } } }', { n: true }), message: /Variable "\$n" got invalid value true/ },
  { name: 'Int beyond 32 bits', send: gql('query($n: Int) { workspaces(first: $n) { nodes { sid } } }', { n: 2 ** 40 }), message: /non 32-bit signed integer/ },
  { name: 'required variable missing', send: gql('query($sid: ID!) { workspace(sid: $sid) { sid } }', {}), message: /Variable "\$sid" of required type "ID!" was not provided/ },
  { name: 'null for a required variable', send: gql('query($sid: ID!) { workspace(sid: $sid) { sid } }', { sid: null }), message: /Variable "\$sid" of non-null type "ID!" must not be null/ },
  { name: 'object for ID', send: gql('query($sid: ID!) { workspace(sid: $sid) { sid } }', { sid: { $ne: 1 } }), message: /ID cannot represent value/ },
  { name: 'array for String', send: gql('query($s: String) { workspaces(friendlyName: $s) { nodes { sid } } }', { s: ['a', 'b'] }), message: /String cannot represent a non string value/ },
  { name: 'variable type mismatch with its use', send: gql('query($s: String) { workspaces(first: $s) { nodes { sid } } }', { s: '1' }), message: /Variable "\$s" of type "String" used in position expecting type "Int"/ },
  { name: 'unknown variable type', send: gql('query($s: Nope) { workspaces { nodes { sid } } }', { s: 1 }), message: /Unknown type "Nope"/ },
  { name: 'input object with an unknown field', send: gql('mutation($i: CreateWorkspaceInput!) { createWorkspace(input: $i) { sid } }', { i: { friendlyName: 'x', bogus: 1 } }), message: /Field "bogus" is not defined by type "CreateWorkspaceInput"/, unchanged: 'workspaces' },
  { name: 'input object missing a required field', send: gql('mutation($i: CreateWorkspaceInput!) { createWorkspace(input: $i) { sid } }', { i: {} }), message: /friendlyName" of required type "String!" was not provided|friendlyName of required type String! was not provided/, unchanged: 'workspaces' },
]);

add('enums', [
  { name: 'unknown enum literal', send: gql('{ calls(status: BOGUS) { nodes { sid } } }'), message: /Value "BOGUS" does not exist in "CallStatus" enum/ },
  { name: 'enum given as a string literal', send: gql('{ calls(status: "COMPLETED") { nodes { sid } } }'), message: /Enum "CallStatus" cannot represent non-enum value: "COMPLETED"/ },
  { name: 'enum variable with an unknown value', send: gql('query($s: CallStatus) { calls(status: $s) { nodes { sid } } }', { s: 'EXPLODED' }), message: /Value "EXPLODED" does not exist in "CallStatus" enum/ },
  { name: "enum variable in Twilio's wire spelling", send: gql('query($s: CallStatus) { calls(status: $s) { nodes { sid } } }', { s: 'in-progress' }), message: /Value "in-progress" does not exist in "CallStatus" enum|"in-progress"; Expected type CallStatus/ },
  { name: 'enum inside an input object', send: gql('mutation($i: CreateWorkspaceInput!) { createWorkspace(input: $i) { sid } }', { i: { friendlyName: 'x', prioritizeQueueOrder: 'RANDOM' } }), message: /Value "RANDOM" does not exist in "WorkspaceQueueOrder" enum/, unchanged: 'workspaces' },
]);

add('mutations over GET', [
  { name: 'createWorkspace', send: viaGet({ query: 'mutation { createWorkspace(input: { friendlyName: "via GET" }) { sid } }' }), status: 405, code: 'METHOD_NOT_ALLOWED', message: /^Only queries can be sent with GET; send mutations with POST\.$/, unchanged: 'workspaces' },
  { name: 'deleteWorkspace', send: (h) => h.get({ query: `mutation { deleteWorkspace(sid: "${demo.workspace}") }` }), status: 405, code: 'METHOD_NOT_ALLOWED', message: /with GET/, unchanged: 'workspaces' },
  { name: 'mutation picked by operationName', send: viaGet({ query: 'query Q { __typename } mutation M { createWorkspace(input: { friendlyName: "x" }) { sid } }', operationName: 'M' }), status: 405, code: 'METHOD_NOT_ALLOWED', message: /with GET/, unchanged: 'workspaces' },
]);

// Bad SIDs: one root field per SID pattern (every family), each given a value of the wrong prefix.
const bySidPattern = new Map<string, { field: string; arg: string; pattern: string }>();
for (const [field, plan] of Object.entries(map.fields['Query']!)) {
  if (plan.kind !== 'fetch') continue;
  const params = Object.entries(plan.path);
  // Only fields whose every path value comes from a required argument (one query can fill them all).
  if (!params.every(([, source]) => source.from === 'arg')) continue;
  for (const [param, source] of params) {
    const pattern = map.operations[plan.op]!.params[param]?.pattern;
    if (pattern && !bySidPattern.has(pattern)) bySidPattern.set(pattern, { field, arg: (source as { arg: string }).arg, pattern });
  }
}
const rootArgs = (field: string, value: string) =>
  Object.values(map.fields['Query']![field]!.path)
    .map((source) => `${(source as { arg: string }).arg}: ${JSON.stringify(value)}`)
    .join(', ');
add(
  'bad SID',
  [...bySidPattern.values()].map(({ field, arg, pattern }) => {
    const wrong = pattern.startsWith('^ZZ') ? 'YY' + '0'.repeat(32) : 'ZZ' + '0'.repeat(32);
    return {
      name: `${field}(${arg}) refuses ${pattern}-mismatching ${wrong.slice(0, 4)}…`,
      send: gql(`{ ${field}(${rootArgs(field, wrong)}) { __typename } }`),
      code: 'BAD_USER_INPUT',
      message: /Argument "\w+" must match \^/,
    };
  }),
);

// Traversal attempts in every kind of path argument: SID-typed ones and free-form ones (unique names, codes).
const TRAVERSALS: Array<[string, string]> = [
  ['dot-dot-slash', '../../Accounts'],
  ['bare dot-dot', '..'],
  ['bare dot', '.'],
  ['encoded slash', '..%2F..%2FAccounts'],
  ['slash inside', 'a/b'],
  ['query injection', 'x?PageSize=1000'],
  ['fragment injection', 'x#frag'],
  ['backslash', '..\\..\\Accounts'],
  ['NUL byte', 'x\u0000y'],
  ['CRLF header injection', 'x\r\nHost: evil.example'],
  ['overlong value', 'A'.repeat(10_000)],
];
// Form types are an enum: GraphQL refuses anything else before the path is ever built.
const FREE_FORM = ['conversation', 'user', 'plugin', 'pluginRelease', 'verifySafelist', 'room', 'dialingPermissionsCountry'];
const SID_TYPED = ['workspace', 'call', 'message', 'account', 'conversationService', 'verifyService', 'flexFlow', 'composition', 'channel'];
for (const field of [...FREE_FORM, ...SID_TYPED]) {
  const pathArgs = Object.values(map.fields['Query']![field]!.path).flatMap((source) => (source.from === 'arg' || source.from === 'argOrAccount' ? [source.arg] : []));
  const definition = schema.getQueryType()!.getFields()[field]!;
  const type = String(definition.args.find((a) => a.name === pathArgs[0])!.type);
  add(
    `traversal ${field}`,
    TRAVERSALS.map(([name, value]) => ({
      name,
      send: gql(`query($v: ${type}) { ${field}(${pathArgs.map((a) => `${a}: $v`).join(', ')}) { __typename } }`, { v: value }),
      code: 'BAD_USER_INPUT',
      message: /Argument "\w+" (must match|contains characters not allowed|is longer than 256)/,
    })),
  );
}
add('traversal in mutations', [
  { name: 'form(formType:) takes only its enum', send: gql('query($v: FormTypes!) { form(formType: $v) { __typename } }', { v: '../../Accounts' }), message: /Value "..\/..\/Accounts" does not exist in "FormTypes" enum/ },
  { name: 'deleteConversation(sid: "../Services")', send: gql('mutation { deleteConversation(sid: "../Services") }'), code: 'BAD_USER_INPUT', message: /Argument "sid" contains characters not allowed/, unchanged: 'conversations' },
  { name: 'deleteWorkspace(sid: "WS…/../")', send: gql(`mutation { deleteWorkspace(sid: "${WS}/../") }`), code: 'BAD_USER_INPUT', message: /Argument "sid" must match \^WS/, unchanged: 'workspaces' },
  { name: 'updateWorkspace with a fullwidth-slash SID', send: gql(`mutation { updateWorkspace(sid: "WS\uff0f..\uff0f${'0'.repeat(28)}", input: { friendlyName: "x" }) { sid } }`), code: 'BAD_USER_INPUT', message: /Argument "sid" must match \^WS/, unchanged: 'workspaces' },
  { name: 'updateCall with accountSid steering to another account', send: gql(`mutation { updateCall(accountSid: "AC../../Accounts/AC", sid: "CA${'0'.repeat(32)}", input: { status: COMPLETED }) { sid } }`), code: 'BAD_USER_INPUT', message: /Argument "accountSid" must match \^AC/, unchanged: 'calls' },
  { name: 'createMessage with accountSid containing %2F', send: gql('mutation { createMessage(accountSid: "AC%2F..", input: { to: "+15550001111", from: "+15550002222", body: "x" }) { sid } }'), code: 'BAD_USER_INPUT', message: /Argument "accountSid" must match \^AC/, unchanged: 'messages' },
]);

// Checked before execution starts: a bad value anywhere in the operation means no call at all, not
// one made for the fields (or mutations) that come before it.
const WK = 'WK' + '0'.repeat(32);
add('before execution', [
  { name: 'a nested fetch under a list', send: gql('{ workspaces(first: 1) { nodes { worker(sid: "WK../x") { sid } } } }'), status: 400, code: 'BAD_USER_INPUT', message: /Argument "sid" must match \^WK/ },
  { name: 'a nested fetch given by a variable', send: gql('query($s: ID!) { workspaces(first: 1) { nodes { sid worker(sid: $s) { sid } } } }', { s: '../../Workers' }), status: 400, code: 'BAD_USER_INPUT', message: /Argument "sid" must match \^WK/ },
  { name: 'a variable whose default is bad', send: gql('query($s: ID! = "WK/../..") { workspaces(first: 1) { nodes { worker(sid: $s) { sid } } } }'), status: 400, code: 'BAD_USER_INPUT', message: /Argument "sid" must match \^WK/ },
  { name: 'a nested fetch inside a fragment', send: gql('{ workspaces(first: 1) { nodes { ...W } } } fragment W on Workspace { activity(sid: "..") { sid } }'), status: 400, code: 'BAD_USER_INPUT', message: /Argument "sid" must match \^WA/ },
  { name: 'a nested cursor', send: gql('{ workspaces(first: 1) { nodes { sid workers(after: "bogus") { nodes { sid } } } } }'), status: 400, code: 'BAD_USER_INPUT', message: /Argument "after" is not a cursor returned by this gateway/ },
  { name: 'a bad root argument beside a good one', send: gql(`{ workspace(sid: "${WK}") { sid } call(sid: "../../Accounts") { sid } }`), status: 400, code: 'BAD_USER_INPUT', message: /Argument "sid" must match \^CA/ },
  { name: 'a bad node id beside a good query', send: gql(`{ workspaces(first: 1) { nodes { sid } } node(id: "${nodeId('Workspace', '..')}") { id } }`), status: 400, code: 'BAD_USER_INPUT', message: /Argument "id" \(Workspace Sid\) must match \^WS/ },
  { name: 'a second mutation with a traversal SID', send: (h) => h.post({ query: `mutation { a: createWorkspace(input: { friendlyName: "first of two" }) { sid } b: deleteWorker(workspaceSid: "${demo.workspace}", sid: "../../Workers") }` }), status: 400, code: 'BAD_USER_INPUT', message: /Argument "sid" must match \^WK/, unchanged: 'workspaces' },
  { name: 'a second mutation with a bad SID variable', send: gql('mutation($ws: ID!, $sid: ID!) { a: createWorkspace(input: { friendlyName: "first of two" }) { sid } b: updateWorker(workspaceSid: $ws, sid: $sid, input: { friendlyName: "x" }) { sid } }', { ws: WS, sid: `${WK}/..` }), status: 400, code: 'BAD_USER_INPUT', message: /Argument "sid" must match \^WK/, unchanged: 'workspaces' },
  { name: 'CR/LF in a header argument', send: gql(`mutation { a: createWorkspace(input: { friendlyName: "first of two" }) { sid } b: updateTask(workspaceSid: "${WS}", sid: "WT${'0'.repeat(32)}", ifMatch: "1\\r\\nX-Evil: 1", input: { priority: 1 }) { sid } }`), status: 400, code: 'BAD_USER_INPUT', message: /Argument "ifMatch" must not contain line breaks/, unchanged: 'workspaces' },
  { name: 'NUL in a header argument given by a variable', send: gql(`mutation($m: String) { deleteWorker(workspaceSid: "${WS}", sid: "${WK}", ifMatch: $m) }`, { m: 'a\u0000b' }), status: 400, code: 'BAD_USER_INPUT', message: /Argument "ifMatch" must not contain line breaks/ },
]);

add('unicode in SID arguments', [
  { name: 'emoji', send: gql('{ workspace(sid: "WS😀😀😀") { sid } }'), code: 'BAD_USER_INPUT', message: /Argument "sid" must match/ },
  { name: 'right-to-left override', send: gql(`{ workspace(sid: "WS\u202e${'0'.repeat(31)}") { sid } }`), code: 'BAD_USER_INPUT', message: /Argument "sid" must match/ },
  { name: 'fullwidth digits', send: gql(`{ workspace(sid: "WS${'０'.repeat(32)}") { sid } }`), code: 'BAD_USER_INPUT', message: /Argument "sid" must match/ },
  { name: 'Cyrillic lookalike prefix', send: gql(`{ workspace(sid: "\u0412S${'0'.repeat(32)}") { sid } }`), code: 'BAD_USER_INPUT', message: /Argument "sid" must match/ },
  { name: 'division-slash lookalike', send: gql(`{ call(sid: "CA\u2215..\u2215${'0'.repeat(28)}") { sid } }`), code: 'BAD_USER_INPUT', message: /Argument "sid" must match/ },
  { name: 'zero-width space', send: gql(`{ call(sid: "CA\u200b${'0'.repeat(32)}") { sid } }`), code: 'BAD_USER_INPUT', message: /Argument "sid" must match/ },
  { name: 'trailing newline', send: gql('query($s: ID!) { call(sid: $s) { sid } }', { s: `CA${'0'.repeat(32)}\n` }), code: 'BAD_USER_INPUT', message: /Argument "sid" must match/ },
]);

add('node ids', [
  { name: 'not base64', send: gql('{ node(id: "***") { id } }'), code: 'BAD_USER_INPUT', message: /(not a global id returned by this gateway|cannot be fetched by id)/ },
  { name: 'unknown type', send: gql(`{ node(id: "${nodeId('Nope', WS)}") { id } }`), code: 'BAD_USER_INPUT', message: /Type Nope cannot be fetched by id/ },
  { name: 'lower-case type name', send: gql(`{ node(id: "${nodeId('workspace', WS)}") { id } }`), code: 'BAD_USER_INPUT', message: /not a global id returned by this gateway/ },
  { name: 'missing values', send: gql(`{ node(id: "${nodeId('Worker', WS)}") { id } }`), code: 'BAD_USER_INPUT', message: /Argument "id" is incomplete/ },
  { name: 'extra values', send: gql(`{ node(id: "${nodeId('Workspace', WS, WS)}") { id } }`), code: 'BAD_USER_INPUT', message: /Argument "id" is incomplete/ },
  { name: 'traversal in the SID', send: gql(`{ node(id: "${nodeId('Workspace', encodeURIComponent('../../Accounts'))}") { id } }`), code: 'BAD_USER_INPUT', message: /Argument "id" \(Workspace Sid\) must match \^WS/ },
  { name: 'traversal in a parent SID', send: gql(`{ node(id: "${nodeId('Worker', encodeURIComponent('..'), 'WK' + '0'.repeat(32))}") { id } }`), code: 'BAD_USER_INPUT', message: /Argument "id" \(Worker WorkspaceSid\) must match \^WS/ },
  { name: 'encoded slash in a free-form segment', send: gql(`{ node(id: "${nodeId('Conversation', encodeURIComponent('a/../b'))}") { id } }`), code: 'BAD_USER_INPUT', message: /contains characters not allowed/ },
  { name: 'NUL in a free-form segment', send: gql(`{ node(id: "${nodeId('Conversation', encodeURIComponent('a\u0000b'))}") { id } }`), code: 'BAD_USER_INPUT', message: /contains characters not allowed/ },
  { name: 'malformed percent escape', send: gql(`{ node(id: "${nodeId('Workspace', '%E0%A4%A')}") { id } }`), code: 'BAD_USER_INPUT', message: /not a global id returned by this gateway/ },
  { name: 'empty id', send: gql('{ node(id: "") { id } }'), code: 'BAD_USER_INPUT', message: /not a global id|cannot be fetched by id/ },
]);

add('cursors', [
  { name: 'not base64 JSON', send: gql('{ workspaces(after: "%%%") { nodes { sid } } }'), code: 'BAD_USER_INPUT', message: /Argument "after" is not a cursor returned by this gateway/ },
  { name: 'JSON of the wrong shape', send: gql(`{ workspaces(after: "${cursor({ query: 'x' })}") { nodes { sid } } }`), code: 'BAD_USER_INPUT', message: /not a cursor returned by this gateway/ },
  { name: 'negative offset', send: gql(`{ workspaces(after: "${cursor(['PageSize=50', -5])}") { nodes { sid } } }`), code: 'BAD_USER_INPUT', message: /not a cursor returned by this gateway/ },
  { name: 'a page size above the cap', send: gql(`{ workspaces(after: "${cursor(['PageSize=100000&Page=1', 0])}") { nodes { sid } } }`), code: 'BAD_USER_INPUT', message: /Argument "after" is not a cursor for this connection/ },
  { name: 'a parameter the operation does not take', send: gql(`{ workspaces(after: "${cursor(['PageSize=50&AccountSid=AC' + '0'.repeat(32), 0])}") { nodes { sid } } }`), code: 'BAD_USER_INPUT', message: /not a cursor for this connection/ },
  { name: 'a path smuggled into the query', send: gql(`{ workspaces(after: "${cursor(['../../Accounts.json?PageSize=1', 0])}") { nodes { sid } } }`), code: 'BAD_USER_INPUT', message: /not a cursor for this connection/ },
  { name: 'a full URL to another host', send: gql(`{ workspaces(after: "${cursor(['https://evil.example/v1/Workspaces?PageSize=50', 0])}") { nodes { sid } } }`), code: 'BAD_USER_INPUT', message: /not a cursor for this connection/ },
  { name: "another connection's filter", send: gql(`{ calls(after: "${cursor(['PageSize=50&FriendlyName=x&Evil=1', 0])}") { nodes { sid } } }`), code: 'BAD_USER_INPUT', message: /not a cursor for this connection/ },
]);

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: workspaces(first: 1) { nodes { sid } }`).join(' ')} }`;
const nested = (levels: number) => `{ ${'workspaces(first: 1) { nodes { '.repeat(1)}${'__typename '}${'} } '.repeat(1)}${'{'.repeat(0)}}`.replace('__typename', `sid ${'workers(first: 1) { nodes { sid '.repeat(levels)}${'} } '.repeat(levels)}`);
const fragmentBomb = (levels: number) => {
  const defs = Array.from({ length: levels }, (_, i) => `fragment F${i} on Workspace { sid ...F${i + 1} ...F${i + 1} }`);
  defs.push(`fragment F${levels} on Workspace { friendlyName }`);
  return `{ workspaces(first: 1) { nodes { ...F0 } } } ${defs.join(' ')}`;
};
add('limits', [
  { name: 'alias bomb', send: gql(aliases(40)), status: 400, code: 'QUERY_TOO_COMPLEX', message: /Query uses 40 aliases, more than the maximum of 30 \(limit "maxAliases"\)/ },
  { name: 'depth bomb', send: gql(nested(30)), status: 400, code: 'QUERY_TOO_COMPLEX', message: /Query depth \d+ exceeds the maximum depth of 20 \(limit "maxDepth"\)/ },
  { name: 'field-count bomb by exponential fragments', send: gql(fragmentBomb(40)), status: 400, code: 'QUERY_TOO_COMPLEX', message: /Query selects \d+ fields \(fragments expanded\), more than the maximum of 500/ },
  { name: 'field-count bomb by repetition', send: gql(`{ workspaces(first: 1) { nodes { ${'sid '.repeat(600)} } } }`), status: 400, code: 'QUERY_TOO_COMPLEX', message: /Query selects 60\d fields/ },
  { name: 'token bomb', send: gql(`{ workspaces(first: 1) { nodes { sid } } } ${'# padding\n'.repeat(10)}${'query Q { __typename } '.repeat(1000)}`), status: 400, code: 'QUERY_TOO_COMPLEX', message: /more than 5000 tokens.*"maxTokens"/ },
  { name: 'first above the cap', send: gql('{ workspaces(first: 5000) { nodes { sid } } }'), status: 400, code: 'BAD_USER_INPUT', message: /Argument "first" of Query.workspaces must be between 1 and 1000 \(got 5000\)/ },
  { name: 'first of zero', send: gql('{ workspaces(first: 0) { nodes { sid } } }'), status: 400, code: 'BAD_USER_INPUT', message: /must be between 1 and 1000 \(got 0\)/ },
  { name: 'negative first', send: gql('{ workspaces(first: -1) { nodes { sid } } }'), status: 400, code: 'BAD_USER_INPUT', message: /must be between 1 and 1000 \(got -1\)/ },
  { name: 'huge first via a variable', send: gql('query($n: Int) { workspaces(first: $n) { nodes { sid } } }', { n: 2_000_000_000 }), status: 400, code: 'BAD_USER_INPUT', message: /got 2000000000/ },
  { name: 'huge nested first', send: gql(`{ workspace(sid: "${WS}") { workers(first: 100000) { nodes { sid } } } }`), status: 400, code: 'BAD_USER_INPUT', message: /Argument "first" of Workspace.workers must be between 1 and 1000/ },
  { name: 'cost bomb with default page sizes', send: gql('{ workspaces { nodes { workers { nodes { reservations { nodes { sid } } } } } } }'), status: 400, code: 'QUERY_TOO_COMPLEX', message: /Query cost 2551 exceeds the budget of 1000 \(limit "maxCost"\)/ },
  { name: 'cost bomb with explicit pages', send: gql('{ workspaces(first: 1000) { nodes { activities(first: 1000) { nodes { sid } } } } }'), status: 400, code: 'QUERY_TOO_COMPLEX', message: /Query cost 1001 exceeds the budget of 1000/ },
  { name: 'cost bomb through a fragment', send: gql('{ workspaces(first: 100) { nodes { ...W } } } fragment W on Workspace { workers(first: 10) { nodes { activity { sid } } } }'), status: 400, code: 'QUERY_TOO_COMPLEX', message: /Query cost 1101 exceeds the budget of 1000/ },
  { name: 'oversized body', send: (h) => h.post({ query: `{ workspaces { nodes { sid } } } # ${'x'.repeat(BODY_LIMIT)}` }), status: 413, code: 'PAYLOAD_TOO_LARGE', message: new RegExp(`Request body of \\d+ bytes exceeds the limit of ${BODY_LIMIT} bytes \\(limit "bodyLimit"\\)`) },
  { name: 'oversized variables', send: gql('query($s: String) { workspaces(friendlyName: $s) { nodes { sid } } }', { s: 'y'.repeat(BODY_LIMIT * 2) }), status: 413, code: 'PAYLOAD_TOO_LARGE', message: /exceeds the limit of 65536 bytes/ },
  { name: 'oversized chunked body', send: (h) => chunked(h, `{"query":"{ __typename }","variables":{"s":"${'z'.repeat(BODY_LIMIT)}"}}`), status: 413, code: 'PAYLOAD_TOO_LARGE', message: /Request body of more than 65536 bytes exceeds the limit of 65536 bytes/ },
]);

/** POSTs `text` with chunked transfer encoding (no Content-Length). */
async function chunked(h: Hardened, text: string): Promise<HttpResult> {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < text.length; i += 8192) controller.enqueue(encoder.encode(text.slice(i, i + 8192)));
      controller.close();
    },
  });
  const response = await fetch(h.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: h.authorization },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  const body = await response.text();
  return { status: response.status, text: body, json: JSON.parse(body) };
}

/** Demo-data SIDs read from the emulator before the cases run. */
const demo = { workspace: '' };
const LISTS: Record<string, (h: Hardened) => string> = {
  workspaces: () => '/taskrouter/v1/Workspaces?PageSize=1000',
  conversations: () => '/conversations/v1/Conversations?PageSize=1000',
  calls: (h) => `/api/2010-04-01/Accounts/${h.emulator.accountSid}/Calls.json?PageSize=1000`,
  messages: (h) => `/api/2010-04-01/Accounts/${h.emulator.accountSid}/Messages.json?PageSize=1000`,
};

describe('bad-input corpus', () => {
  let h: Hardened;
  before(async () => {
    h = await startHardened({ bodyLimit: BODY_LIMIT });
    demo.workspace = (await h.rest(LISTS['workspaces']!(h))).workspaces[0].sid;
  });
  after(() => h.close());

  test('the corpus has at least 150 cases', () => {
    assert.ok(cases.length >= 150, `${cases.length} cases`);
  });

  for (const c of cases) {
    test(c.name, async () => {
      const listPath = c.unchanged === undefined ? undefined : LISTS[c.unchanged]!(h);
      const stored = listPath === undefined ? undefined : await h.rest(listPath);
      const calls = await h.upstreamTotal();
      const response = await c.send(h);
      assert.equal(await h.upstreamTotal(), calls, `no upstream call (answer: ${response.text.slice(0, 300)})`);
      if (c.status !== undefined) assert.equal(response.status, c.status, response.text.slice(0, 300));
      const errors: Array<{ message: string; extensions?: { code?: string } }> = response.json?.errors ?? [];
      assert.ok(errors.length > 0, `an error is reported: ${response.text.slice(0, 300)}`);
      assert.ok(errors.some((e) => c.message.test(e.message)), `a message matches ${c.message}: ${JSON.stringify(errors.map((e) => e.message)).slice(0, 400)}`);
      if (c.code !== undefined) assert.ok(errors.some((e) => e.extensions?.code === c.code), `code ${c.code}: ${JSON.stringify(errors).slice(0, 400)}`);
      if (listPath !== undefined) assert.deepEqual(await h.rest(listPath), stored, 'nothing stored');
    });
  }
});

describe('free-form path values that are valid but unusual stay inside their segment', () => {
  let h: Hardened;
  before(async () => (h = await startHardened()));
  after(() => h.close());

  const LOOKALIKES: Array<[string, string]> = [
    ['division slash', '..\u2215..\u2215Accounts'],
    ['fullwidth solidus and full stops', '\uff0e\uff0e\uff0fAccounts'],
    ['fraction slash', 'a\u2044b'],
    ['emoji', 'room-😀'],
    ['right-to-left override', 'abc\u202edef'],
  ];
  for (const [name, value] of LOOKALIKES) {
    test(`${name}: one call, to the field's own route, answered NOT_FOUND`, async () => {
      const counters = async () => (await (await fetch(`${h.emulator.url}/__emulator/requests`)).json()) as { total: number; byRoute: Record<string, number> };
      const before = await counters();
      const answer = await h.post({ query: 'query($v: String!) { conversation(sid: $v) { sid } }', variables: { v: value } });
      const after = await counters();
      assert.equal(answer.json.errors[0].extensions.code, 'NOT_FOUND');
      assert.equal(after.total, before.total + 1);
      const route = Object.keys(after.byRoute).find((r) => after.byRoute[r] !== before.byRoute[r]);
      assert.equal(route, 'GET /conversations/v1/Conversations/{Sid}');
    });
  }
});
