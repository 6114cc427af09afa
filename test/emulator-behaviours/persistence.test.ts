/**
 * What the behaviours remember beyond the resources' fields survives a restart with a data file:
 * Verify codes, and TaskRouter's routing memory (who rejected a task, where a worker goes back to).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './helpers.js';

describe('behaviour state across restarts', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `first`, restarts the emulator on the same data file, runs `second`. */
  async function acrossRestart<T>(name: string, first: (t: TestEmulator) => Promise<T>, second: (t: TestEmulator, kept: T) => Promise<void>): Promise<void> {
    const dataFile = join(dir, `${name}.json`);
    const one = await startTestEmulator({ dataFile });
    let kept: T;
    try {
      kept = await first(one);
    } finally {
      await one.close();
    }
    const two = await startTestEmulator({ dataFile });
    try {
      await second(two, kept);
    } finally {
      await two.close();
    }
  }

  test('a Verify code issued before a restart still approves after it', async () => {
    const to = '+15550001111';
    await acrossRestart(
      'verify',
      async (t) => {
        const service = (await t.post('/verify/v2/Services', { FriendlyName: 'Login' })).body.sid;
        const verification = (await t.post(`/verify/v2/Services/${service}/Verifications`, { To: to, Channel: 'sms' })).body.sid;
        return { service, verification, code: (await t.get(`/__emulator/verify/codes?to=${encodeURIComponent(to)}`)).codes[0].code as string };
      },
      async (t, { service, verification, code }) => {
        assert.deepEqual(
          (await t.get(`/__emulator/verify/codes?to=${encodeURIComponent(to)}`)).codes.map((c: any) => [c.verificationSid, c.code]),
          [[verification, code]],
        );
        const check = await t.post(`/verify/v2/Services/${service}/VerificationCheck`, { To: to, Code: code });
        assert.equal(check.status, 201);
        assert.deepEqual([check.body.sid, check.body.status, check.body.valid], [verification, 'approved', true]);
      },
    );
  });

  test('routing memory: a worker goes back to its activity, and a rejected task is not offered to the rejecter again', async () => {
    await acrossRestart(
      'taskrouter',
      async (t) => {
        const W = `/taskrouter/v1/Workspaces/${(await t.post('/taskrouter/v1/Workspaces', { FriendlyName: 'Memory' })).body.sid}`;
        const activities = (await t.get(`${W}/Activities`)).activities;
        const available = activities.find((a: any) => a.friendly_name === 'Available').sid;
        const busy = (await t.post(`${W}/Activities`, { FriendlyName: 'Busy', Available: 'false' })).body.sid;
        const queue = (await t.post(`${W}/TaskQueues`, { FriendlyName: 'All', AssignmentActivitySid: busy })).body.sid;
        const workflow = (await t.post(`${W}/Workflows`, { FriendlyName: 'wf', Configuration: JSON.stringify({ task_routing: { default_filter: { queue } } }) })).body.sid;
        const ann = (await t.post(`${W}/Workers`, { FriendlyName: 'Ann', ActivitySid: available })).body.sid;
        const assigned = (await t.post(`${W}/Tasks`, { WorkflowSid: workflow, Attributes: '{}' })).body.sid;
        const [offer] = (await t.get(`${W}/Tasks/${assigned}/Reservations`)).reservations;
        await t.post(`${W}/Tasks/${assigned}/Reservations/${offer.sid}`, { ReservationStatus: 'accepted' });
        assert.equal((await t.get(`${W}/Workers/${ann}`)).activity_sid, busy);

        const bob = (await t.post(`${W}/Workers`, { FriendlyName: 'Bob', ActivitySid: available })).body.sid;
        const rejected = (await t.post(`${W}/Tasks`, { WorkflowSid: workflow, Attributes: '{}' })).body.sid;
        const [bobs] = (await t.get(`${W}/Tasks/${rejected}/Reservations`)).reservations;
        assert.equal(bobs.worker_sid, bob);
        // Bob rejects it and stays available; nobody else is free.
        await t.post(`${W}/Tasks/${rejected}/Reservations/${bobs.sid}`, { ReservationStatus: 'rejected' });
        return { W, ann, bob, available, assigned, rejected };
      },
      async (t, { W, ann, bob, available, assigned, rejected }) => {
        // Completing Ann's task sends her back to Available; she, not Bob, then gets the waiting task.
        await t.post(`${W}/Tasks/${assigned}`, { AssignmentStatus: 'completed' });
        assert.equal((await t.get(`${W}/Workers/${ann}`)).activity_sid, available);
        const offers = (await t.get(`${W}/Tasks/${rejected}/Reservations`)).reservations;
        assert.deepEqual(
          offers.map((r: any) => [r.worker_sid, r.reservation_status]),
          [
            [bob, 'rejected'],
            [ann, 'pending'],
          ],
        );
      },
    );
  });
});
