/** GraphQL over HTTP at /graphql, GraphiQL, /healthz and the body limit, through real HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { ACCOUNT, basic, get, post, startServer } from './helpers.js';

const AUTH = { authorization: basic(ACCOUNT, 'token') };

describe('GraphQL over HTTP', () => {
  let url: string;
  let close: () => Promise<void>;
  before(async () => ({ url, close } = await startServer({ bodyLimit: 4096 })));
  after(() => close());

  test('POST application/json runs a query', async () => {
    const result = await post(url, { query: '{ whoami }' }, AUTH);
    assert.equal(result.status, 200);
    assert.match(result.type ?? '', /^application\/json/);
    assert.deepEqual(result.json, { data: { whoami: `${ACCOUNT} AC request` } });
  });

  test('POST honours variables and operationName', async () => {
    const query = 'query A { hello } query B($ms: Int) { slow(ms: $ms) }';
    const result = await post(url, { query, operationName: 'B', variables: { ms: 1 } }, AUTH);
    assert.deepEqual(result.json, { data: { slow: 1 } });
  });

  test('GET runs a query from the query string', async () => {
    const result = await get(url, { query: '{ hello }' }, AUTH);
    assert.equal(result.status, 200);
    assert.deepEqual(result.json, { data: { hello: 'world' } });
  });

  test('GET variables are JSON in the query string', async () => {
    const result = await get(url, { query: 'query($ms: Int) { slow(ms: $ms) }', variables: '{"ms":2}' }, AUTH);
    assert.deepEqual(result.json, { data: { slow: 2 } });
  });

  test('Accept: application/graphql-response+json is answered in that media type', async () => {
    const result = await post(url, { query: '{ hello }' }, { ...AUTH, accept: 'application/graphql-response+json' });
    assert.equal(result.status, 200);
    assert.match(result.type ?? '', /^application\/graphql-response\+json/);
    assert.deepEqual(result.json, { data: { hello: 'world' } });
  });

  test('the same query repeatedly (graphql-jit after the first run) keeps its answer', async () => {
    for (let i = 0; i < 4; i++) {
      assert.deepEqual((await post(url, { query: '{ hello whoami }' }, AUTH)).json, {
        data: { hello: 'world', whoami: `${ACCOUNT} AC request` },
      });
    }
  });

  test('a mutation over GET is refused with 405 and Allow: POST', async () => {
    const response = await fetch(`${url}/graphql?${new URLSearchParams({ query: 'mutation { poke }' })}`, { headers: AUTH });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST');
    assert.ok(((await response.json()) as { errors: unknown[] }).errors.length > 0);
  });

  test('PUT, PATCH, DELETE and OPTIONS on /graphql are 405 with the methods it takes', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const response = await fetch(`${url}/graphql`, { method, headers: AUTH });
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'GET, POST', method);
      const body = (await response.json()) as { errors: Array<{ message: string }> };
      assert.match(body.errors[0]!.message, new RegExp(`Method ${method} is not allowed on /graphql`));
    }
  });

  test('a text/plain body is 415 with a GraphQL error body', async () => {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { ...AUTH, 'content-type': 'text/plain' }, body: '{"query":"{ hello }"}' });
    assert.equal(response.status, 415);
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    assert.match(body.errors[0]!.message, /Unsupported media type: send the request body as application\/json, or application\/graphql/);
  });

  test('a mutation over POST runs', async () => {
    assert.deepEqual((await post(url, { query: 'mutation { poke }' }, AUTH)).json, { data: { poke: 'poked' } });
  });

  test('a syntax error is a 400 with a GraphQL error body', async () => {
    const result = await post(url, { query: '{ hello' }, { ...AUTH, accept: 'application/graphql-response+json' });
    assert.equal(result.status, 400);
    // A request error: the operation never ran, so there is no "data" entry at all.
    assert.equal('data' in result.json, false);
    assert.match(result.json.errors[0].message, /Syntax Error/);
  });

  test('several validation errors are still one 400 request error, without data', async () => {
    const result = await post(url, { query: '{ nope1 nope2 }' }, AUTH);
    assert.equal(result.status, 400);
    assert.equal('data' in result.json, false);
    assert.equal(result.json.errors.length, 2);
  });

  test('a validation error names the unknown field', async () => {
    const result = await post(url, { query: '{ nope }' }, AUTH);
    assert.equal(result.status, 400);
    assert.match(result.json.errors[0].message, /nope/);
  });

  test('malformed JSON is a 400', async () => {
    const result = await post(url, '{not json', AUTH);
    assert.equal(result.status, 400);
  });

  test('a query that is not GraphQL (JSON number) is a 400, not a crash', async () => {
    const result = await post(url, { query: '5' }, AUTH);
    assert.equal(result.status, 400);
    assert.match(result.json.errors[0].message, /not a GraphQL document/);
  });

  test('a body over the limit is refused with 413', async () => {
    const result = await post(url, { query: `{ hello } # ${'x'.repeat(5000)}` }, AUTH);
    assert.equal(result.status, 413);
  });

  test('/healthz answers 200 JSON', async () => {
    const response = await fetch(`${url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  test('/ redirects to /graphql', async () => {
    const response = await fetch(`${url}/`, { redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/graphql');
  });
});

describe('execution errors', () => {
  test('a field that fails during execution keeps "data", with HTTP 200', async () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          ok: { type: GraphQLString, resolve: () => 'yes' },
          fails: {
            type: GraphQLString,
            resolve: () => {
              throw new Error('broken');
            },
          },
        },
      }),
    });
    const { url, close } = await startServer({ schema });
    try {
      const result = await post(url, { query: '{ ok fails }' }, AUTH);
      assert.equal(result.status, 200);
      assert.deepEqual(result.json.data, { ok: 'yes', fails: null });
      assert.equal(result.json.errors[0].message, 'broken');
    } finally {
      await close();
    }
  });
});

describe('GraphiQL', () => {
  let url: string;
  let close: () => Promise<void>;
  before(async () => ({ url, close } = await startServer({ graphiql: { defaultHeaders: { Authorization: 'Basic ZGVtbw==' } } })));
  after(() => close());

  test('a browser GET /graphql gets a self-contained GraphiQL page', async () => {
    const response = await fetch(`${url}/graphql`, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const page = await response.text();
    assert.match(page, /<title>twilio-graphql<\/title>/);
    // Offline: no script or stylesheet is loaded from anywhere but the page itself.
    assert.doesNotMatch(page, /<script[^>]*\ssrc=["']?(https?:)?\/\//i);
    assert.doesNotMatch(page, /<link[^>]*\shref=["']?(https?:)?\/\//i);
    assert.ok(page.includes('"endpoint":"/graphql"'));
    assert.ok(page.includes('Basic ZGVtbw=='), 'pre-filled headers are in the page');
  });

  test('a JSON client on GET /graphql still gets GraphQL, not the page', async () => {
    const result = await get(url, { query: '{ __typename }' }, { accept: 'application/json' });
    assert.deepEqual(result.json, { data: { __typename: 'Query' } });
  });

  test('the page is rendered once and served from cache', async () => {
    const fetchPage = () => fetch(`${url}/graphql`, { headers: { accept: 'text/html' } }).then((r) => r.text());
    const [a, b] = await Promise.all([fetchPage(), fetchPage()]);
    assert.equal(a, b);
  });
});

describe('GraphiQL disabled', () => {
  test('GET /graphql with Accept: text/html is then a GraphQL request', async () => {
    const { url, close } = await startServer({ graphiql: false });
    try {
      const response = await fetch(`${url}/graphql?query=%7B__typename%7D`, { headers: { accept: 'text/html' } });
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal((await fetch(`${url}/`, { redirect: 'manual' })).status, 404);
    } finally {
      await close();
    }
  });
});
