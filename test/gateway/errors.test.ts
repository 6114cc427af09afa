/** Twilio errors become GraphQL errors; invalid input never reaches Twilio. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startGateway } from '../../src/gateway/start.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

test('a missing resource is null plus an error carrying Twilio code, status and moreInfo; the rest stands', async () => {
  const missing = 'WS00000000000000000000000000000000';
  const response = await h.query(`query($ws: ID!) { workspace(sid: $ws) { sid } workspaces(first: 1) { nodes { friendlyName } } }`, { ws: missing });
  assert.equal(response.data?.workspace, null);
  assert.equal(response.data?.workspaces.nodes[0].friendlyName, 'Demo Contact Center');
  assert.equal(response.errors?.length, 1);
  const error = response.errors![0]!;
  assert.deepEqual(error.path, ['workspace']);
  assert.equal(error.extensions?.code, 'NOT_FOUND');
  assert.equal(error.extensions?.twilioCode, 20404);
  assert.equal(error.extensions?.status, 404);
  assert.equal(error.extensions?.moreInfo, 'https://www.twilio.com/docs/errors/20404');
});

test('bad credentials are UNAUTHENTICATED', async () => {
  const wrong = `Basic ${Buffer.from(`${h.emulator.accountSid}:not-the-token`).toString('base64')}`;
  const response = await h.query(`{ workspaces { nodes { sid } } }`, {}, { authorization: wrong });
  assert.equal(response.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  assert.equal(response.errors?.[0]?.extensions?.twilioCode, 20003);
  assert.ok(!JSON.stringify(response).includes('not-the-token'), 'the secret is not echoed');
});

test('an invalid SID is rejected before any upstream call, naming the argument', async () => {
  await h.resetUpstreamCalls();
  const response = await h.query(`{ workspace(sid: "WK00000000000000000000000000000000") { sid } call(sid: "../../Accounts") { sid } }`);
  // Refused as a whole before execution, with one error per bad argument.
  assert.equal(response.status, 400);
  assert.equal(response.data, undefined);
  const messages = response.errors!.map((e) => e.message).sort();
  assert.match(messages[0]!, /Argument "sid" must match \^CA/);
  assert.match(messages[1]!, /Argument "sid" must match \^WS/);
  for (const e of response.errors!) assert.equal(e.extensions?.code, 'BAD_USER_INPUT');
  assert.equal((await h.upstreamCalls()).total, 0);
});

test('an upstream 5xx becomes an UPSTREAM_ERROR with the status, after GET retries', async () => {
  let hits = 0;
  const upstream: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 20503, message: 'Service unavailable', more_info: 'https://www.twilio.com/docs/errors/20503', status: 503 }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const gateway = await startGateway({ upstream: { kind: 'url', baseUrl }, port: 0 });
  try {
    const response = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: h.authorization },
      body: JSON.stringify({ query: '{ workspaces { nodes { sid } } }' }),
    });
    const body = (await response.json()) as any;
    assert.equal(body.errors[0].extensions.code, 'UPSTREAM_ERROR');
    assert.equal(body.errors[0].extensions.status, 503);
    assert.equal(body.errors[0].extensions.twilioCode, 20503);
    assert.ok(hits > 1, 'a GET is retried on 503');
  } finally {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  }
});

test("Twilio's one-of rules are checked before any call (a message needs from or messagingServiceSid)", async () => {
  await h.resetUpstreamCalls();
  const response = await h.query(`mutation { createMessage(input: { to: "+15551230001", body: "hi" }) { sid } }`);
  assert.equal(response.errors?.[0]?.message, 'One of input.from, input.messagingServiceSid is required.');
  assert.equal(response.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal((await h.upstreamCalls()).total, 0);
});

test('an enum path argument is sent as its Twilio value', async () => {
  // The emulator refuses a path value outside the spec's enum, so success means `form-push` was sent.
  const response = await h.query(`{ form(formType: FORM_PUSH) { formType } }`);
  assert.deepEqual(response.errors, undefined);
  assert.deepEqual(response.data, { form: { formType: 'FORM_PUSH' } });
});

test('an error inside a list names the list position as an integer in its path', async () => {
  for (let run = 0; run < 2; run++) {
    const response = await h.query(`{ workspaces(first: 1) { nodes { worker(sid: "WK00000000000000000000000000000000") { sid } } } }`);
    assert.deepEqual(response.errors?.[0]?.path, ['workspaces', 'nodes', 0, 'worker']);
  }
});
