/**
 * Logs and errors carry no secrets: a run with Basic (Auth Token), API-key, gateway-token, bad and
 * Bearer credentials, failing operations and GraphiQL, after which no credential, token or secret
 * appears in any captured log line, any GraphQL error or the GraphiQL page. Also checks the log
 * line's shape: one JSON line per GraphQL request with the documented fields.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { basic, startHardened, type Hardened } from './harness.js';
import { createApiKey } from './tenants.js';

const GATEWAY_TOKEN = 'gw-token-5f0c2d1e9a7b4c3d';
const WRONG_PASSWORD = 'wrong-password-8c1d2e3f4a5b';
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.flex-token-payload-3e4f5a.signature-9b8c7d';

describe('log secrecy', () => {
  let h: Hardened;
  let secrets: string[];
  const errorTexts: string[] = [];
  let graphqlRequests = 0;
  let graphiql = '';
  const logs: string[] = [];

  before(async () => {
    // The emulator's credentials double as the gateway's server credentials (for X-Gateway-Token).
    h = await startHardened((emulator) => ({
      gatewayToken: GATEWAY_TOKEN,
      serverCredentials: {
        credential: { kind: 'basic', username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid },
        accountSid: emulator.accountSid,
      },
      log: { level: 'trace', stream: { write: (line: string) => void logs.push(line) } },
    }));
    const key = await createApiKey(h, h.emulator.accountSid, h.authorization);
    secrets = [
      h.emulator.authToken,
      key.secret,
      GATEWAY_TOKEN,
      WRONG_PASSWORD,
      BEARER,
      h.authorization.slice('Basic '.length),
      basic(key.sid, key.secret).slice('Basic '.length),
      basic(h.emulator.accountSid, WRONG_PASSWORD).slice('Basic '.length),
    ];

    const run = async (body: unknown, headers: Record<string, string>) => {
      graphqlRequests++;
      const answer = await h.post(body, headers);
      if (answer.json?.errors) errorTexts.push(JSON.stringify(answer.json.errors));
      return answer;
    };
    const basicAuth = { authorization: h.authorization };
    const apiKey = { authorization: basic(key.sid, key.secret), 'x-twilio-account-sid': h.emulator.accountSid };
    await run({ query: 'query Named { account { sid authToken } workspaces(first: 2) { nodes { sid } } }', operationName: 'Named' }, basicAuth);
    await run({ query: '{ account { authToken } }' }, apiKey);
    await run({ query: '{ account { authToken } }' }, { 'x-gateway-token': GATEWAY_TOKEN });
    await run({ query: '{ account { sid } }' }, { 'x-gateway-token': 'not-' + GATEWAY_TOKEN });
    await run({ query: '{ workspaces { nodes { sid } } }' }, { authorization: basic(h.emulator.accountSid, WRONG_PASSWORD) });
    await run({ query: '{ workspaces { nodes { sid } } }' }, { authorization: basic(key.sid, WRONG_PASSWORD), 'x-twilio-account-sid': h.emulator.accountSid });
    await run({ query: '{ workspaces { nodes { sid } } }' }, { authorization: `Bearer ${BEARER}` });
    await run({ query: `{ workspace(sid: "WS${'0'.repeat(32)}") { sid } }` }, basicAuth);
    await run({ query: '{ workspace(sid: "../../Accounts") { sid } }' }, apiKey);
    await run({ query: '{ workspaces { nodes { workers { nodes { reservations { nodes { sid } } } } } } }' }, basicAuth);
    await run({ query: '{ nope }' }, basicAuth);
    await run(`{"query": "${WRONG_PASSWORD}`, basicAuth);
    await run({ query: 'mutation { createWorkspace(input: { friendlyName: "" }) { sid } }' }, apiKey);
    graphiql = await (await fetch(h.gateway.graphqlUrl, { headers: { accept: 'text/html', authorization: h.authorization } })).text();
  });
  after(() => h.close());

  test('the run produced log lines and errors to inspect', () => {
    assert.ok(logs.length >= graphqlRequests);
    assert.ok(errorTexts.length >= 8, `${errorTexts.length} error answers`);
    assert.match(graphiql, /<html/i);
  });

  test('no secret appears in any log line', () => {
    const all = logs.join('');
    for (const secret of secrets) assert.ok(!all.includes(secret), `a log line contains a secret (${secret.slice(0, 4)}…)`);
  });

  test('no secret appears in any GraphQL error', () => {
    for (const text of errorTexts) for (const secret of secrets) assert.ok(!text.includes(secret), `an error contains a secret: ${text.slice(0, 200)}`);
  });

  test('no secret appears in the GraphiQL page of a gateway with real credentials', () => {
    for (const secret of secrets) assert.ok(!graphiql.includes(secret), 'GraphiQL carries no credential');
  });

  test('one JSON line per GraphQL request, with id, operation, account, upstream calls, duration, status and error codes', () => {
    const lines = logs.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'graphql request');
    assert.equal(lines.length, graphqlRequests);
    assert.equal(new Set(lines.map((l) => l.reqId)).size, lines.length, 'request ids are distinct');
    const named = lines.find((l) => l.operationName === 'Named')!;
    assert.equal(named.operationType, 'query');
    assert.equal(named.accountSid, h.emulator.accountSid);
    assert.ok(named.upstreamCalls >= 2, 'account and workspaces were fetched');
    assert.equal(typeof named.durationMs, 'number');
    assert.equal(named.status, 200);
    assert.deepEqual(named.errors, []);
    const codes = new Set(lines.flatMap((l) => l.errors));
    for (const code of ['UNAUTHENTICATED', 'NOT_FOUND', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED']) assert.ok(codes.has(code), `${code} logged`);
    const refused = lines.find((l) => l.errors.includes('QUERY_TOO_COMPLEX'))!;
    assert.equal(refused.upstreamCalls, 0);
  });
});
