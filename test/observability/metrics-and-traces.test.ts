/**
 * Observability through public entry points: `/metrics` (Prometheus text) scraped after real
 * traffic, including 429s and retries injected at the emulator; spans captured with the OpenTelemetry
 * SDK's in-memory exporter, registered the way a user would before starting the gateway.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startGateway } from '../../src/gateway/start.js';
import { startRig, type Rig } from '../resilience/helpers.js';

const WORKSPACES = 'query ListWorkspaces { workspaces(first: 2) { nodes { sid workers(first: 1) { nodes { sid } } } } }';

/** The value of one sample line, e.g. `name{a="b"} 3`, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('Prometheus metrics', () => {
  let rig: Rig;
  before(async () => {
    rig = await startRig({ metrics: true, client: { retryBaseDelayMs: 5, retryMaxDelayMs: 20 } });
  });
  after(() => rig.close());

  test('/metrics is off unless enabled', async () => {
    const plain = await startRig();
    try {
      assert.equal((await fetch(`${plain.gateway.url}/metrics`)).status, 404);
    } finally {
      await plain.close();
    }
  });

  test('requests, errors by code, upstream calls, latency, 429s and retries are counted', async () => {
    await rig.fault({ match: { pathPrefix: '/taskrouter/v1/Workspaces' }, respond: 429, times: 2 });
    assert.equal((await rig.query(WORKSPACES)).errors, undefined);
    const unauthenticated = await fetch(rig.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic !!!' },
      body: JSON.stringify({ query: WORKSPACES }),
    });
    assert.equal(unauthenticated.status, 401);
    const notFound = await rig.query('{ workspace(sid: "WS00000000000000000000000000000000") { sid } }');
    assert.equal(notFound.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');

    const response = await fetch(`${rig.gateway.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await response.text();
    const host = new URL(rig.emulator.url).origin;
    const upstream = { host, product: 'taskrouter', method: 'GET' };
    assert.equal(sample(text, 'twilio_graphql_requests_total', { status: '200' }), 2);
    assert.equal(sample(text, 'twilio_graphql_requests_total', { status: '401' }), 1);
    assert.equal(sample(text, 'twilio_graphql_errors_total', { code: 'UNAUTHENTICATED' }), 1);
    assert.equal(sample(text, 'twilio_graphql_errors_total', { code: 'NOT_FOUND' }), 1);
    assert.equal(sample(text, 'twilio_graphql_upstream_requests_total', { ...upstream, outcome: '429' }), 2);
    assert.ok(sample(text, 'twilio_graphql_upstream_requests_total', { ...upstream, outcome: '200' }) >= 2, 'the list and its nested list');
    assert.equal(sample(text, 'twilio_graphql_upstream_requests_total', { ...upstream, outcome: '404' }), 1);
    assert.equal(sample(text, 'twilio_graphql_upstream_rate_limited_total', { host, product: 'taskrouter' }), 2);
    assert.equal(sample(text, 'twilio_graphql_upstream_retries_total', upstream), 2);
    assert.ok(sample(text, 'twilio_graphql_upstream_duration_seconds_count', upstream) >= 5);
    assert.equal(sample(text, 'twilio_graphql_request_duration_seconds_count', { status: '200' }), 2);
    assert.ok(!text.includes(rig.emulator.authToken), 'no secret in metrics');
    assert.ok(!text.includes(rig.emulator.accountSid), 'no account in metrics');
  });
});

describe('error codes in metrics', () => {
  let rig: Rig;
  before(async () => (rig = await startRig({ metrics: true })));
  after(() => rig.close());

  test('requests refused before execution are counted under the codes their log lines carry, never UNCLASSIFIED', async () => {
    const send = (body: string, type = 'application/json') =>
      fetch(rig.gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': type, authorization: 'Basic !!!' }, body });
    assert.equal((await send('{"query":"{ workspaces"}')).status, 400);
    assert.equal((await send('{"query":"{ nope }"}')).status, 400);
    assert.equal((await send('{ __typename }', 'text/plain')).status, 415);
    assert.equal((await send('{}')).status, 400);
    assert.equal((await fetch(rig.gateway.graphqlUrl, { method: 'PUT' })).status, 405);
    const text = await (await fetch(`${rig.gateway.url}/metrics`)).text();
    for (const code of ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'UNSUPPORTED_MEDIA_TYPE', 'BAD_REQUEST', 'METHOD_NOT_ALLOWED']) {
      assert.equal(sample(text, 'twilio_graphql_errors_total', { code }), 1, code);
    }
    assert.ok(!text.includes('UNCLASSIFIED'), text.split('\n').filter((line) => line.startsWith('twilio_graphql_errors_total')).join('\n'));
  });
});

describe('OpenTelemetry traces', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager();
  let rig: Rig;

  before(async () => {
    // What a user's `--import ./otel-setup.js` does: register an SDK before the gateway starts.
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(provider);
    rig = await startRig({ client: { retryBaseDelayMs: 5, retryMaxDelayMs: 20 } });
  });
  after(async () => {
    await rig.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  test('one server span per GraphQL request, one client span per upstream call as its children', async () => {
    exporter.reset();
    await rig.fault({ match: { pathPrefix: '/taskrouter/v1/Workspaces' }, respond: 503, retryAfter: 0, times: 1 });
    await rig.resetCounters();
    assert.equal((await rig.query(WORKSPACES)).errors, undefined);
    const counters = await rig.counters();
    const spans = exporter.getFinishedSpans();
    const requests = spans.filter((span) => span.name === 'graphql.request');
    assert.equal(requests.length, 1);
    const request = requests[0]!;
    assert.equal(request.attributes['graphql.operation.name'], 'ListWorkspaces');
    assert.equal(request.attributes['graphql.operation.type'], 'query');
    assert.equal(request.attributes['http.response.status_code'], 200);
    const calls = spans.filter((span) => span.name === 'GET taskrouter');
    // One span per call; the retried first call is one span with two attempt events.
    assert.equal(calls.length, counters.total - 1);
    for (const call of calls) {
      assert.equal(call.spanContext().traceId, request.spanContext().traceId);
      assert.equal(call.parentSpanContext?.spanId, request.spanContext().spanId);
      assert.equal(call.attributes['http.response.status_code'], 200);
    }
    const list = calls.find((call) => call.attributes['url.path'] === '/v1/Workspaces')!;
    assert.deepEqual(
      list.events.map((event) => [event.name, event.attributes?.['http.response.status_code'], event.attributes?.['twilio.retried']]),
      [
        ['twilio.attempt', 503, true],
        ['twilio.attempt', 200, false],
      ],
    );
    for (const span of spans) {
      assert.ok(!JSON.stringify(span.attributes).includes(rig.emulator.authToken), 'no secret in span attributes');
    }
  });

  test("a Flex token's validation call is a client span of the request", async () => {
    const { accountSid, authToken } = rig.emulator;
    const gateway = await startGateway({
      upstream: { kind: 'url', baseUrl: rig.emulator.url },
      port: 0,
      serverCredentials: { credential: { kind: 'basic', username: accountSid, password: authToken, accountSid }, accountSid },
    });
    try {
      const minted = await fetch(`${rig.emulator.url}/__emulator/flex/tokens`, { method: 'POST', body: JSON.stringify({ identity: 'traced' }) });
      const { token } = (await minted.json()) as { token: string };
      exporter.reset();
      const response = await fetch(gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ workspaces(first: 1) { nodes { sid } } }' }),
      });
      assert.equal(response.status, 200);
      const spans = exporter.getFinishedSpans();
      const request = spans.find((span) => span.name === 'graphql.request')!;
      const validation = spans.find((span) => span.name === 'POST iam')!;
      assert.ok(validation, spans.map((span) => span.name).join(', '));
      assert.equal(validation.parentSpanContext?.spanId, request.spanContext().spanId);
      assert.equal(validation.attributes['http.response.status_code'], 200);
      assert.ok(!JSON.stringify(validation.attributes).includes(token), 'no token in span attributes');
    } finally {
      await gateway.close();
    }
  });

  test('a failed upstream call marks its span as an error', async () => {
    exporter.reset();
    const result = await rig.query('{ workspace(sid: "WS00000000000000000000000000000000") { sid } }');
    assert.equal(result.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
    const call = exporter.getFinishedSpans().find((span) => span.name === 'GET taskrouter')!;
    assert.equal(call.status.code, 2 /* SpanStatusCode.ERROR */);
    assert.equal(call.attributes['http.response.status_code'], 404);
  });
});
