/**
 * Every operation of the model is served: with its parents (and, for instance paths, the
 * record itself) in place and its required (and one-of) parameters given, each of the 643 operations
 * answers with its success status and a body valid against the official spec.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BoundOperation, Collection } from '../../src/emulator/catalog.js';
import type { Engine } from '../../src/emulator/index.js';
import { snakeCase } from '../../src/emulator/names.js';
import { jsonString } from '../../src/emulator/params.js';
import { pathScope, scopedParentIds } from '../../src/emulator/references.js';
import { newRecordData } from '../../src/emulator/values.js';
import type { Param, ValueType } from '../../src/spec/model.js';
import { assertMatchesSpec, startTestEmulator, type TestEmulator } from './support.js';

let t: TestEmulator;
before(async () => {
  t = await startTestEmulator();
});
after(async () => {
  await t.close();
});

let counter = 0;
/** A valid value for a parameter type; SIDs are fresh so operations do not collide. */
function sample(type: ValueType, name: string): string {
  switch (type.kind) {
    case 'enum':
      return type.values[0] ?? 'x';
    case 'integer':
    case 'number':
      return '1';
    case 'boolean':
      return 'true';
    case 'object':
      return '{}';
    case 'array':
      return sample(type.items, name);
    case 'string': {
      const prefix = type.sidPrefixes?.[0];
      if (prefix) return prefix + (++counter).toString(16).padStart(32, '0');
      if (type.format === 'date-time') return '2024-01-02T03:04:05Z';
      if (type.format === 'date') return '2024-01-02';
      if (type.format === 'uri' || /Url$/.test(name)) return 'https://example.com/hook';
      if (type.format === 'phone-number' || /Number|^To$|^From$/.test(name)) return '+15555550100';
      return 'US';
    }
  }
}

function paramValue(p: Param): string | string[] {
  const v = sample(p.type, p.name);
  return p.type.kind === 'array' ? [v] : v;
}

/** Stores every missing ancestor of a collection for the given parent ids. */
function ensureAncestors(engine: Engine, c: Collection, accountSid: string, parentIds: string[]): void {
  const parent = c.parent;
  if (!parent || parent.virtual) return;
  const n = parent.parentParams.length;
  const id = parentIds[n];
  if (id === undefined) return;
  const pIds = parentIds.slice(0, n);
  ensureAncestors(engine, parent, accountSid, pIds);
  if (!engine.store.get(parent, accountSid, pIds, id)) {
    engine.store.put(parent, accountSid, pIds, id, newRecordData(parent, { accountSid, parents: {}, idField: parent.idField, id }, {}, new Date()));
  }
}

test('all operations answer with their success status and a spec-valid body', async () => {
  const engine = t.emu.engine;
  const acct = engine.accountSid;
  const failures: string[] = [];
  let validated = 0;
  const ops = [...engine.catalog.operations.values()];
  assert.equal(ops.length, engine.catalog.model.operations.length);
  for (const b of ops as BoundOperation[]) {
    const { op, collection: c } = b;
    // A placeholder at position k names a record of the ancestor with k parent ids: use its SID prefix.
    const prefixAt = new Map<number, string>();
    for (let a: Collection | undefined = c; a; a = a.parent) if (a.sidPrefix && !a.singleton) prefixAt.set(a.parentParams.length, a.sidPrefix);
    const values = op.params
      .filter((p) => p.in === 'path')
      .map((p, k) => {
        if (p.name === 'AccountSid' || (c.id === 'api:/2010-04-01/Accounts' && p.name === 'Sid')) return acct;
        const prefix = p.type.kind === 'string' && p.type.sidPrefixes ? undefined : prefixAt.get(k);
        return prefix ? prefix + (++counter).toString(16).padStart(32, '0') : String(sample(p.type, p.name));
      });
    let i = 0;
    const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[i++] ?? ''));
    const params: Record<string, string | string[]> = {};
    for (const p of op.params) {
      if (!p.required || (p.in !== 'body' && p.in !== 'query')) continue;
      // A plain-string parameter feeding an enum field must hold one of the field's values.
      const field = c.fields.get(snakeCase(p.name));
      if (jsonString(op, p)) params[p.name] = '{}';
      else params[p.name] = p.type.kind === 'string' && field?.type.kind === 'enum' ? (field.type.values[0] ?? '') : paramValue(p);
    }
    // One-of groups (`From` or `MessagingServiceSid`): give the first of each.
    for (const group of op.oneOf ?? []) {
      const first = op.params.find((p) => p.name === group[0]);
      if (first) params[first.name] = paramValue(first);
    }

    const parentIds = b.kind.startsWith('singleton') ? values : values.slice(0, c.parentParams.length);
    ensureAncestors(engine, c, acct, parentIds);
    // A body parameter naming another record names one that exists: in the path's scope where
    // the path fixes it (the same workspace), else anywhere in the account.
    for (const ref of b.references) {
      if (params[ref.param] === undefined) continue;
      const target = ref.targets[0]!;
      const id = target.sidPrefix + (++counter).toString(16).padStart(32, '0');
      const targetParents = scopedParentIds(target, pathScope(b, values)) ?? target.parentParams.map((name) => (name === 'AccountSid' ? acct : sample({ kind: 'string' }, name)));
      ensureAncestors(engine, target, acct, targetParents);
      engine.store.put(target, acct, targetParents, id, newRecordData(target, { accountSid: acct, parents: {}, idField: target.idField, id }, {}, new Date()));
      params[ref.param] = id;
    }
    if (b.kind === 'fetch' || b.kind === 'update' || b.kind === 'delete') {
      const id = values[c.parentParams.length]!;
      if (!engine.store.get(c, acct, parentIds, id)) {
        engine.store.put(c, acct, parentIds, id, newRecordData(c, { accountSid: acct, parents: {}, idField: c.idField, id }, {}, new Date()));
      }
    }
    if (b.kind === 'singletonDelete' && !engine.store.get(c, acct, values, '')) {
      engine.store.put(c, acct, values, '', newRecordData(c, { accountSid: acct, parents: {}, idField: c.idField, id: '' }, {}, new Date()));
    }
    if (b.kind === 'fetchByQuery' || b.kind === 'deleteByQuery') {
      const create = ops.find((o) => o.collection === c && o.kind === 'create')!;
      const body: Record<string, string | string[]> = {};
      for (const p of create.op.params) if (p.required && p.in === 'body') body[p.name] = params[p.name] ?? paramValue(p);
      Object.assign(params, body);
      const created = await engine.dispatch({ accountSid: acct, method: 'POST', product: b.product, path, params: body });
      assert.ok(created.status < 300, `${op.key}: create for query ${JSON.stringify(created.body)}`);
    }
    const json = op.bodyEncoding === 'json' ? params : undefined;
    const result = await engine.dispatch({ accountSid: acct, method: op.method, product: b.product, path, ...(json ? { json } : { params }) });
    if (result.status !== op.successStatus) {
      failures.push(`${op.key} ${op.method} ${path}: ${result.status} ${JSON.stringify(result.body).slice(0, 200)}`);
      continue;
    }
    if (result.body !== undefined) {
      try {
        assertMatchesSpec(op, result.status, result.body);
        validated++;
      } catch (err) {
        failures.push(`${op.key}: ${(err as Error).message.slice(0, 400)}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(validated > 500, `validated ${validated} bodies`);
});
