/** The README's GraphQL examples are valid against the committed schema, as written. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const schema = buildSchema(readFileSync(`${root}twilio-schema.graphql`, 'utf8'));
/** Operation blocks only: SDL blocks (a supergraph, a second subgraph) describe other schemas. */
const operations = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .filter((block) => /^\s*(\{|query\b|mutation\b|fragment\b)/.test(block));

test('the README has GraphQL examples', () => {
  assert.ok(operations.length >= 4, `found ${operations.length}`);
});

for (const [i, block] of operations.entries()) {
  test(`README example ${i + 1} validates against twilio-schema.graphql`, () => {
    assert.deepEqual(validate(schema, parse(block)).map((e) => e.message), [], block);
  });
}
