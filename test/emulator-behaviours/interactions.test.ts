/**
 * Flex Interactions over HTTP: one routed to a TaskRouter workflow creates its task in the same
 * request; one whose routing TaskRouter refuses is refused itself, and nothing is stored.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestEmulator } from './helpers.js';

test('an interaction whose routing names no existing workflow is a 400 naming Routing, and nothing is stored', async () => {
  const t = await startTestEmulator();
  try {
    const W = `/taskrouter/v1/Workspaces/${(await t.post('/taskrouter/v1/Workspaces', { FriendlyName: 'Flex' })).body.sid}`;
    const queue = (await t.post(`${W}/TaskQueues`, { FriendlyName: 'q' })).body.sid;
    const workflow = (await t.post(`${W}/Workflows`, { FriendlyName: 'wf', Configuration: JSON.stringify({ task_routing: { default_filter: { queue } } }) })).body.sid;
    const channel = JSON.stringify({ type: 'sms', initiated_by: 'customer', properties: { from: '+15551230008' } });
    const routing = (workflowSid: string): string =>
      JSON.stringify({ properties: { workspace_sid: W.split('/').pop(), workflow_sid: workflowSid, task_channel_unique_name: 'sms', attributes: { from: '+15551230008' } } });

    const routed = await t.post('/flex-api/v1/Interactions', { Channel: channel, Routing: routing(workflow) });
    assert.equal(routed.status, 200, 'the spec answers a new interaction with 200');
    const tasks = (await t.get(`${W}/Tasks`)).tasks;
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].workflow_sid, workflow);

    const refused = await t.post('/flex-api/v1/Interactions', { Channel: channel, Routing: routing('WW' + 'f'.repeat(32)) });
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /Routing/);
    assert.match(refused.body.message, /WorkflowSid/);
    assert.equal((await t.get(`${W}/Tasks`)).tasks.length, 1, 'no task');
    // The API lists neither interactions nor their channels: the store shows what was kept.
    const interactions = t.emulator.engine.store.find(t.emulator.accountSid, 'flex_v1:flex.v1.interaction');
    assert.deepEqual(interactions.map((i) => i.id), [routed.body.sid], 'no interaction stored');
    const channels = t.emulator.engine.store.find(t.emulator.accountSid, 'flex_v1:flex.v1.interaction.interaction_channel');
    assert.equal(channels.length, 1, 'no channel opened');
  } finally {
    await t.close();
  }
});
