/**
 * The per-host circuit breaker and the per-account concurrency limiter, seen through the gateway:
 * a failing host is short-circuited with a clear error (nothing sent) and recovers after the
 * cooldown; a burst of requests never has more calls in flight at the emulator than the limit.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { startRig } from './helpers.js';

const WORKSPACES = '{ workspaces(first: 1) { nodes { sid } } }';
const LIST_WORKSPACES = 'GET /taskrouter/v1/Workspaces';

describe('circuit breaker', () => {
  test('opens after repeated failures with a clear error, sends nothing while open, and recovers', async () => {
    const rig = await startRig({ client: { maxAttempts: 1, circuitFailureThreshold: 3, circuitCooldownMs: 300 } });
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
      // After the cooldown one probe goes through and closes the circuit; poll, bounded.
      let recovered = false;
      for (let i = 0; i < 50 && !recovered; i++) {
        recovered = (await rig.query(WORKSPACES)).errors === undefined;
        if (!recovered) await sleep(100);
      }
      assert.ok(recovered, 'queries succeed again once the host is healthy');
      assert.equal((await rig.query(WORKSPACES)).errors, undefined);
    } finally {
      await rig.close();
    }
  });
});

describe('per-account concurrency limiter', () => {
  test('a burst of 16 concurrent requests never has more than the limit in flight at the emulator', async () => {
    const limit = 3;
    const rig = await startRig({ client: { maxConcurrentPerAccount: limit } });
    try {
      // Hold every answer back so calls overlap if the limiter lets them.
      await rig.fault({ match: { method: 'GET', pathPrefix: '/taskrouter/' }, respond: 'slow', delayMs: 100 });
      await rig.resetCounters();
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => rig.query(`query Q${i} ${WORKSPACES}`)));
      for (const result of results) assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const counters = await rig.counters();
      assert.equal(counters.byRoute[LIST_WORKSPACES], 16);
      assert.ok(counters.maxInFlight <= limit, `at most ${limit} in flight, saw ${counters.maxInFlight}`);
      assert.ok(counters.maxInFlight > 1, 'the calls did overlap');
      assert.equal(await rig.healthz(), 200);
    } finally {
      await rig.close();
    }
  });
});
