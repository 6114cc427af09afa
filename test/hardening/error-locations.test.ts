/**
 * Errors raised before execution say where their cause is, as graphql-js's validation errors do:
 * `locations` points at the refused argument (a bad SID, `first`, a global id) or field (introspection
 * when it is off), and the message names the argument as the caller wrote it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHardened, type Hardened } from './harness.js';

describe('pre-execution errors carry locations', () => {
  let h: Hardened;
  before(async () => (h = await startHardened({ limits: { introspection: false } })));
  after(() => h.close());

  /** Posts `query` and returns its one error, after checking that nothing reached Twilio. */
  async function refusal(query: string): Promise<{ message: string; locations?: unknown; extensions: Record<string, unknown> }> {
    const before = await h.upstreamTotal();
    const answer = await h.post({ query });
    assert.equal(answer.status, 400, answer.text);
    assert.equal(await h.upstreamTotal(), before, 'no upstream call');
    assert.equal(answer.json.errors.length, 1, answer.text);
    return answer.json.errors[0];
  }

  test('a bad path argument: the argument', async () => {
    const error = await refusal('{\n  workspace(sid: "nope") { sid }\n}');
    assert.deepEqual(error.locations, [{ line: 2, column: 13 }]);
  });

  test('"first" out of range: the argument', async () => {
    const error = await refusal('{ workspaces { nodes { workers(first: 0) { nodes { sid } } } } }');
    assert.deepEqual(error.locations, [{ line: 1, column: 32 }]);
  });

  test('a bad value inside a global id: the argument "id", named as the caller gave it', async () => {
    const id = Buffer.from('Worker:WSx:WKy').toString('base64url');
    const error = await refusal(`{ node(id: "${id}") { id } }`);
    assert.deepEqual(error.locations, [{ line: 1, column: 8 }]);
    assert.equal(error.extensions['argument'], 'id');
    assert.match(error.message, /^Argument "id" \(Worker WorkspaceSid\) must match \^WS/);
  });

  test('introspection when it is off: the field', async () => {
    const error = await refusal('{ workspaces(first: 1) { nodes { sid } } __schema { queryType { name } } }');
    assert.equal(error.extensions['code'], 'INTROSPECTION_DISABLED');
    assert.deepEqual(error.locations, [{ line: 1, column: 42 }]);
  });
});
