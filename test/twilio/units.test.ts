import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CircuitBreaker,
  ForeignLinkError,
  HostResolver,
  KeyedLimiter,
  LimiterRejection,
  UnsafePathError,
  assertSafePath,
  backoffDelay,
  encodeForm,
  errorFromResponse,
  isRetryableStatus,
  parseRetryAfter,
  resolvePageLink,
  twilioHostname,
} from '../../src/twilio/index.js';

describe('hosts', () => {
  it('builds hosts as twilio-node getHostname does', () => {
    assert.equal(twilioHostname('api'), 'api.twilio.com');
    assert.equal(twilioHostname('api', 'ie1', 'dublin'), 'api.dublin.ie1.twilio.com');
    assert.equal(twilioHostname('api', undefined, 'sydney'), 'api.sydney.us1.twilio.com');
    assert.equal(twilioHostname('api', 'au1'), 'api.au1.twilio.com');
    assert.equal(twilioHostname('flex-api', 'ie1', 'dublin'), 'flex-api.dublin.ie1.twilio.com');
  });

  it('resolves product roots for production and for a base URL', () => {
    assert.deepEqual(new HostResolver().root('taskrouter'), { origin: 'https://taskrouter.twilio.com', prefix: '' });
    assert.deepEqual(new HostResolver({ region: 'ie1', edge: 'dublin' }).root('api'), {
      origin: 'https://api.dublin.ie1.twilio.com',
      prefix: '',
    });
    assert.deepEqual(new HostResolver({ baseUrl: 'http://127.0.0.1:4010/' }).root('flex-api'), {
      origin: 'http://127.0.0.1:4010',
      prefix: '/flex-api',
    });
    assert.deepEqual(new HostResolver({ baseUrl: 'http://localhost:4010/twilio' }).root('api'), {
      origin: 'http://localhost:4010',
      prefix: '/twilio/api',
    });
  });

  it('refuses labels and base URLs that could inject a host or path', () => {
    assert.throws(() => new HostResolver().root('api.evil.com'), TypeError);
    assert.throws(() => new HostResolver().root('API'), TypeError);
    assert.throws(() => new HostResolver({ region: 'ie1/x' }), TypeError);
    assert.throws(() => new HostResolver({ edge: 'a.b' }), TypeError);
    assert.throws(() => new HostResolver({ baseUrl: 'ftp://x' }), TypeError);
    assert.throws(() => new HostResolver({ baseUrl: 'http://u:p@127.0.0.1' }), TypeError);
  });
});

describe('encoding', () => {
  it('encodes like qs with arrayFormat repeat', () => {
    assert.equal(
      encodeForm({
        To: '+15558675310',
        MediaUrl: ['https://a.example/x.png', 'https://b.example/y.png'],
        'DateSent>': '2024-01-01',
        'Timers.Closed': 300,
        Available: true,
        Enabled: false,
        Skipped: undefined,
        Cleared: null,
        Empty: [],
        Body: "a b!*'()~é&=+",
      }),
      'To=%2B15558675310' +
        '&MediaUrl=https%3A%2F%2Fa.example%2Fx.png&MediaUrl=https%3A%2F%2Fb.example%2Fy.png' +
        '&DateSent%3E=2024-01-01&Timers.Closed=300&Available=true&Enabled=false&Cleared=' +
        '&Body=a%20b%21%2A%27%28%29~%C3%A9%26%3D%2B',
    );
  });

  it('refuses nested objects and non-finite numbers', () => {
    assert.throws(() => encodeForm({ Attributes: { a: 1 } as never }), /must be a string, number, boolean/);
    assert.throws(() => encodeForm({ N: Number.NaN }), /finite/);
  });
});

describe('path safety', () => {
  it('accepts filled Twilio paths', () => {
    assertSafePath('/v1/Workspaces/WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Workers');
    assertSafePath('/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages.json');
    assertSafePath('/v1/Services/IS1/Users/alice%40example.com');
  });

  for (const path of [
    '/v1/Workspaces/../Accounts',
    '/v1/Workspaces/%2e%2E/x',
    '/v1/./Workspaces',
    '/v1/Workspaces/a%2Fb',
    '/v1/Workspaces/a%2fb',
    '/v1/Workspaces/a%5Cb',
    '/v1/Workspaces/a?b=1',
    '/v1/Workspaces/a#b',
    '/v1/Workspaces/a\nb',
    '/v1/Workspaces/a%0Ab',
    '/v1/Workspaces/a b',
    '/v1/Workspaces/a%zz',
    '/v1//Workspaces',
    'v1/Workspaces',
    '//evil.example/v1',
    '/v1/Workspaces/\u00e9',
  ]) {
    it(`refuses ${JSON.stringify(path)}`, () => {
      assert.throws(() => assertSafePath(path), UnsafePathError);
    });
  }
});

describe('page links', () => {
  const prod = new HostResolver({ region: 'ie1', edge: 'dublin' });
  it('accepts the configured and the canonical product host, and 2010 relative URIs', () => {
    assert.deepEqual(resolvePageLink(prod, 'taskrouter', 'https://taskrouter.dublin.ie1.twilio.com/v1/Workspaces?Page=1&PageToken=PAx'), {
      path: '/v1/Workspaces',
      rawQuery: 'Page=1&PageToken=PAx',
    });
    assert.deepEqual(resolvePageLink(prod, 'taskrouter', 'https://taskrouter.twilio.com/v1/Workspaces'), {
      path: '/v1/Workspaces',
      rawQuery: '',
    });
    assert.deepEqual(resolvePageLink(prod, 'api', '/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=1'), {
      path: '/2010-04-01/Accounts/AC1/Messages.json',
      rawQuery: 'PageSize=2&Page=1',
    });
  });

  for (const link of [
    'https://taskrouter.sydney.au1.twilio.com/v1/Workspaces',
    'https://api.twilio.com/v1/Workspaces',
    'https://taskrouter.twilio.com.evil.example/v1/Workspaces',
    'https://taskrouter.twilio.com@evil.example/v1/Workspaces',
    'http://taskrouter.twilio.com/v1/Workspaces',
    '//evil.example/v1/Workspaces',
    'javascript:alert(1)',
  ]) {
    it(`refuses foreign link ${link}`, () => {
      assert.throws(() => resolvePageLink(prod, 'taskrouter', link), ForeignLinkError);
    });
  }

  it('refuses steering inside an accepted host', () => {
    assert.throws(() => resolvePageLink(prod, 'taskrouter', 'https://taskrouter.twilio.com/v1/../admin'), UnsafePathError);
    assert.throws(() => resolvePageLink(prod, 'api', '/2010-04-01/%2F%2Fevil'), UnsafePathError);
    assert.throws(() => resolvePageLink(prod, 'api', '/2010-04-01/Calls.json?a=b c'), ForeignLinkError);
  });

  it('keeps the query out of refusal messages', () => {
    assert.throws(
      () => resolvePageLink(prod, 'taskrouter', 'https://u:secret@evil.example/v1/W?PageToken=SECRET'),
      (error: Error) => !error.message.includes('SECRET') && !error.message.includes('secret'),
    );
  });
});

describe('errors', () => {
  it('maps the legacy Twilio body', () => {
    const error = errorFromResponse(
      404,
      'application/json',
      JSON.stringify({ code: 20404, message: 'Not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404, details: { a: 1 } }),
    );
    assert.equal(error.status, 404);
    assert.equal(error.code, 20404);
    assert.equal(error.message, 'Not found');
    assert.equal(error.moreInfo, 'https://www.twilio.com/docs/errors/20404');
    assert.deepEqual(error.details, { a: 1 });
  });

  it('maps RFC-9457 bodies', () => {
    const error = errorFromResponse(
      400,
      'application/problem+json',
      JSON.stringify({ type: 'https://www.twilio.com/docs/errors/21211', title: 'Invalid', status: 400, code: 21211, detail: "The 'To' number is not valid", instance: '/x' }),
    );
    assert.equal(error.code, 21211);
    assert.equal(error.message, "The 'To' number is not valid");
    assert.equal(error.moreInfo, 'https://www.twilio.com/docs/errors/21211');
    assert.deepEqual(error.details, { instance: '/x' });
  });

  it('describes non-JSON and malformed bodies', () => {
    const html = errorFromResponse(502, 'text/html; charset=utf-8', '<html><body><h1>502 Bad Gateway</h1></body></html>');
    assert.equal(html.status, 502);
    assert.match(html.message, /HTTP 502 with a non-JSON body \(text\/html\): 502 Bad Gateway/);
    const broken = errorFromResponse(500, 'application/json', '{"code": 20');
    assert.match(broken.message, /HTTP 500 with a non-JSON body \(application\/json\)/);
    assert.match(errorFromResponse(503, undefined, '').message, /HTTP 503 with an empty body/);
  });
});

describe('retry policy', () => {
  it('retries 429 and 5xx only', () => {
    assert.ok(isRetryableStatus(429));
    assert.ok(isRetryableStatus(500));
    assert.ok(isRetryableStatus(503));
    assert.ok(!isRetryableStatus(501));
    assert.ok(!isRetryableStatus(404));
    assert.ok(!isRetryableStatus(400));
  });

  it('uses full jitter under an exponential cap', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(backoffDelay(1, options, () => 0.999999), 99);
    assert.equal(backoffDelay(3, options, () => 0.5), 200);
    assert.equal(backoffDelay(10, options, () => 0.5), 500);
    assert.equal(backoffDelay(2, options, () => 0), 0);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now), 0);
    assert.equal(parseRetryAfter('1.5', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});

describe('limiter', () => {
  it('queues beyond the limit in FIFO order and hands slots over', async () => {
    const limiter = new KeyedLimiter({ maxConcurrent: 2, maxQueued: 10 });
    const a = await limiter.acquire('AC1', Infinity);
    await limiter.acquire('AC1', Infinity);
    const order: number[] = [];
    const third = limiter.acquire('AC1', Infinity).then((release) => (order.push(3), release));
    const fourth = limiter.acquire('AC1', Infinity).then((release) => (order.push(4), release));
    assert.deepEqual(limiter.stats('AC1'), { active: 2, queued: 2 });
    assert.deepEqual(limiter.stats('AC2'), { active: 0, queued: 0 });
    a();
    a(); // a second release is a no-op
    (await third)();
    (await fourth)();
    assert.deepEqual(order, [3, 4]);
  });

  it('refuses when the queue is full and when the wait bound passes', async () => {
    const limiter = new KeyedLimiter({ maxConcurrent: 1, maxQueued: 1 });
    const held = await limiter.acquire('AC1', Infinity);
    const waiting = limiter.acquire('AC1', Date.now() + 20);
    await assert.rejects(limiter.acquire('AC1', Infinity), (e: unknown) => e instanceof LimiterRejection && e.reason === 'queue-full');
    await assert.rejects(waiting, (e: unknown) => e instanceof LimiterRejection && e.reason === 'wait-timeout');
    held();
    assert.deepEqual(limiter.stats('AC1'), { active: 0, queued: 0 });
  });

  it('leaves the queue when the signal aborts', async () => {
    const limiter = new KeyedLimiter({ maxConcurrent: 1, maxQueued: 5 });
    const held = await limiter.acquire('AC1', Infinity);
    const controller = new AbortController();
    const waiting = limiter.acquire('AC1', Infinity, controller.signal);
    controller.abort(new Error('caller gave up'));
    await assert.rejects(waiting, /caller gave up/);
    assert.deepEqual(limiter.stats('AC1'), { active: 1, queued: 0 });
    held();
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, half-opens after the cool-down, closes on success', () => {
    let now = 1_000_000;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: () => now });
    const report = (outcome: 'success' | 'failure') => {
      const admission = breaker.admit('h');
      assert.ok('report' in admission);
      admission.report(outcome);
    };
    report('failure');
    report('success'); // resets the count
    report('failure');
    assert.equal(breaker.state('h'), 'closed');
    report('failure');
    assert.equal(breaker.state('h'), 'open');
    now += 999;
    assert.deepEqual(breaker.admit('h'), { retryAt: 1_001_000 }, 'still open one millisecond before the cool-down ends');
    now += 1;
    assert.equal(breaker.state('h'), 'half-open');
    const probe = breaker.admit('h');
    assert.ok('report' in probe);
    assert.ok('retryAt' in breaker.admit('h'), 'only one probe at a time');
    probe.report('failure');
    assert.equal(breaker.state('h'), 'open', 'a failed probe re-opens');
    now += 1000;
    report('success');
    assert.equal(breaker.state('h'), 'closed');
  });

  it('ignores neutral outcomes', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 1000 });
    const admission = breaker.admit('h');
    assert.ok('report' in admission);
    admission.report('neutral');
    assert.equal(breaker.state('h'), 'closed');
  });
});
