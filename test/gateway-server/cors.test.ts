/**
 * CORS for browser clients on other origins (a Flex UI or plugin): off by default; with origins
 * configured, preflights from them are answered with the methods and headers a GraphQL client
 * needs, other origins get no CORS headers, and a cross-origin request still never gets the
 * server's credentials.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGateway, type RunningGateway } from '../../src/gateway/start.js';
import { ACCOUNT, basic, SERVER_CREDENTIALS, startServer } from './helpers.js';

const FLEX = 'https://flex.twilio.com';

const preflight = (url: string, origin: string) =>
  fetch(`${url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-twilio-account-sid' },
  });

describe('CORS off (the default)', () => {
  let url: string;
  let close: () => Promise<void>;
  before(async () => ({ url, close } = await startServer()));
  after(() => close());

  test('a preflight gets no CORS headers (405 with the methods /graphql takes)', async () => {
    const response = await preflight(url, FLEX);
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, POST');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });
});

describe('CORS with --cors-origin', () => {
  let url: string;
  let close: () => Promise<void>;
  before(async () => ({ url, close } = await startServer({ corsOrigins: [FLEX, 'http://localhost:3000'], serverCredentials: SERVER_CREDENTIALS })));
  after(() => close());

  test('a preflight from a listed origin allows GET/POST with Authorization, Content-Type and X-Twilio-Account-Sid', async () => {
    const response = await preflight(url, FLEX);
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), FLEX);
    assert.equal(response.headers.get('access-control-allow-methods'), 'GET, POST');
    assert.equal(response.headers.get('access-control-allow-headers'), 'Authorization, Content-Type, X-Twilio-Account-Sid');
    assert.equal(response.headers.get('access-control-max-age'), '600');
    assert.equal(response.headers.get('access-control-allow-credentials'), null, 'no cookies: credentials travel in Authorization');
  });

  test('an origin that is not listed gets no Access-Control-Allow-Origin', async () => {
    const response = await preflight(url, 'https://evil.example');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    const post = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json', authorization: basic(ACCOUNT, 'tok') },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    assert.equal(post.headers.get('access-control-allow-origin'), null);
  });

  test('the request itself carries the CORS headers, and Vary names both Origin and Accept', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { origin: FLEX, 'content-type': 'application/json', authorization: basic(ACCOUNT, 'tok') },
      body: JSON.stringify({ query: '{ whoami }' }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), FLEX);
    assert.match(response.headers.get('vary') ?? '', /Origin/);
    assert.match(response.headers.get('vary') ?? '', /Accept/);
    assert.deepEqual(await response.json(), { data: { whoami: `${ACCOUNT} AC request` } });
  });

  test("a listed origin without Authorization does not get the server's credentials", async () => {
    for (const origin of [FLEX, 'http://localhost:3000']) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
        body: JSON.stringify({ query: '{ whoami }' }),
      });
      assert.equal(response.status, 401, origin);
      // Readable by the page, so it can show why.
      assert.equal(response.headers.get('access-control-allow-origin'), origin);
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      assert.equal(body.errors[0]!.extensions.code, 'UNAUTHENTICATED');
    }
  });
});

describe('a Flex UI origin calling with a Flex token', () => {
  let gateway: RunningGateway;
  before(async () => {
    gateway = await startGateway({ upstream: { kind: 'embedded-emulator' }, port: 0, corsOrigins: [FLEX] });
  });
  after(() => gateway.close());

  test('preflight, then the Bearer request, as a browser sends them', async () => {
    assert.equal((await preflight(gateway.url, FLEX)).status, 204);
    const minted = await fetch(`${gateway.emulator!.url}/__emulator/flex/tokens`, { method: 'POST', body: JSON.stringify({ identity: 'browser', roles: ['agent'] }) });
    const { token } = (await minted.json()) as { token: string };
    const response = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { origin: FLEX, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ workspaces(first: 1) { nodes { sid } } }' }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), FLEX);
    const body = (await response.json()) as { data: { workspaces: { nodes: Array<{ sid: string }> } } };
    assert.match(body.data.workspaces.nodes[0]!.sid, /^WS/);
  });
});
