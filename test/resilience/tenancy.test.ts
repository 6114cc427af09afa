/**
 * Resilience state is per tenant. The concurrency limiter of an account is shared only by
 * credentials Twilio has accepted for that account, so neither wrong passwords for someone's Account
 * SID nor a valid credential that names someone else's account can fill it; the
 * circuit breaker is kept per account and product host, counts one outcome per call (not per retry),
 * so one account's failing product neither opens early nor fails anyone else's calls.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { basic, startHardened, type Hardened } from '../hardening/harness.js';
import { createTenants, type Tenant } from '../hardening/tenants.js';
import { startHoldingProxy, type HoldingProxy } from './holding-proxy.js';

const WORKSPACES = '{ workspaces(first: 1) { nodes { sid } } }';
const CALLS = '{ calls(first: 1) { nodes { sid } } }';
const LIST_CALLS = 'GET /api/2010-04-01/Accounts/{AccountSid}/Calls.json';

async function fault(h: Hardened, rule: unknown): Promise<void> {
  const response = await fetch(`${h.emulator.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  assert.equal(response.ok, true);
}
const clearFaults = (h: Hardened) => fetch(`${h.emulator.url}/__emulator/faults`, { method: 'DELETE' });
async function counters(h: Hardened): Promise<{ byRoute: Record<string, number>; maxInFlight: number }> {
  return (await (await fetch(`${h.emulator.url}/__emulator/requests`)).json()) as never;
}
const resetCounters = (h: Hardened) => fetch(`${h.emulator.url}/__emulator/requests/reset`, { method: 'POST' });

describe("wrong passwords cannot fill an account's limiter", () => {
  let h: Hardened;
  before(async () => (h = await startHardened({ client: { maxConcurrentPerAccount: 2, maxQueuedPerAccount: 5 } })));
  after(() => h.close());

  test('400 requests with a wrong Auth Token for the account; its real user is still served', async () => {
    // The real user has been served before: Twilio accepted the credential.
    assert.equal((await h.post({ query: WORKSPACES })).json.errors, undefined);
    await fault(h, { match: { pathPrefix: '/taskrouter/' }, respond: 'slow', delayMs: 200 });
    try {
      await resetCounters(h);
      const wrong = { authorization: basic(h.emulator.accountSid, 'wrongpassword') };
      const flood = Promise.all(Array.from({ length: 400 }, () => h.post({ query: WORKSPACES }, wrong)));
      await sleep(50);
      const real = await h.post({ query: WORKSPACES });
      assert.equal(real.json.errors, undefined, JSON.stringify(real.json.errors));
      const answers = await flood;
      for (const answer of answers) {
        const code = answer.json.errors?.[0]?.extensions?.code;
        const reason = answer.json.errors?.[0]?.extensions?.reason;
        assert.ok(code === 'UNAUTHENTICATED' || (code === 'UPSTREAM_UNAVAILABLE' && reason === 'limiter'), JSON.stringify(answer.json.errors));
      }
      const seen = await counters(h);
      // The wrong credential goes one call at a time; the real user's call had its own slot.
      assert.ok(seen.maxInFlight <= 2, `max in flight ${seen.maxInFlight}`);
    } finally {
      await clearFaults(h);
    }
  });
});

describe("a valid credential naming another account cannot take that account's limiter", () => {
  let h: Hardened;
  let proxy: HoldingProxy;
  let attacker: Tenant;
  before(async () => {
    proxy = await startHoldingProxy();
    h = await startHardened((emulator) => {
      proxy.forwardTo(emulator.url);
      // One call at a time for the victim's account; a wait for it ends soon with reason "limiter".
      return { upstream: { kind: 'url', baseUrl: proxy.url }, client: { maxConcurrentPerAccount: 1, maxQueueWaitMs: 500 } };
    });
    attacker = (await createTenants(h, 1))[0]!;
  });
  after(async () => {
    await h.close();
    await proxy.close();
  });

  test("the attacker's product-host calls use its own account's slots, so the victim is served while they are held", async () => {
    const victim = h.emulator.accountSid;
    // Both have been served before, so Twilio has accepted both credentials.
    assert.equal((await h.post({ query: WORKSPACES })).json.errors, undefined);
    const claiming = { authorization: attacker.authorization, 'x-twilio-account-sid': victim };
    const first = await h.post({ query: WORKSPACES }, claiming);
    assert.equal(first.json.errors, undefined, first.text);

    proxy.hold((request) => request.path.startsWith('/taskrouter/') && request.headers.authorization === attacker.authorization);
    const held = h.post({ query: 'query Attack { workspaces(first: 5) { nodes { friendlyName } } }' }, claiming);
    await proxy.whenHeld(1);
    const served = await h.post({ query: WORKSPACES });
    assert.equal(served.json.errors, undefined, `the victim waited behind the attacker's call: ${served.text}`);
    assert.equal(proxy.held(), 1, "the attacker's call was still held when the victim was answered");
    proxy.release();

    // TaskRouter acted on the attacker's own account: X-Twilio-Account-Sid selects 2010 paths only.
    const attack = await held;
    assert.deepEqual(attack.json.data.workspaces.nodes.map((w: { friendlyName: string }) => w.friendlyName), [attacker.workspaceName]);
    const line = h.logs.map((l) => JSON.parse(l)).find((l) => l.operationName === 'Attack');
    assert.equal(line.accountSid, attacker.accountSid, 'the log names the credential\'s account');
    assert.equal(line.requestedAccountSid, victim);
  });

  test("a 2010 call naming the victim's account is refused by Twilio and never earns the attacker the victim's slots", async () => {
    const claiming = { authorization: attacker.authorization, 'x-twilio-account-sid': h.emulator.accountSid };
    const refused = await h.post({ query: CALLS }, claiming);
    assert.ok(refused.json.errors?.length > 0, refused.text);
    proxy.hold((request) => request.path.includes('/Calls.json') && request.headers.authorization === attacker.authorization);
    const held = h.post({ query: CALLS }, claiming);
    await proxy.whenHeld(1);
    assert.equal((await h.post({ query: CALLS })).json.errors, undefined, 'the victim is served');
    proxy.release();
    await held;
  });
});

describe('the circuit breaker is per account and product host, one outcome per call', () => {
  let h: Hardened;
  let tenant: Tenant;
  before(async () => {
    // The default threshold (5) and attempts (4); only the backoff is shortened.
    h = await startHardened({ client: { retryBaseDelayMs: 2, retryMaxDelayMs: 5 } });
    tenant = (await createTenants(h, 1))[0]!;
  });
  after(() => h.close());

  test("a permanent 500 on one account's Calls opens that account's api circuit after 5 calls, and only that", async () => {
    await fault(h, { match: { method: 'GET', pathPrefix: `/api/2010-04-01/Accounts/${h.emulator.accountSid}/Calls` }, respond: 500 });
    try {
      await resetCounters(h);
      for (let i = 1; i <= 5; i++) {
        const answer = await h.post({ query: CALLS });
        assert.equal(answer.json.errors?.[0]?.extensions?.status, 500, `call ${i}: ${answer.text}`);
      }
      assert.equal((await counters(h)).byRoute[LIST_CALLS], 5 * 4, 'each call made its four attempts');
      const open = await h.post({ query: CALLS });
      assert.equal(open.json.errors?.[0]?.extensions?.reason, 'circuit-open');
      assert.equal((await counters(h)).byRoute[LIST_CALLS], 20, 'nothing sent while open');

      // Other products of the same account, and the same product for another account, are unaffected.
      const others = await h.post({ query: `${WORKSPACES.slice(0, -1)} conversations(first: 1) { nodes { sid } } }` });
      assert.equal(others.json.errors, undefined, others.text);
      const otherTenant = await h.post({ query: CALLS }, { authorization: tenant.authorization });
      assert.equal(otherTenant.json.errors, undefined, otherTenant.text);
    } finally {
      await clearFaults(h);
    }
  });
});
