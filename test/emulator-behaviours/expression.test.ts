import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matches, parseExpression, ExpressionError } from '../../src/emulator/behaviours/taskrouter/expression.js';
import { routeTask } from '../../src/emulator/behaviours/taskrouter/workflow.js';

const worker = { skills: ['support', 'billing'], languages: ['en', 'es'], level: 3, name: 'Alice Smith', team: 'tier1' };

test('simple TaskRouter expressions', () => {
  const scope = { self: worker };
  assert.ok(matches('1==1', scope));
  assert.ok(matches('', scope));
  assert.ok(matches(`skills HAS 'support'`, scope));
  assert.ok(!matches(`skills HAS "sales"`, scope));
  assert.ok(matches(`languages IN ['fr', 'es']`, scope));
  assert.ok(matches(`team IN ["tier1", "tier2"]`, scope));
  assert.ok(matches(`team NOT IN ["tier2"]`, scope));
  assert.ok(matches(`level >= 3 AND team == 'tier1'`, scope));
  assert.ok(matches(`level > 5 OR (name CONTAINS 'Smith' && team != 'tier2')`, scope));
  assert.ok(!matches(`missing == 'x'`, scope));
  assert.ok(!matches(`missing != 'x'`, scope));
  assert.ok(matches(`worker.skills HAS task.skill`, { self: worker, worker, task: { skill: 'billing' } }));
  assert.throws(() => parseExpression('type == '), ExpressionError);
  assert.throws(() => parseExpression('type ~ 1'), ExpressionError);
});

test('workflow configuration picks the first matching filter, else the default queue', () => {
  const configuration = JSON.stringify({
    task_routing: {
      filters: [
        { filter_friendly_name: 'Spanish', expression: `language == 'es'`, targets: [{ queue: 'WQspanish' }] },
        { filter_friendly_name: 'Billing', expression: `type == "billing"`, targets: [{ queue: 'WQbilling', expression: 'worker.level > 1' }] },
      ],
      default_filter: { queue: 'WQdefault' },
    },
  });
  assert.equal(routeTask(configuration, { language: 'es', type: 'billing' })?.queueSid, 'WQspanish');
  const billing = routeTask(configuration, { type: 'billing' });
  assert.equal(billing?.queueSid, 'WQbilling');
  assert.equal(billing?.target.expression, 'worker.level > 1');
  assert.equal(routeTask(configuration, { type: 'other' })?.filterName, 'Default Filter');
  assert.equal(routeTask('{"task_routing":{"filters":[]}}', {}), undefined);
});
