/**
 * The per-host circuit breaker and the per-account concurrency limiter, seen through the gateway:
 * a failing host is short-circuited with a clear error (nothing sent) and recovers after the
 * cooldown; a burst of requests never has more calls in flight at the emulator than the limit.
 * Neither depends on time: the breaker runs on a clock the test moves, and calls in flight are held
 * by a proxy until released.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startRig } from './helpers.js';
import { startHoldingProxy } from './holding-proxy.js';

const WORKSPACES = '{ workspaces(first: 1) { nodes { sid } } }';
const LIST_WORKSPACES = 'GET /taskrouter/v1/Workspaces';

describe('circuit breaker', () => {
  test('opens after repeated failures with a clear error, sends nothing while open, and recovers', async () => {
    // The breaker's clock moves only when the test moves it: no cool-down can pass unnoticed.
    let now = Date.now();
    const rig = await startRig({ client: { maxAttempts: 1, circuitFailureThreshold: 3, circuitCooldownMs: 10_000, circuitClock: () => now } });
    try {
      await rig.fault({ match: { method: 'GET' }, respond: 503 });
      for (let i = 0; i < 3; i++) {
        assert.equal((await rig.query(WORKSPACES)).errors?.[0]?.extensions?.['code'], 'UPSTREAM_ERROR');
      }
      const sentBefore = (await rig.counters()).total;
      const open = await rig.query(WORKSPACES);
      const error = open.errors?.[0];
      assert.equal(error?.extensions?.['code'], 'UPSTREAM_UNAVAILABLE');
      assert.equal(error?.extensions?.['reason'], 'circuit-open');
      assert.equal(error?.extensions?.['sent'], false);
      assert.match(error!.message, /Circuit open .* retry later/);
      assert.equal((await rig.counters()).total, sentBefore, 'nothing reaches the host while the circuit is open');
      assert.equal(await rig.healthz(), 200);

      await rig.clearFaults();
      now += 9_999;
      assert.equal((await rig.query(WORKSPACES)).errors?.[0]?.extensions?.['reason'], 'circuit-open', 'still open before the cool-down ends, healthy host or not');
      assert.equal((await rig.counters()).total, sentBefore);
      // After the cool-down one probe goes through and closes the circuit.
      now += 1;
      assert.equal((await rig.query(WORKSPACES)).errors, undefined, 'the probe succeeds');
      assert.equal((await rig.query(WORKSPACES)).errors, undefined, 'and the circuit is closed');
      assert.equal((await rig.counters()).total, sentBefore + 2);
    } finally {
      await rig.close();
    }
  });
});

describe('per-account concurrency limiter', () => {
  test('a burst of 16 concurrent requests never has more than the limit in flight at the emulator', async () => {
    const limit = 3;
    const proxy = await startHoldingProxy();
    const rig = await startRig({ upstream: { kind: 'url', baseUrl: proxy.url }, client: { maxConcurrentPerAccount: limit } });
    proxy.forwardTo(rig.emulator.url);
    try {
      // The account's credential is accepted first, so the burst shares the account's slots.
      assert.equal((await rig.query(WORKSPACES)).errors, undefined);
      await rig.resetCounters();
      // Held until released, so the calls the limiter admits are all in flight at once.
      proxy.hold((request) => request.path.startsWith('/taskrouter/'));
      const burst = Promise.all(Array.from({ length: 16 }, (_, i) => rig.query(`query Q${i} ${WORKSPACES}`)));
      await proxy.whenHeld(limit);
      assert.equal(proxy.held(), limit, 'the limit is reached, and the rest wait in the gateway');
      proxy.release();
      for (const result of await burst) assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const counters = await rig.counters();
      assert.equal(counters.byRoute[LIST_WORKSPACES], 16);
      assert.ok(counters.maxInFlight <= limit, `at most ${limit} in flight, saw ${counters.maxInFlight}`);
      assert.equal(await rig.healthz(), 200);
    } finally {
      await rig.close();
      await proxy.close();
    }
  });
});
