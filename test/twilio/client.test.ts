import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  ForeignLinkError,
  TwilioApiError,
  TwilioClient,
  UnsafePathError,
  UpstreamUnavailableError,
  type Credential,
  type TwilioClientOptions,
  type UpstreamEvent,
} from '../../src/twilio/index.js';
import { closedPort, json, startServer, type TestServer } from './server.js';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const SECRET = 'super-secret-token';
const cred: Credential = { kind: 'basic', username: ACCOUNT, password: SECRET, accountSid: ACCOUNT };
const BASIC = `Basic ${Buffer.from(`${ACCOUNT}:${SECRET}`).toString('base64')}`;

/** Fast retries so the suite stays quick; tests override what they exercise. */
const FAST: TwilioClientOptions = { retryBaseDelayMs: 2, retryMaxDelayMs: 10 };

let server: TestServer;
const clients: TwilioClient[] = [];
function client(options: TwilioClientOptions = {}): TwilioClient {
  const created = new TwilioClient({ baseUrl: server.url, ...FAST, ...options });
  clients.push(created);
  return created;
}

before(async () => {
  server = await startServer((_req, res) => json(res, 200, {}));
});
after(() => server.close());
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  server.requests.length = 0;
  server.maxInFlight = 0;
  server.maxInFlightByAuth.clear();
  server.handler = (_req, res) => json(res, 200, {});
});

/** Asserts that nothing in `value` (error, event) reveals the credential. */
function assertNoSecrets(value: unknown): void {
  const seen = new WeakSet<object>();
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Error) return { ...v, name: v.name, message: v.message, stack: v.stack, cause: v.cause };
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return undefined;
      seen.add(v);
    }
    return v;
  });
  assert.ok(!text.includes(SECRET), 'secret leaked');
  assert.ok(!text.includes(BASIC.slice(6)), 'basic header leaked');
}

describe('wire format', () => {
  it('sends Basic auth, Accept, User-Agent and the product prefix', async () => {
    server.handler = (_req, res) => json(res, 200, { sid: 'WS1' });
    const response = await client().request(cred, { product: 'taskrouter', method: 'GET', path: '/v1/Workspaces/WS1' });
    assert.deepEqual(response.body, { sid: 'WS1' });
    assert.equal(response.status, 200);
    const [seen] = server.requests;
    assert.equal(seen?.url, '/taskrouter/v1/Workspaces/WS1');
    assert.equal(seen?.headers.authorization, BASIC);
    assert.equal(seen?.headers.accept, 'application/json');
    assert.match(seen?.headers['user-agent'] ?? '', /^twilio-graphql\/\d+\.\d+\.\d+/);
  });

  it('encodes form bodies exactly as twilio-node does', async () => {
    server.handler = (_req, res) => json(res, 201, { sid: 'SM1' });
    const response = await client().request(cred, {
      product: 'api',
      method: 'POST',
      path: `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`,
      body: {
        To: '+15558675310',
        From: '+15017122661',
        Body: 'Hi there & bye',
        MediaUrl: ['https://e.example/a.png', 'https://e.example/b.png'],
        SendAsMms: true,
        Attempt: 2,
        ValidityPeriod: undefined,
      },
    });
    assert.equal(response.status, 201);
    const [seen] = server.requests;
    assert.equal(seen?.method, 'POST');
    assert.equal(seen?.url, `/api/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    assert.equal(seen?.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(
      seen?.body,
      'To=%2B15558675310&From=%2B15017122661&Body=Hi%20there%20%26%20bye' +
        '&MediaUrl=https%3A%2F%2Fe.example%2Fa.png&MediaUrl=https%3A%2F%2Fe.example%2Fb.png&SendAsMms=true&Attempt=2',
    );
  });

  it('encodes special-character keys and query strings with repeated keys', async () => {
    const c = client();
    await c.request(cred, {
      product: 'api',
      method: 'GET',
      path: `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`,
      query: { 'DateSent>': '2024-01-01', 'DateSent<': '2024-02-01', PageSize: 20, Status: ['queued', 'sent'] },
    });
    await c.request(cred, {
      product: 'conversations',
      method: 'POST',
      path: '/v1/Conversations',
      body: { 'Timers.Closed': 'PT1H', 'Bindings.Email.Address': 'a@b.example', Disabled: false },
    });
    assert.equal(
      server.requests[0]?.url,
      `/api/2010-04-01/Accounts/${ACCOUNT}/Messages.json?DateSent%3E=2024-01-01&DateSent%3C=2024-02-01&PageSize=20&Status=queued&Status=sent`,
    );
    assert.equal(server.requests[1]?.body, 'Timers.Closed=PT1H&Bindings.Email.Address=a%40b.example&Disabled=false');
  });

  it('sends JSON bodies when asked', async () => {
    await client().request(cred, {
      product: 'flex-api',
      method: 'POST',
      path: '/v1/Configuration',
      body: { ui_attributes: { a: [1, true] } },
      bodyEncoding: 'json',
      headers: { 'X-Twilio-Webhook-Enabled': 'true' },
    });
    const [seen] = server.requests;
    assert.equal(seen?.headers['content-type'], 'application/json');
    assert.equal(seen?.headers['x-twilio-webhook-enabled'], 'true');
    assert.deepEqual(JSON.parse(seen?.body ?? ''), { ui_attributes: { a: [1, true] } });
  });

  it('returns null for 204 and exposes response headers', async () => {
    server.handler = (_req, res) => {
      res.writeHead(204, { etag: '"3"' });
      res.end();
    };
    const response = await client().request(cred, { product: 'taskrouter', method: 'DELETE', path: '/v1/Workspaces/WS1' });
    assert.deepEqual([response.status, response.body, response.headers.etag], [204, null, '"3"']);
  });

  it('refuses caller headers that the client owns', async () => {
    await assert.rejects(
      client().request(cred, { product: 'api', method: 'GET', path: '/v1/x', headers: { Authorization: 'Basic eA==' } }),
      /cannot be overridden/,
    );
    await assert.rejects(
      client().request(cred, { product: 'api', method: 'GET', path: '/v1/x', headers: { 'If-Match': '"1"\r\nX-Evil: 1' } }),
      /invalid name or value/,
    );
    assert.equal(server.requests.length, 0);
  });
});

describe('path steering', () => {
  for (const path of ['/v1/Workspaces/../../admin', '/v1/Workspaces/WS1%2FWorkers', '/v1/Workspaces/WS1%2fx', '/v1/Workspaces/WS1?x=1', '/v1/Workspaces/WS1#x', '/v1/Workspaces/WS\r\n1']) {
    it(`refuses ${JSON.stringify(path)} without sending`, async () => {
      await assert.rejects(client().request(cred, { product: 'taskrouter', method: 'POST', path }), UnsafePathError);
      assert.equal(server.requests.length, 0);
    });
  }
  it('refuses a product that is not a host label', async () => {
    await assert.rejects(client().request(cred, { product: '../admin', method: 'GET', path: '/v1/x' }), TypeError);
    assert.equal(server.requests.length, 0);
  });
});

describe('error mapping', () => {
  it('maps Twilio JSON errors', async () => {
    server.handler = (_req, res) =>
      json(res, 404, { code: 20404, message: 'The requested resource was not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 });
    const error = await client()
      .request(cred, { product: 'taskrouter', method: 'GET', path: '/v1/Workspaces/WS404' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof TwilioApiError);
    assert.deepEqual([error.status, error.code, error.moreInfo, error.message], [404, 20404, 'https://www.twilio.com/docs/errors/20404', 'The requested resource was not found']);
    assert.equal(server.requests.length, 1, '4xx is not retried');
    assertNoSecrets(error);
  });

  it('maps RFC-9457 errors', async () => {
    server.handler = (_req, res) =>
      json(res, 400, { type: 'https://www.twilio.com/docs/errors/21211', title: 'Invalid To', status: 400, code: 21211, detail: 'The To number is invalid' });
    const error = await client()
      .request(cred, { product: 'api', method: 'POST', path: '/2010-04-01/Accounts/AC1/Messages.json', body: { To: 'x' } })
      .catch((e: unknown) => e);
    assert.ok(error instanceof TwilioApiError);
    assert.deepEqual([error.status, error.code, error.message, error.moreInfo], [400, 21211, 'The To number is invalid', 'https://www.twilio.com/docs/errors/21211']);
  });

  it('maps an HTML 502 from a proxy', async () => {
    server.handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><head><title>502</title></head><body>Bad Gateway</body></html>');
    };
    const error = await client({ maxAttempts: 1 })
      .request(cred, { product: 'api', method: 'GET', path: '/v1/x' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof TwilioApiError);
    assert.equal(error.status, 502);
    assert.equal(error.code, undefined);
    assert.match(error.message, /HTTP 502 with a non-JSON body \(text\/html\).*Bad Gateway/);
  });

  it('maps malformed JSON in error and success bodies', async () => {
    server.handler = (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"code": 2');
    };
    await assert.rejects(
      client().request(cred, { product: 'api', method: 'GET', path: '/v1/x' }),
      (e: unknown) => e instanceof TwilioApiError && e.status === 400 && /non-JSON body/.test(e.message),
    );
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"sid": "WS');
    };
    await assert.rejects(
      client().request(cred, { product: 'api', method: 'POST', path: '/v1/x', body: {} }),
      (e: unknown) => e instanceof UpstreamUnavailableError && e.reason === 'invalid-response' && e.sent,
    );
  });

  it('names the host on connection refused and says nothing was sent', async () => {
    const port = await closedPort();
    const c = new TwilioClient({ baseUrl: `http://127.0.0.1:${port}`, ...FAST, maxAttempts: 2 });
    clients.push(c);
    const error = await c.request(cred, { product: 'api', method: 'POST', path: '/v1/x', body: {} }).catch((e: unknown) => e);
    assert.ok(error instanceof UpstreamUnavailableError);
    assert.equal(error.reason, 'connect');
    assert.equal(error.sent, false);
    assert.equal(error.host, `http://127.0.0.1:${port}`);
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    assertNoSecrets(error);
  });

  it('maps a reset connection and a headers timeout', async () => {
    server.handler = (req) => req.socket.destroy();
    const reset = await client({ maxAttempts: 1 })
      .request(cred, { product: 'api', method: 'GET', path: '/v1/x' })
      .catch((e: unknown) => e);
    assert.ok(reset instanceof UpstreamUnavailableError);
    assert.equal(reset.reason, 'network');
    server.handler = () => {};
    const slow = await client({ headersTimeoutMs: 50 })
      .request(cred, { product: 'api', method: 'POST', path: '/v1/x', body: {} })
      .catch((e: unknown) => e);
    assert.ok(slow instanceof UpstreamUnavailableError);
    assert.equal(slow.reason, 'timeout');
    assert.equal(slow.sent, true);
  });
});

describe('retries', () => {
  it('retries a GET on 429 without Retry-After, counted at the server', async () => {
    server.handler = (_req, res, _body, index) =>
      index < 2 ? json(res, 429, { code: 20429, message: 'Too many requests', status: 429 }) : json(res, 200, { ok: true });
    const events: UpstreamEvent[] = [];
    const response = await client({ onUpstream: (e) => events.push(e) }).request(cred, {
      product: 'taskrouter',
      method: 'GET',
      path: '/v1/Workspaces',
      query: { PageSize: 5 },
    });
    assert.deepEqual(response.body, { ok: true });
    assert.equal(server.requests.length, 3);
    assert.deepEqual(
      events.map((e) => [e.attempt, e.status, e.retried, e.sent]),
      [
        [1, 429, true, true],
        [2, 429, true, true],
        [3, 200, false, true],
      ],
    );
    for (const event of events) {
      assert.equal(event.product, 'taskrouter');
      assert.equal(event.method, 'GET');
      assert.equal(event.path, '/v1/Workspaces', 'no query, no prefix');
      assert.equal(event.host, server.url);
      assert.ok(event.durationMs >= 0);
      assertNoSecrets(event);
    }
    assert.ok(events[0]?.error instanceof TwilioApiError);
  });

  it('honours Retry-After in seconds', async () => {
    server.handler = (_req, res, _body, index) =>
      index === 0 ? json(res, 429, { code: 20429, message: 'Too many requests' }, { 'retry-after': '1' }) : json(res, 200, {});
    await client().request(cred, { product: 'api', method: 'GET', path: '/v1/x' });
    assert.equal(server.requests.length, 2);
    const gap = (server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0);
    assert.ok(gap >= 900, `waited ${gap} ms, Retry-After asked for 1000`);
  });

  it('honours Retry-After as an HTTP date', async () => {
    server.handler = (_req, res, _body, index) =>
      index === 0 ? json(res, 503, { message: 'busy' }, { 'retry-after': new Date(Date.now() - 1000).toUTCString() }) : json(res, 200, {});
    await client().request(cred, { product: 'api', method: 'GET', path: '/v1/x' });
    assert.equal(server.requests.length, 2);
  });

  it('gives up at once when Retry-After exceeds the deadline or the cap', async () => {
    server.handler = (_req, res) => json(res, 429, { code: 20429, message: 'Too many requests' }, { 'retry-after': '30' });
    const error = await client({ maxRetryAfterMs: 60_000 })
      .request(cred, { product: 'api', method: 'GET', path: '/v1/x' }, { deadline: Date.now() + 5000 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof TwilioApiError);
    assert.deepEqual([error.status, error.code, error.retryAfterMs], [429, 20429, 30_000]);
    assert.equal(error.message, "Too many requests (Twilio asked to retry after 30 s, past the request's deadline)");
    assert.equal(server.requests.length, 1);
    await assert.rejects(
      client({ maxRetryAfterMs: 1000 }).request(cred, { product: 'api', method: 'GET', path: '/v1/x' }),
      (e: unknown) => e instanceof TwilioApiError && e.message === 'Too many requests (Twilio asked to retry after 30 s, longer than the 1 s the client waits)',
    );
    assert.equal(server.requests.length, 2);
  });

  it('retries a GET on 503 and a dropped connection, up to maxAttempts', async () => {
    server.handler = (req, res, _body, index) => (index === 0 ? req.socket.destroy() : index === 1 ? json(res, 503, {}) : json(res, 200, { n: index }));
    const response = await client().request(cred, { product: 'api', method: 'GET', path: '/v1/x' });
    assert.deepEqual(response.body, { n: 2 });
    server.requests.length = 0;
    server.handler = (_req, res) => json(res, 503, { message: 'down' });
    await assert.rejects(
      client({ maxAttempts: 3 }).request(cred, { product: 'api', method: 'GET', path: '/v1/x' }),
      (e: unknown) => e instanceof TwilioApiError && e.status === 503,
    );
    assert.equal(server.requests.length, 3);
  });

  for (const method of ['POST', 'DELETE', 'PATCH'] as const) {
    it(`never retries a ${method} that was sent (500)`, async () => {
      server.handler = (_req, res) => json(res, 500, { code: 20500, message: 'Internal Server Error' });
      const events: UpstreamEvent[] = [];
      await assert.rejects(
        client({ onUpstream: (e) => events.push(e) }).request(cred, { product: 'api', method, path: '/2010-04-01/Accounts/AC1/Calls.json', body: { To: '+1' } }),
        (e: unknown) => e instanceof TwilioApiError && e.status === 500 && e.code === 20500,
      );
      assert.equal(server.requests.length, 1);
      assert.deepEqual(events.map((e) => [e.attempt, e.retried]), [[1, false]]);
    });
  }

  it('never retries a POST whose connection dropped, and says it may have been processed', async () => {
    server.handler = (req) => req.socket.destroy();
    const error = await client()
      .request(cred, { product: 'api', method: 'POST', path: '/2010-04-01/Accounts/AC1/Messages.json', body: { Body: 'hi' } })
      .catch((e: unknown) => e);
    assert.ok(error instanceof UpstreamUnavailableError);
    assert.equal(error.sent, true);
    assert.equal(server.requests.length, 1);
  });

  it('never retries a POST on 429', async () => {
    server.handler = (_req, res) => json(res, 429, { code: 20429, message: 'Too many requests' }, { 'retry-after': '0' });
    await assert.rejects(client().request(cred, { product: 'api', method: 'POST', path: '/v1/x', body: {} }), TwilioApiError);
    assert.equal(server.requests.length, 1);
  });
});

describe('deadlines and cancellation', () => {
  it('ends a hanging call at its deadline', async () => {
    server.handler = () => {};
    const error = await client()
      .request(cred, { product: 'api', method: 'GET', path: '/v1/x' }, { deadline: Date.now() + 100 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof UpstreamUnavailableError);
    assert.equal(error.reason, 'deadline');
    assert.equal(server.requests.length, 1);
  });

  it('stops retrying at the deadline', async () => {
    server.handler = (_req, res) => json(res, 503, {});
    await assert.rejects(
      client({ maxAttempts: 1000, retryBaseDelayMs: 20, retryMaxDelayMs: 40, circuitFailureThreshold: 1000 }).request(
        cred,
        { product: 'api', method: 'GET', path: '/v1/x' },
        { deadline: Date.now() + 200 },
      ),
      (e: unknown) => (e instanceof TwilioApiError && e.status === 503) || (e instanceof UpstreamUnavailableError && e.reason === 'deadline'),
    );
    assert.ok(server.requests.length < 1000);
  });

  it('fails fast without sending when the deadline has already passed', async () => {
    await assert.rejects(
      client().request(cred, { product: 'api', method: 'POST', path: '/v1/x', body: {} }, { deadline: Date.now() - 1 }),
      (e: unknown) => e instanceof UpstreamUnavailableError && e.reason === 'deadline' && !e.sent,
    );
    assert.equal(server.requests.length, 0);
  });

  it('rejects with the signal reason when the caller aborts', async () => {
    server.handler = () => {};
    const controller = new AbortController();
    const pending = client().request(cred, { product: 'api', method: 'GET', path: '/v1/x' }, { signal: controller.signal });
    while (server.requests.length === 0) await sleep(5);
    controller.abort(new Error('client went away'));
    await assert.rejects(pending, /client went away/);
  });
});

describe('concurrency limiter', () => {
  it('never exceeds the per-account limit at the server, and accounts do not share slots', async () => {
    server.handler = (_req, res) => setTimeout(() => json(res, 200, {}), 15);
    const other: Credential = { kind: 'basic', username: 'AC' + 'b'.repeat(32), password: 'other', accountSid: 'AC' + 'b'.repeat(32) };
    const c = client({ maxConcurrentPerAccount: 3 });
    const calls = [];
    for (let i = 0; i < 15; i++) {
      calls.push(c.request(cred, { product: 'api', method: 'GET', path: `/v1/a${i}` }));
      calls.push(c.request(other, { product: 'api', method: 'POST', path: `/v1/b${i}`, body: {} }));
    }
    await Promise.all(calls);
    assert.equal(server.requests.length, 30);
    for (const [, max] of server.maxInFlightByAuth) assert.ok(max <= 3, `max in flight ${max}`);
    assert.equal(server.maxInFlightByAuth.size, 2);
    assert.ok(server.maxInFlight <= 6);
  });

  it('fails fast without sending when the queue is full or the wait is too long', async () => {
    server.handler = (_req, res) => setTimeout(() => json(res, 200, {}), 50);
    const c = client({ maxConcurrentPerAccount: 1, maxQueuedPerAccount: 1, maxQueueWaitMs: 10 });
    // Once Twilio has accepted the credential, its calls take the account's slots.
    await c.request(cred, { product: 'api', method: 'GET', path: '/v1/accepted' });
    server.requests.length = 0;
    const first = c.request(cred, { product: 'api', method: 'POST', path: '/v1/1', body: {} });
    const second = c.request(cred, { product: 'api', method: 'POST', path: '/v1/2', body: {} });
    const third = c.request(cred, { product: 'api', method: 'POST', path: '/v1/3', body: {} });
    await assert.rejects(third, (e: unknown) => e instanceof UpstreamUnavailableError && e.reason === 'limiter' && !e.sent);
    await assert.rejects(second, (e: unknown) => e instanceof UpstreamUnavailableError && e.reason === 'limiter' && !e.sent);
    await first;
    assert.deepEqual(server.requests.map((r) => r.url), ['/api/v1/1']);
  });
});

describe('credentials Twilio has not accepted', () => {
  const burst = (c: TwilioClient, n: number) =>
    Promise.allSettled(Array.from({ length: n }, (_, i) => c.request(cred, { product: 'api', method: 'GET', path: `/v1/burst${i}` })));

  it('go one call at a time until the first accepting answer, then share the account slots', async () => {
    server.handler = (_req, res) => setTimeout(() => json(res, 200, {}), 20);
    const c = client({ maxConcurrentPerAccount: 3 });
    await burst(c, 7);
    assert.equal(server.requests.length, 7);
    assert.equal(server.maxInFlight, 3, 'the first call alone, the rest three at a time');
    const first = server.requests[0]!.at;
    assert.ok(server.requests.slice(1).every((r) => r.at >= first + 15), 'nothing else was sent before the first answer');
  });

  it('a 401 takes an accepted credential out of the account slots again', async () => {
    server.handler = (_req, res) => setTimeout(() => json(res, 200, {}), 20);
    const c = client({ maxConcurrentPerAccount: 3 });
    await c.request(cred, { product: 'api', method: 'GET', path: '/v1/accepted' });
    server.handler = (_req, res) => setTimeout(() => json(res, 401, { code: 20003, message: 'Authenticate' }), 20);
    await burst(c, 6);
    assert.equal(server.maxInFlight, 3, 'still accepted: three at a time until the 401s arrive');
    server.maxInFlight = 0;
    await burst(c, 6);
    assert.equal(server.maxInFlight, 1, 'after a 401: one at a time');
  });

  it("another account's slots are earned only by a 2xx on a path naming it; product hosts act on the credential's own", async () => {
    const SUB = 'AC' + 'c'.repeat(32);
    const claim: Credential = { ...cred, accountSid: SUB };
    const onSub = (i: number) => ({ product: 'api', method: 'GET' as const, path: `/2010-04-01/Accounts/${SUB}/Calls/CA${String(i).padStart(32, '0')}.json` });
    // Answers only once three calls are in flight together: a burst of six completes only if the limiter admits three.
    const pending: Array<() => void> = [];
    const inThrees: typeof server.handler = (_req, res) => {
      pending.push(() => json(res, 200, {}));
      if (pending.length === 3) for (const answer of pending.splice(0)) answer();
    };
    const c = client({ maxConcurrentPerAccount: 3 });
    // Accepted for its own account by a product host, which never reads the claimed one.
    await c.request(claim, { product: 'taskrouter', method: 'GET', path: '/v1/Workspaces' });
    server.handler = (_req, res) => json(res, 404, { code: 20404, message: 'not found' });
    server.maxInFlight = 0;
    await Promise.allSettled(Array.from({ length: 6 }, (_, i) => c.request(claim, onSub(i))));
    assert.equal(server.maxInFlight, 1, "the subaccount's calls went one at a time: a 404 proves nothing about it");
    server.handler = (_req, res) => json(res, 200, {});
    await c.request(claim, onSub(0));
    server.handler = inThrees;
    server.maxInFlight = 0;
    await Promise.all(Array.from({ length: 6 }, (_, i) => c.request(claim, onSub(i))));
    assert.equal(server.maxInFlight, 3, "after a 2xx on the subaccount's path: its slots");
  });

  it('a queue of their own, bounded: the excess is refused without sending', async () => {
    server.handler = (_req, res) => setTimeout(() => json(res, 401, { code: 20003, message: 'Authenticate' }), 30);
    const c = client({ maxQueuedUnverified: 2 });
    const results = await burst(c, 5);
    const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof UpstreamUnavailableError && r.reason.reason === 'limiter');
    assert.equal(refused.length, 2);
    assert.equal(server.requests.length, 3);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive 5xx, short-circuits without sending, then recovers', async () => {
    let healthy = false;
    server.handler = (_req, res) => (healthy ? json(res, 200, { ok: true }) : json(res, 500, { message: 'boom' }));
    const events: UpstreamEvent[] = [];
    let now = Date.now();
    const c = client({ circuitFailureThreshold: 3, circuitCooldownMs: 10_000, circuitClock: () => now, maxAttempts: 1, onUpstream: (e) => events.push(e) });
    const call = () => c.request(cred, { product: 'api', method: 'GET', path: '/v1/x' });
    for (let i = 0; i < 3; i++) await assert.rejects(call(), TwilioApiError);
    const open = await call().catch((e: unknown) => e);
    assert.ok(open instanceof UpstreamUnavailableError);
    assert.equal(open.reason, 'circuit-open');
    assert.equal(open.sent, false);
    assert.match(open.message, /Circuit open for http:\/\/127\.0\.0\.1/);
    assert.equal(server.requests.length, 3, 'short-circuited call not sent');
    assert.equal(events.at(-1)?.sent, false);
    now += 10_000;
    await assert.rejects(call(), TwilioApiError); // failed probe
    assert.equal(server.requests.length, 4);
    await assert.rejects(call(), (e: unknown) => e instanceof UpstreamUnavailableError && e.reason === 'circuit-open');
    now += 10_000;
    healthy = true;
    assert.deepEqual((await call()).body, { ok: true });
    assert.deepEqual((await call()).body, { ok: true });
    assert.equal(server.requests.length, 6);
  });

  it('counts one failure per call, however many attempts it made, per account and product', async () => {
    server.handler = (_req, res) => json(res, 500, { message: 'boom' });
    const c = client({ circuitFailureThreshold: 2, maxAttempts: 3 });
    const get = (who: Credential, product: string) => c.request(who, { product, method: 'GET', path: '/v1/x' });
    await assert.rejects(get(cred, 'api'), (e: unknown) => e instanceof TwilioApiError && e.status === 500);
    await assert.rejects(get(cred, 'api'), (e: unknown) => e instanceof TwilioApiError && e.status === 500);
    assert.equal(server.requests.length, 6, 'two calls, three attempts each, none cut short');
    await assert.rejects(get(cred, 'api'), (e: unknown) => e instanceof UpstreamUnavailableError && e.reason === 'circuit-open');
    assert.equal(server.requests.length, 6);
    const other: Credential = { kind: 'basic', username: 'AC' + 'b'.repeat(32), password: 'other', accountSid: 'AC' + 'b'.repeat(32) };
    await assert.rejects(get(other, 'api'), TwilioApiError);
    await assert.rejects(get(cred, 'taskrouter'), TwilioApiError);
    assert.equal(server.requests.length, 12, 'another account, and another product of this one, are still sent');
  });

  it('does not open on 4xx', async () => {
    server.handler = (_req, res) => json(res, 404, { code: 20404, message: 'nope' });
    const c = client({ circuitFailureThreshold: 2 });
    for (let i = 0; i < 4; i++) await assert.rejects(c.request(cred, { product: 'api', method: 'GET', path: '/v1/x' }), TwilioApiError);
    assert.equal(server.requests.length, 4);
  });
});

describe('requestPage', () => {
  it('follows an absolute v1 next_page_url from the emulator', async () => {
    const link = `${server.url}/taskrouter/v1/Workspaces/WS1/Workers?PageSize=2&Page=1&PageToken=PAWK123`;
    await client().requestPage(cred, 'taskrouter', link);
    assert.equal(server.requests[0]?.url, '/taskrouter/v1/Workspaces/WS1/Workers?PageSize=2&Page=1&PageToken=PAWK123');
    assert.equal(server.requests[0]?.headers.authorization, BASIC);
  });

  it('re-resolves a production next_page_url through the configured base URL', async () => {
    await client().requestPage(cred, 'taskrouter', 'https://taskrouter.twilio.com/v1/Workspaces?PageSize=50&Page=1&PageToken=PAWS1');
    assert.equal(server.requests[0]?.url, '/taskrouter/v1/Workspaces?PageSize=50&Page=1&PageToken=PAWS1');
  });

  it('follows a 2010 relative next_page_uri', async () => {
    await client().requestPage(cred, 'api', `/2010-04-01/Accounts/${ACCOUNT}/Messages.json?PageSize=2&Page=1&PageToken=PAMM1`);
    assert.equal(server.requests[0]?.url, `/api/2010-04-01/Accounts/${ACCOUNT}/Messages.json?PageSize=2&Page=1&PageToken=PAMM1`);
  });

  it('refuses foreign hosts and other products without sending', async () => {
    const port = await closedPort();
    const c = client();
    for (const link of [
      'https://evil.example/v1/Workspaces',
      `http://127.0.0.1:${port}/taskrouter/v1/Workspaces`,
      `${server.url}/api/v1/Workspaces`,
      `${server.url}.evil.example/taskrouter/v1/Workspaces`,
      `${server.url}@evil.example/taskrouter/v1/Workspaces`,
      'https://api.twilio.com/v1/Workspaces',
      '//evil.example/taskrouter/v1/Workspaces',
    ]) {
      await assert.rejects(c.requestPage(cred, 'taskrouter', link), ForeignLinkError, link);
    }
    await assert.rejects(c.requestPage(cred, 'taskrouter', `${server.url}/taskrouter/v1/../../__emulator/requests`), UnsafePathError);
    assert.equal(server.requests.length, 0);
  });
});
