/**
 * Configurable protections through their public entry points: persisted-operations mode, disabled
 * introspection, custom limits, the per-request deadline, and the `serve` flags that set them.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseServeArgs } from '../../src/cli/serve-options.js';
import { DEFAULT_LIMITS, parsePersistedOperations } from '../../src/gateway/limits/index.js';
import { startHoldingProxy, type HoldingProxy } from '../resilience/holding-proxy.js';
import { startHardened, type Hardened } from './harness.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const WORKSPACES = 'query Workspaces { workspaces(first: 2) { nodes { friendlyName } } }';
const ACCOUNT = 'query Account { account { sid } }';

describe('persisted-operations mode', () => {
  let h: Hardened;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'persisted-'));
    const file = join(dir, 'persisted-documents.json');
    writeFileSync(file, JSON.stringify({ [sha256(WORKSPACES)]: WORKSPACES, [sha256(ACCOUNT)]: ACCOUNT }));
    h = await startHardened({ persistedOperations: file });
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a known hash in extensions.persistedQuery runs its operation', async () => {
    const answer = await h.post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(WORKSPACES) } } });
    assert.equal(answer.json.errors, undefined);
    assert.equal(answer.json.data.workspaces.nodes[0].friendlyName, 'Demo Contact Center');
  });

  test('"documentId" and "id" name an operation too, and GET works', async () => {
    assert.equal((await h.post({ documentId: sha256(ACCOUNT) })).json.data.account.sid, h.emulator.accountSid);
    assert.equal((await h.post({ id: sha256(ACCOUNT) })).json.data.account.sid, h.emulator.accountSid);
    const viaGet = await h.get({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(ACCOUNT) } }) });
    assert.equal(viaGet.json.data.account.sid, h.emulator.accountSid);
  });

  const refusals: Array<[string, unknown, string, RegExp]> = [
    ['query text', { query: WORKSPACES }, 'PERSISTED_QUERY_REQUIRED', /runs only persisted operations: send the hash/],
    ['an unknown hash', { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ __typename }') } } }, 'PERSISTED_QUERY_NOT_FOUND', /No persisted operation has the hash/],
    ['a hash of the wrong type', { id: 42 }, 'PERSISTED_QUERY_NOT_FOUND', /No persisted operation has the hash of type number/],
    ['a known hash with different text', { query: '{ account { authToken } }', id: sha256(ACCOUNT) }, 'PERSISTED_QUERY_MISMATCH', /does not match the persisted operation/],
  ];
  for (const [name, body, code, message] of refusals) {
    test(`${name} is refused before any upstream call`, async () => {
      const calls = await h.upstreamTotal();
      const answer = await h.post(body);
      assert.equal(answer.status, 400);
      assert.equal(answer.json.errors[0].extensions.code, code);
      assert.match(answer.json.errors[0].message, message);
      assert.equal(await h.upstreamTotal(), calls);
    });
  }

  test('GraphiQL is not served: it could run nothing typed into it', async () => {
    const page = await fetch(h.gateway.graphqlUrl, { headers: { accept: 'text/html' } });
    assert.match(page.headers.get('content-type') ?? '', /json/);
    assert.equal(((await page.json()) as any).errors[0].extensions.code, 'PERSISTED_QUERY_REQUIRED');
    assert.equal((await fetch(h.gateway.url, { redirect: 'manual' })).status, 404);
  });

  test('an Apollo persisted-query manifest is read as well', () => {
    const operations = parsePersistedOperations({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: 'abc', name: 'Account', type: 'query', body: ACCOUNT }],
    });
    assert.equal(operations.get('abc'), ACCOUNT);
  });

  test('malformed files are refused with the reason', () => {
    assert.throws(() => parsePersistedOperations([]), /must be a JSON object/);
    assert.throws(() => parsePersistedOperations({}), /lists no operations/);
    assert.throws(() => parsePersistedOperations({ abc: 5 }), /operation must be non-empty GraphQL text/);
    assert.throws(() => parsePersistedOperations({ format: 'apollo-persisted-query-manifest', operations: {} }), /"operations" must be an array/);
  });
});

describe('configured limits', () => {
  let h: Hardened;
  before(async () => {
    h = await startHardened({ limits: { introspection: false, maxDepth: 4, maxCost: 10, maxAliases: 1 }, maxFirst: 10 });
  });
  after(() => h.close());

  const refusals: Array<[string, string, string, RegExp]> = [
    ['__schema', '{ __schema { types { name } } }', 'INTROSPECTION_DISABLED', /Introspection is disabled on this gateway: "__schema"/],
    ['__type', '{ __type(name: "Query") { name } }', 'INTROSPECTION_DISABLED', /"__type" cannot be queried/],
    ['introspection inside a fragment', '{ ...F } fragment F on Query { __schema { queryType { name } } }', 'INTROSPECTION_DISABLED', /Introspection is disabled/],
    ['the federation SDL (_service)', '{ _service { sdl } }', 'INTROSPECTION_DISABLED', /"_service" cannot be queried \(for federation composition, use the subgraph SDL file twilio-subgraph.graphql\)/],
    ['depth 5 of 4', '{ workspaces(first: 1) { nodes { workers(first: 1) { nodes { sid } } } } }', 'QUERY_TOO_COMPLEX', /Query depth 5 exceeds the maximum depth of 4/],
    ['two aliases of 1', '{ a: workspaces(first: 1) { nodes { sid } } b: workspaces(first: 1) { nodes { sid } } }', 'QUERY_TOO_COMPLEX', /2 aliases, more than the maximum of 1/],
    ['first above a lowered cap', '{ workspaces(first: 11) { nodes { sid } } }', 'BAD_USER_INPUT', /between 1 and 10 \(got 11\)/],
    ['cost above a lowered budget', '{ workspaces(first: 10) { nodes { account { sid } } } }', 'QUERY_TOO_COMPLEX', /Query cost 11 exceeds the budget of 10/],
  ];
  for (const [name, query, code, message] of refusals) {
    test(`${name} is refused`, async () => {
      const calls = await h.upstreamTotal();
      const answer = await h.post({ query });
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.json.errors[0].extensions.code, code);
      assert.match(answer.json.errors[0].message, message);
      assert.equal(await h.upstreamTotal(), calls);
    });
  }

  test('validation errors do not suggest field, argument or enum names', async () => {
    for (const query of ['{ workspacez { nodes { sid } } }', '{ workspaces(frist: 1) { nodes { sid } } }', '{ calls(status: COMPLETE) { nodes { sid } } }']) {
      const answer = await h.post({ query });
      assert.equal(answer.status, 400);
      for (const error of answer.json.errors) assert.doesNotMatch(error.message, /Did you mean/, error.message);
      assert.match(answer.json.errors[0].message, /^(Cannot query field "workspacez" on type "Query"\.|Unknown argument "frist" on field "Query\.workspaces"\.|Value "COMPLETE" does not exist in "CallStatus" enum\.)$/);
    }
    const variable = await h.post({ query: 'query($s: CallStatus) { calls(status: $s) { nodes { sid } } }', variables: { s: 'COMPLETE' } });
    assert.doesNotMatch(variable.json.errors[0].message, /Did you mean/);
  });

  test('__typename is not introspection, and operations within the limits run', async () => {
    const answer = await h.post({ query: '{ __typename workspaces(first: 5) { nodes { sid } } }' });
    assert.equal(answer.json.errors, undefined);
    assert.equal(answer.json.data.__typename, 'Query');
  });
});

describe('per-request deadline', () => {
  let h: Hardened;
  let proxy: HoldingProxy;
  before(async () => {
    // Calls the test holds never answer until it releases them: only the deadline can end them.
    proxy = await startHoldingProxy();
    h = await startHardened((emulator) => {
      proxy.forwardTo(emulator.url);
      return { upstream: { kind: 'url', baseUrl: proxy.url }, requestTimeoutMs: 200 };
    });
  });
  after(async () => {
    await h.close();
    await proxy.close();
  });

  test('upstream calls past the deadline fail with UPSTREAM_UNAVAILABLE (deadline), not a hang', async () => {
    // The workspace list answers; the nested worker lists are held past the deadline.
    proxy.hold((request) => request.path.includes('/Workers'));
    try {
      const answer = await h.post({ query: '{ workspaces(first: 1) { nodes { sid workers(first: 1) { nodes { activity { sid } } } } } }' });
      assert.equal(proxy.held(), 1, 'answered while the nested call was still held');
      assert.match(answer.json.data.workspaces.nodes[0].sid, /^WS/);
      const errors: Array<{ path: unknown[]; extensions: { code: string; reason?: string } }> = answer.json.errors ?? [];
      assert.deepEqual(errors.map((e) => [e.path, e.extensions.code, e.extensions.reason]), [[['workspaces', 'nodes', 0, 'workers'], 'UPSTREAM_UNAVAILABLE', 'deadline']]);
    } finally {
      proxy.release();
    }
  });

  test('a deadline error names the limit, how long the request ran and the cap, like other limits', async () => {
    proxy.hold((request) => request.path.startsWith('/taskrouter/v1/Workspaces'));
    try {
      const answer = await h.post({ query: '{ workspaces(first: 1) { nodes { sid } } }' });
      assert.equal(proxy.held(), 1, 'the deadline, not an answer, ended the call');
      const error = answer.json.errors[0];
      assert.equal(error.extensions.code, 'UPSTREAM_UNAVAILABLE');
      assert.equal(error.extensions.reason, 'deadline');
      assert.equal(error.extensions.limit, 'requestTimeout');
      assert.equal(error.extensions.max, 200);
      assert.ok(Number.isInteger(error.extensions.value) && error.extensions.value >= 200, String(error.extensions.value));
      assert.match(error.message, /^Deadline exceeded for request to http:\/\/127\.0\.0\.1:\d+ \(limit "requestTimeout": the request ran \d+ ms; its Twilio calls may take 200 ms in all\)$/);
    } finally {
      proxy.release();
    }
  });
});

describe('serve flags', () => {
  test('defaults', () => {
    const command = parseServeArgs([], {});
    assert.ok(!command.help);
    assert.deepEqual(command.config.limits, DEFAULT_LIMITS);
    assert.equal(command.config.requestTimeoutMs, 15_000);
    assert.equal(command.config.maxFirst, 1000);
    assert.equal(command.config.client?.maxConcurrentPerAccount, 25);
    assert.equal(command.config.persistedOperations, undefined);
  });

  test('every limit has a flag', () => {
    const command = parseServeArgs(
      ['--max-cost', '50', '--max-depth', '6', '--max-aliases', '2', '--max-fields', '90', '--max-tokens', '800', '--max-first', '20',
        '--request-timeout', '2500', '--max-concurrency', '80', '--no-introspection', '--persisted-operations', 'ops.json'],
      {},
    );
    assert.ok(!command.help);
    assert.deepEqual(command.config.limits, { maxCost: 50, maxDepth: 6, maxAliases: 2, maxFields: 90, maxTokens: 800, introspection: false });
    assert.equal(command.config.maxFirst, 20);
    assert.equal(command.config.requestTimeoutMs, 2500);
    assert.equal(command.config.client?.maxConcurrentPerAccount, 80);
    assert.equal(command.config.persistedOperations, 'ops.json');
  });

  test('bad values are usage errors naming the flag', () => {
    assert.throws(() => parseServeArgs(['--max-cost', '0'], {}), /--max-cost must be an integer from 1/);
    assert.throws(() => parseServeArgs(['--request-timeout', 'soon'], {}), /--request-timeout must be an integer/);
  });
});
