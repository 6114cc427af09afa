/**
 * The gateway as an Apollo Federation v2 subgraph: the generated subgraph SDL and its keys,
 * `_service { sdl }`, and `_entities` resolved through the request's upstream memo, over HTTP
 * against the emulator's demo data.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Kind, parse, type ObjectTypeDefinitionNode, type StringValueNode } from 'graphql';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { loadArtifacts } from '../../src/gateway/artifacts.js';
import { createExecutableSchema } from '../../src/gateway/executable-schema.js';
import { createGatewayServer, type GatewayServer } from '../../src/gateway/server.js';
import { startGateway } from '../../src/gateway/start.js';
import { basicAuthorization, TwilioClient } from '../../src/twilio/index.js';
import { emulatorRequests, graphql, resetEmulatorRequests } from './helpers.js';

const SUBGRAPH_SDL = readFileSync(new URL('../../twilio-subgraph.graphql', import.meta.url), 'utf8');

/** `@key(fields:)` of every object type in an SDL that has one. */
function keysOf(sdl: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const key = definition.directives?.find((d) => d.name.value === 'key');
    if (key) keys.set(definition.name.value, (key.arguments![0]!.value as StringValueNode).value);
  }
  return keys;
}

describe('subgraph SDL', () => {
  const { map } = loadArtifacts();
  const keys = keysOf(SUBGRAPH_SDL);
  const types = new Map(
    parse(SUBGRAPH_SDL)
      .definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION)
      .map((d) => [d.name.value, d]),
  );

  test('links Federation v2.3 and keys nested resources by their parents’ SIDs', () => {
    assert.match(SUBGRAPH_SDL, /^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.3", import: \["@key", "@shareable"\]\)\n/);
    assert.equal(keys.get('Worker'), 'workspaceSid sid');
    assert.equal(keys.get('Message'), 'accountSid sid');
    assert.equal(keys.get('Workspace'), 'sid');
    assert.ok(types.get('PageInfo')!.directives!.some((d) => d.name.value === 'shareable'));
  });

  test('every Node type fetchable from its own fields has a key naming those fields; the others have none', () => {
    let keyed = 0;
    let unkeyed = 0;
    for (const [typeName, mapped] of Object.entries(map.types)) {
      if (!mapped.node) {
        assert.equal(keys.get(typeName), undefined, `${typeName} is not fetchable but has a key`);
        continue;
      }
      const sources = Object.values(mapped.node.path);
      if (!sources.every((source) => source.from === 'field')) {
        assert.equal(keys.get(typeName), undefined, `${typeName} needs its url to be fetched but has a key`);
        unkeyed++;
        continue;
      }
      const key = keys.get(typeName);
      assert.ok(key, `${typeName} has no key`);
      const wireFields = key.split(' ').map((field) => mapped.fields[field]);
      assert.deepEqual(wireFields, sources.map((source) => (source as { field: string }).field), `${typeName} key`);
      const declared = new Set(types.get(typeName)!.fields!.map((f) => f.name.value));
      for (const field of key.split(' ')) assert.ok(declared.has(field), `${typeName}.${field}`);
      keyed++;
    }
    assert.ok(keyed > 100, `keyed ${keyed}`);
    assert.ok(unkeyed > 0, 'some types need their url and get no key');
  });
});

describe('subgraph protocol over HTTP', () => {
  let emulator: RunningEmulator;
  let client: TwilioClient;
  let server: GatewayServer;
  let graphqlUrl: string;
  let auth: Record<string, string>;
  before(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo' });
    client = new TwilioClient({ baseUrl: emulator.url });
    // No server credentials: every upstream call needs the request's own Authorization.
    server = await createGatewayServer({ schema: createExecutableSchema({ client }), host: '127.0.0.1', port: 0 });
    graphqlUrl = `${await server.listen()}/graphql`;
    auth = { authorization: basicAuthorization({ kind: 'basic', username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid }) };
  });
  after(async () => {
    await server.close();
    await client.close();
    await emulator.close();
  });

  /** The demo workspace's first workers, with their activity SIDs. */
  async function demoWorkers(): Promise<Array<{ sid: string; workspaceSid: string; friendlyName: string; activitySid: string }>> {
    const result = await graphql(graphqlUrl, '{ workspaces(first: 1) { nodes { workers(first: 3) { nodes { sid workspaceSid friendlyName activitySid } } } } }', undefined, auth);
    const workers = result.data.workspaces.nodes[0].workers.nodes;
    assert.equal(workers.length, 3);
    return workers;
  }

  test('_service returns the committed subgraph SDL, without credentials', async () => {
    const result = await graphql(graphqlUrl, '{ _service { sdl } }');
    assert.equal(result.errors, undefined);
    assert.equal(result.data._service.sdl, SUBGRAPH_SDL);
  });

  test('_entities needs credentials like any other field', async () => {
    const result = await graphql(graphqlUrl, '{ _entities(representations: [{ __typename: "Workspace", sid: "WS00000000000000000000000000000000" }]) { __typename } }');
    assert.equal(result.errors[0].extensions.code, 'UNAUTHENTICATED');
  });

  test('a batch of representations costs one upstream call per distinct resource, in order', async () => {
    const workers = await demoWorkers();
    const representations = [...workers, workers[0]!, workers[1]!].map(({ sid, workspaceSid }) => ({ __typename: 'Worker', workspaceSid, sid }));
    await resetEmulatorRequests(emulator.url);
    const result = await graphql(
      graphqlUrl,
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Worker { sid friendlyName } } }',
      { r: representations },
      auth,
    );
    assert.equal(result.errors, undefined);
    assert.deepEqual(
      result.data._entities,
      representations.map((r) => ({ __typename: 'Worker', sid: r.sid, friendlyName: workers.find((w) => w.sid === r.sid)!.friendlyName })),
    );
    const counts = await emulatorRequests(emulator.url);
    assert.deepEqual(counts.byRoute, { 'GET /taskrouter/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}': 3 });
  });

  test('entities share the request’s memo with the fields below them', async () => {
    const [worker] = await demoWorkers();
    const representations = [
      { __typename: 'Worker', workspaceSid: worker!.workspaceSid, sid: worker!.sid },
      { __typename: 'Activity', workspaceSid: worker!.workspaceSid, sid: worker!.activitySid },
    ];
    await resetEmulatorRequests(emulator.url);
    const result = await graphql(
      graphqlUrl,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { activity { sid friendlyName } } ... on Activity { sid friendlyName } } }',
      { r: representations },
      auth,
    );
    assert.equal(result.errors, undefined);
    const [fromWorker, activity] = result.data._entities;
    assert.equal(activity.sid, worker!.activitySid);
    assert.deepEqual(fromWorker.activity, activity);
    // Worker.activity found the Activity entity's fetch in the memo: one call each.
    const counts = await emulatorRequests(emulator.url);
    assert.deepEqual(counts.byRoute, {
      'GET /taskrouter/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}': 1,
      'GET /taskrouter/v1/Workspaces/{WorkspaceSid}/Activities/{Sid}': 1,
    });
  });

  test('a bad or missing representation is null with its own error; the others resolve', async () => {
    const [worker] = await demoWorkers();
    const representations = [
      { __typename: 'Worker', workspaceSid: worker!.workspaceSid, sid: worker!.sid },
      { __typename: 'Worker', workspaceSid: worker!.workspaceSid, sid: 'WK00000000000000000000000000000000' },
      { __typename: 'NotAType', sid: worker!.sid },
      { __typename: 'Worker', sid: worker!.sid },
      { __typename: 'Worker', workspaceSid: '../Workspaces', sid: worker!.sid },
    ];
    await resetEmulatorRequests(emulator.url);
    const result = await graphql(graphqlUrl, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { sid } } }', { r: representations }, auth);
    assert.deepEqual(result.data._entities, [{ sid: worker!.sid }, null, null, null, null]);
    const byIndex = new Map(result.errors.map((e: any) => [Number(e.path[1]), e.extensions.code]));
    assert.deepEqual(Object.fromEntries(byIndex), { 1: 'NOT_FOUND', 2: 'BAD_USER_INPUT', 3: 'BAD_USER_INPUT', 4: 'BAD_USER_INPUT' });
    // Errors name the argument the caller gave, and the key field in it.
    const traversal = result.errors.find((e: any) => e.path[1] === 4);
    assert.equal(traversal.extensions.argument, 'representations');
    assert.match(traversal.message, /^representations\[4\]: Worker key field "workspaceSid" must match \^WS/);
    // Only the two well-formed representations reached Twilio.
    assert.equal((await emulatorRequests(emulator.url)).total, 2);
  });
});

test('the cost limit counts one upstream call per representation, before any call', { timeout: 60_000 }, async () => {
  const gateway = await startGateway({ upstream: { kind: 'embedded-emulator' }, port: 0, limits: { maxCost: 4 } });
  try {
    const auth = { authorization: gateway.demoAuthorization! };
    const representations = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ __typename: 'Workspace', sid: `WS${i.toString(16).padStart(32, '0')}` }));
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Workspace { sid } } }';
    await resetEmulatorRequests(gateway.emulator!.url);

    const refused = await graphql(gateway.graphqlUrl, query, { r: representations(5) }, auth);
    assert.equal(refused.errors?.[0].extensions.code, 'QUERY_TOO_COMPLEX', JSON.stringify(refused));
    assert.equal((await emulatorRequests(gateway.emulator!.url)).total, 0);

    // What each representation selects counts once per representation: 2 workspaces × (fetch + activity) = 4.
    const nested = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Workspace { activity(sid: "WA00000000000000000000000000000000") { sid } } } }';
    const allowed = await graphql(gateway.graphqlUrl, nested, { r: representations(2) }, auth);
    assert.deepEqual(allowed.errors.map((e: any) => e.extensions.code), ['NOT_FOUND', 'NOT_FOUND']);
    const overBudget = await graphql(gateway.graphqlUrl, nested, { r: representations(3) }, auth);
    assert.equal(overBudget.errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
    assert.equal((await emulatorRequests(gateway.emulator!.url)).total, 2);
  } finally {
    await gateway.close();
  }
});
