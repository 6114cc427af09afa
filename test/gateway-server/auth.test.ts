/** Authorization parsing and the server-credential rule: the policy function, then through HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authenticate, AuthError, type AuthPolicy, type RequestAuth } from '../../src/gateway/auth.js';
import { isLoopbackAddress, isLoopbackHostHeader } from '../../src/gateway/loopback.js';
import { ACCOUNT, API_KEY, basic, get, post, SERVER_CREDENTIALS, startServer, SUBACCOUNT } from './helpers.js';

const LOCAL = { host: '127.0.0.1:4000' };
const loopback: AuthPolicy = { loopbackListener: true };
const withServer: AuthPolicy = { serverCredentials: SERVER_CREDENTIALS, loopbackListener: true };

async function ok(pending: Promise<RequestAuth | AuthError>): Promise<RequestAuth> {
  const result = await pending;
  assert.ok(!(result instanceof AuthError), `expected success, got: ${result instanceof AuthError ? result.message : ''}`);
  return result;
}
async function fails(pending: Promise<RequestAuth | AuthError>, pattern: RegExp): Promise<void> {
  const result = await pending;
  assert.ok(result instanceof AuthError, 'expected an AuthError');
  assert.equal(result.extensions.code, 'UNAUTHENTICATED');
  assert.match(result.message, pattern);
}

describe('authenticate: Authorization header', () => {
  test('Basic AC…:token acts on that account', async () => {
    const auth = await ok(authenticate({ ...LOCAL, authorization: basic(ACCOUNT, 'tok:en') }, loopback));
    assert.equal(auth.accountSid, ACCOUNT);
    assert.equal(auth.source, 'request');
    assert.deepEqual(auth.credential, { kind: 'basic', username: ACCOUNT, password: 'tok:en', accountSid: ACCOUNT });
  });

  test('the scheme is case-insensitive', async () => {
    await ok(authenticate({ authorization: basic(ACCOUNT, 't').replace('Basic', 'basic') }, loopback));
  });

  test('Basic AC… with X-Twilio-Account-Sid acts on the named (sub)account', async () => {
    const auth = await ok(authenticate({ authorization: basic(ACCOUNT, 't'), 'x-twilio-account-sid': SUBACCOUNT }, loopback));
    assert.equal(auth.accountSid, SUBACCOUNT);
    assert.equal(auth.credential.accountSid, SUBACCOUNT);
    assert.equal(auth.credential.username, ACCOUNT);
  });

  test('Basic SK…:secret with X-Twilio-Account-Sid', async () => {
    const auth = await ok(authenticate({ authorization: basic(API_KEY, 'secret'), 'x-twilio-account-sid': ACCOUNT }, loopback));
    assert.equal(auth.accountSid, ACCOUNT);
    assert.deepEqual(auth.credential, { kind: 'basic', username: API_KEY, password: 'secret', accountSid: ACCOUNT });
  });

  test('Basic SK…:secret without the header uses the configured TWILIO_ACCOUNT_SID', async () => {
    const auth = await ok(authenticate({ authorization: basic(API_KEY, 'secret') }, { ...loopback, defaultAccountSid: SUBACCOUNT }));
    assert.equal(auth.accountSid, SUBACCOUNT);
  });

  test('Basic SK…:secret with no account anywhere is refused, naming the header', async () => {
    await fails(authenticate({ authorization: basic(API_KEY, 'secret') }, loopback), /X-Twilio-Account-Sid/);
  });

  test('an invalid X-Twilio-Account-Sid is refused', async () => {
    await fails(authenticate({ authorization: basic(API_KEY, 's'), 'x-twilio-account-sid': 'AC123' }, loopback), /X-Twilio-Account-Sid must be/);
  });

  const malformed: [string, string, RegExp][] = [
    ['no value after Basic', 'Basic', /missing its base64/],
    ['not base64', 'Basic !!!notbase64', /not valid base64/],
    ['no colon', `Basic ${Buffer.from(ACCOUNT).toString('base64')}`, /no ":" found/],
    ['empty password', basic(ACCOUNT, ''), /password .* is empty/],
    ['username neither AC nor SK', basic('US' + 'a'.repeat(32), 'x'), /Account SID .* or an API Key SID/],
    ['short AC sid', basic('AC123', 'x'), /Account SID/],
    ['unknown scheme', 'Digest username="x"', /Unsupported Authorization scheme/],
  ];
  for (const [name, header, pattern] of malformed) {
    test(`malformed: ${name}`, () => fails(authenticate({ authorization: header }, withServer), pattern));
  }

  test('Bearer (Flex tokens) without a token verifier is refused, saying what the gateway needs', async () => {
    await fails(authenticate({ authorization: 'Bearer eyJhbGciOi' }, withServer), /Bearer tokens \(Flex tokens\) need .*credentials/);
  });

  test('error messages never contain the secret', async () => {
    const secret = 'sup3r-s3cret-value';
    for (const header of [basic('XX' + 'a'.repeat(32), secret), basic(API_KEY, secret), `Digest ${secret}`]) {
      const result = await authenticate({ authorization: header }, loopback);
      assert.ok(result instanceof AuthError);
      assert.ok(!result.message.includes(secret));
      assert.ok(!result.message.includes(Buffer.from(secret).toString('base64').slice(0, 12)));
    }
  });
});

describe('authenticate: requests without Authorization', () => {
  test('no server credentials: refused, saying what to send', async () => {
    await fails(authenticate(LOCAL, loopback), /Missing Authorization header/);
  });

  test('loopback listener, loopback Host: the server credentials serve it', async () => {
    const auth = await ok(authenticate(LOCAL, withServer));
    assert.equal(auth.source, 'server');
    assert.equal(auth.accountSid, ACCOUNT);
    await ok(authenticate({ host: 'localhost:4000' }, withServer));
    await ok(authenticate({ host: '[::1]:4000' }, withServer));
  });

  test('loopback listener but a foreign Host (DNS rebinding): refused', async () => {
    await fails(authenticate({ host: 'attacker.example:4000' }, withServer), /Host header/);
    await fails(authenticate({}, withServer), /Host header/);
  });

  test('non-loopback listener without a gateway token: refused', async () => {
    await fails(authenticate(LOCAL, { ...withServer, loopbackListener: false }), /loopback listener or with --gateway-token/);
  });

  test('gateway token configured: the right token serves it, on any listener', async () => {
    for (const loopbackListener of [true, false]) {
      const policy = { ...withServer, loopbackListener, gatewayToken: 'let-me-in' };
      assert.equal((await ok(authenticate({ host: 'gw.example', 'x-gateway-token': 'let-me-in' }, policy))).source, 'server');
      await fails(authenticate({ host: 'gw.example', 'x-gateway-token': 'let-me-out' }, policy), /X-Gateway-Token is not valid/);
      await fails(authenticate({ host: 'gw.example', 'x-gateway-token': 'let-me-i' }, policy), /X-Gateway-Token is not valid/);
      // A configured token is required even from loopback (a local reverse proxy would expose it).
      await fails(authenticate(LOCAL, policy), /X-Gateway-Token/);
    }
  });

  test('a request with Authorization never falls back to the server credentials', async () => {
    await fails(authenticate({ ...LOCAL, authorization: 'Basic ???' }, withServer), /base64/);
  });
});

describe('loopback checks', () => {
  test('listener addresses', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.ok(isLoopbackAddress(address), address);
    for (const address of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', 'localhost']) assert.ok(!isLoopbackAddress(address), address);
  });
  test('Host headers', () => {
    for (const host of ['localhost', 'LOCALHOST:80', '127.0.0.1:4000', '[::1]:4000', 'app.localhost:3000']) {
      assert.ok(isLoopbackHostHeader(host), host);
    }
    for (const host of ['example.com', '10.0.0.1:4000', 'localhost.example.com', '[::2]:1', undefined]) {
      assert.ok(!isLoopbackHostHeader(host), String(host));
    }
  });
});

describe('auth through HTTP', () => {
  let url: string;
  let close: () => Promise<void>;
  before(async () => ({ url, close } = await startServer({ serverCredentials: SERVER_CREDENTIALS })));
  after(() => close());

  test('introspection needs no credentials (GraphiQL loads the schema first)', async () => {
    const result = await post(url, { query: '{ __schema { queryType { name } } __typename }' }, { 'x-gateway-token': 'x', authorization: 'Bearer x' });
    assert.deepEqual(result.json, { data: { __schema: { queryType: { name: 'Query' } }, __typename: 'Query' } });
  });

  test('a header-less request on the loopback listener uses the server credentials', async () => {
    const result = await post(url, { query: '{ whoami }' });
    assert.deepEqual(result.json, { data: { whoami: `${ACCOUNT} AC server` } });
  });

  test('a header-less request naming a foreign Host is refused', async () => {
    // fetch forbids setting Host, so speak HTTP/1.1 directly.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/graphql?query=%7Bwhoami%7D`, { headers: { host: 'rebound.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 401);
  });

  test('a bad credential fails the whole operation once, with UNAUTHENTICATED and 401', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const result = await post(url, { query: '{ hello whoami }' }, { authorization: 'Bearer token', accept });
      assert.equal(result.status, 401);
      assert.equal('data' in result.json, false);
      assert.equal(result.json.errors.length, 1);
      assert.equal(result.json.errors[0].extensions.code, 'UNAUTHENTICATED');
    }
  });

  test('fragments and inline fragments at the root are gated too', async () => {
    const query = 'query { ... on Query { __typename } ...F } fragment F on Query { whoami }';
    const result = await get(url, { query }, { authorization: basic(API_KEY, 's') });
    assert.equal(result.status, 401);
    assert.match(result.json.errors[0].message, /X-Twilio-Account-Sid/);
  });

  test('only the selected operation decides', async () => {
    const query = 'query Intro { __typename } query Data { whoami }';
    const result = await post(url, { query, operationName: 'Intro' }, { authorization: 'Bearer t' });
    assert.deepEqual(result.json, { data: { __typename: 'Query' } });
  });

  test('an API key with the account header reaches the resolver', async () => {
    const result = await post(url, { query: '{ whoami }' }, { authorization: basic(API_KEY, 's'), 'x-twilio-account-sid': SUBACCOUNT });
    assert.deepEqual(result.json, { data: { whoami: `${SUBACCOUNT} SK request` } });
  });
});

describe('gateway token through HTTP', () => {
  let url: string;
  let close: () => Promise<void>;
  before(async () => ({ url, close } = await startServer({ serverCredentials: SERVER_CREDENTIALS, gatewayToken: 'tok-123' })));
  after(() => close());

  test('with the token: server credentials', async () => {
    const result = await post(url, { query: '{ whoami }' }, { 'x-gateway-token': 'tok-123' });
    assert.deepEqual(result.json, { data: { whoami: `${ACCOUNT} AC server` } });
  });

  test('without it, even on loopback: UNAUTHENTICATED', async () => {
    const result = await post(url, { query: '{ whoami }' });
    assert.equal(result.json.errors[0].extensions.code, 'UNAUTHENTICATED');
  });
});
