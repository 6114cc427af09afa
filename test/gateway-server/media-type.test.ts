/** Accept negotiation for /graphql. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { negotiate } from '../../src/gateway/media-type.js';

const cases: [string | undefined, string][] = [
  [undefined, 'application/json'],
  ['', 'application/json'],
  ['*/*', 'application/json'],
  ['application/*', 'application/json'],
  ['application/json', 'application/json'],
  ['application/graphql-response+json', 'application/graphql-response+json'],
  ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json'],
  ['application/json, application/graphql-response+json', 'application/json'],
  ['application/json;q=0.5, application/graphql-response+json', 'application/graphql-response+json'],
  ['*/*, application/graphql-response+json', 'application/graphql-response+json'],
  ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'text/html'],
  ['text/html;q=0.1, application/json', 'application/json'],
  ['text/html;q=0', 'application/json'],
  ['image/png', 'application/json'],
  ['APPLICATION/GRAPHQL-RESPONSE+JSON', 'application/graphql-response+json'],
];
for (const [accept, expected] of cases) {
  test(`Accept ${JSON.stringify(accept)} -> ${expected}`, () => assert.equal(negotiate(accept), expected));
}
