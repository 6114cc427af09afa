/** The rule deciding which data fields go without resolvers, over small hand-made maps. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OperationMap } from '../../src/schema/operation-map.js';
import { wireGetters } from '../../src/gateway/execution/wire-getters.js';

function mapOf(types: Record<string, Record<string, string>>): OperationMap {
  return {
    version: 1,
    operations: {},
    types: Object.fromEntries(Object.entries(types).map(([name, fields]) => [name, { fields }])),
    fields: {},
    enums: {},
    inputs: {},
  };
}

test('a field name read from one wire name everywhere gets a getter; same-named fields need none', () => {
  const wire = wireGetters(mapOf({ A: { friendlyName: 'friendly_name', sid: 'sid' }, B: { friendlyName: 'friendly_name' } }));
  assert.equal(wire.serves('friendlyName', 'friendly_name'), true);
  assert.equal(wire.serves('sid', 'sid'), true);
  const object: Record<string, unknown> = JSON.parse('{"sid":"XX1","friendly_name":"Front desk"}');
  wire.adopt(object);
  assert.equal(object['friendlyName'], 'Front desk');
  assert.deepEqual(Object.keys(object), ['sid', 'friendly_name'], 'getters are not own properties');
  assert.equal(JSON.stringify(object), '{"sid":"XX1","friendly_name":"Front desk"}');
});

test('a field name read from two wire names, or hidden by a wire field of its name, keeps its resolver', () => {
  const wire = wireGetters(
    mapOf({
      A: { status: 'status_code', label: 'friendly_name' },
      B: { status: 'state', label: 'friendly_name', friendlyName: 'label' },
      C: { whole: '' },
    }),
  );
  assert.equal(wire.serves('status', 'status_code'), false, 'two wire names');
  assert.equal(wire.serves('status', 'state'), false, 'two wire names');
  assert.equal(wire.serves('friendlyName', 'label'), true, 'a getter may read a wire field named like a GraphQL field');
  assert.equal(wire.serves('label', 'friendly_name'), false, 'an object with a `label` wire field would hide the getter');
  assert.equal(wire.serves('whole', ''), false, 'the whole object needs its resolver');
  const object: Record<string, unknown> = { status_code: 1, state: 'on' };
  wire.adopt(object);
  assert.equal(object['status'], undefined);
});

test('adopt leaves arrays, primitives and objects with their own prototype alone', () => {
  const wire = wireGetters(mapOf({ A: { friendlyName: 'friendly_name' } }));
  const list = [{ friendly_name: 'x' }];
  wire.adopt(list);
  assert.equal(Object.getPrototypeOf(list), Array.prototype);
  const custom = Object.create(null) as Record<string, unknown>;
  custom['friendly_name'] = 'y';
  wire.adopt(custom);
  assert.equal(Object.getPrototypeOf(custom), null);
  wire.adopt(null);
  wire.adopt('text');
  const object: Record<string, unknown> = { friendly_name: 'z' };
  wire.adopt(object);
  const adopted = Object.getPrototypeOf(object);
  wire.adopt(object);
  assert.equal(Object.getPrototypeOf(object), adopted, 'adopting twice changes nothing');
});
