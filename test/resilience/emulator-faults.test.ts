/** The emulator's fault switches on their own: rule validation, matching, use counts and clearing. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;
let authorization: string;

before(async () => {
  emulator = await startEmulator({ port: 0, seed: 'none' });
  authorization = `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64')}`;
});
after(() => emulator.close());

const faults = (method: string, body?: unknown) =>
  fetch(`${emulator.url}/__emulator/faults`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const workspaces = (method = 'GET') =>
  fetch(`${emulator.url}/taskrouter/v1/Workspaces`, {
    method,
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    ...(method === 'POST' ? { body: 'FriendlyName=x' } : {}),
  });

test('invalid rules are refused with a 400 naming the field', async () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ respond: 404 }, /respond/],
    [{ respond: 429, times: 0 }, /times/],
    [{ respond: 'slow', delayMs: -1 }, /delayMs/],
    [{ respond: 503, retryAfter: 'soon' }, /retryAfter/],
    [{ respond: 500, match: { pathPrefix: 'taskrouter' } }, /pathPrefix/],
    [{ respond: 500, match: { method: 'BREW' } }, /method/],
    ['not json at all', /fault rule/],
  ];
  for (const [rule, pattern] of bad) {
    const response = await faults('POST', rule);
    assert.equal(response.status, 400, JSON.stringify(rule));
    assert.match(((await response.json()) as { message: string }).message, pattern);
  }
});

test('rules match by method and path prefix, are used up after `times`, and are listed and cleared', async () => {
  assert.equal((await faults('POST', [{ match: { method: 'POST' }, respond: 500 }, { respond: 429, retryAfter: 7, times: 1 }])).status, 201);
  const limited = await workspaces();
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '7');
  assert.equal(((await limited.json()) as { code: number }).code, 20429);
  assert.equal((await workspaces()).status, 200, 'the 429 rule was used up');
  assert.equal((await workspaces('POST')).status, 500, 'the POST rule stays');
  const listed = (await (await faults('GET')).json()) as { rules: Array<{ respond: unknown; hits: number }> };
  assert.deepEqual(listed.rules.map((r) => [r.respond, r.hits]), [[500, 1]]);
  assert.equal((await faults('DELETE')).status, 200);
  assert.equal((await workspaces('POST')).status, 201);
});

test('the counters see faulted requests, and /__emulator itself is never faulted', async () => {
  await fetch(`${emulator.url}/__emulator/requests/reset`, { method: 'POST' });
  await faults('POST', { respond: 503 });
  assert.equal((await workspaces()).status, 503);
  const counters = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as { byRoute: Record<string, number>; maxInFlight: number };
  assert.equal(counters.byRoute['GET /taskrouter/v1/Workspaces'], 1);
  assert.equal(counters.maxInFlight, 1);
  await faults('DELETE');
});

test('a malformed-JSON answer keeps the status and cuts the body', async () => {
  await faults('POST', { respond: 'malformed-json', times: 1 });
  const response = await workspaces();
  assert.equal(response.status, 200);
  const text = await response.text();
  assert.throws(() => JSON.parse(text) as unknown);
});
