/**
 * Every plain data field of a resource answers with its wire field, whichever way the object
 * reached the graph: fetched, listed, created, as a link's stub, through `Query.node` and through
 * `_entities`. Most data fields have no resolver (the objects carry getters, see
 * src/gateway/execution/wire-getters.ts), so an object that missed its getters would answer null.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildSchema, getNamedType, isEnumType, type GraphQLObjectType } from 'graphql';
import { loadArtifacts } from '../../src/gateway/artifacts.js';
import { dataOf, demoWorkspaceSid, startHarness, type Harness } from './harness.js';

type Wire = Record<string, unknown>;

const { sdl, map } = loadArtifacts();
const schema = buildSchema(sdl, { assumeValidSDL: true });

let h: Harness;
let workspaceSid: string;
before(async () => {
  h = await startHarness();
  workspaceSid = await demoWorkspaceSid(h);
});
after(() => h.close());

/** The GraphQL names of `typeName`'s plain data fields, as a selection. */
function dataSelection(typeName: string): string {
  return Object.keys(map.types[typeName]!.fields).join(' ');
}

/** What the graph must answer for `fieldName` of `typeName`, given Twilio's object. */
function expected(typeName: string, fieldName: string, wire: Wire): unknown {
  const value = wire[map.types[typeName]!.fields[fieldName]!] ?? null;
  const type = getNamedType((schema.getType(typeName) as GraphQLObjectType).getFields()[fieldName]!.type);
  if (value === null) return null;
  if (isEnumType(type)) {
    const toGraphQL = Object.fromEntries(Object.entries(map.enums[type.name]!).map(([gql, w]) => [w, gql]));
    return Array.isArray(value) ? value.map((v) => toGraphQL[String(v)]) : toGraphQL[String(value)];
  }
  if (type.name === 'DateTime') return new Date(Date.parse(String(value))).toISOString().replace('.000Z', 'Z');
  if (type.name === 'JSON' && typeof value === 'string' && /^\s*[[{]/.test(value)) return JSON.parse(value);
  return value;
}

function assertDataFields(typeName: string, answered: Record<string, unknown>, wire: Wire, route: string): void {
  for (const fieldName of Object.keys(map.types[typeName]!.fields)) {
    assert.deepEqual(answered[fieldName], expected(typeName, fieldName, wire), `${route}: ${typeName}.${fieldName}`);
  }
}

async function rest(path: string): Promise<Wire> {
  const response = await fetch(`${h.emulator.url}${path}`, { headers: { authorization: h.authorization } });
  assert.equal(response.status, 200, path);
  return (await response.json()) as Wire;
}

const workers = (): string => `/taskrouter/v1/Workspaces/${workspaceSid}/Workers`;

test('a fetched Worker answers every data field from its wire object', async () => {
  const listed = ((await rest(`${workers()}?PageSize=1`)).workers as Wire[])[0]!;
  const wire = await rest(`${workers()}/${String(listed.sid)}`);
  assert.notEqual(wire.attributes, null, 'a fetch carries the fetch-only attributes');
  const data = dataOf(await h.query(`{ workspace(sid: "${workspaceSid}") { worker(sid: "${String(wire.sid)}") { ${dataSelection('Worker')} } } }`));
  assertDataFields('Worker', data.workspace.worker, wire, 'fetch');
});

test('listed Workers answer every data field from their page', async () => {
  const page = (await rest(`${workers()}?PageSize=50`)).workers as Wire[];
  const data = dataOf(await h.query(`{ workspace(sid: "${workspaceSid}") { workers(first: 50) { nodes { ${dataSelection('Worker')} } } } }`));
  assert.equal(data.workspace.workers.nodes.length, page.length);
  page.forEach((wire, i) => assertDataFields('Worker', data.workspace.workers.nodes[i], wire, `list item ${i}`));
});

test('a created Worker answers every data field from the mutation response', async () => {
  const data = dataOf(
    await h.query(`mutation { createWorker(workspaceSid: "${workspaceSid}", input: { friendlyName: "data-fields", attributes: { tier: 2 } }) { ${dataSelection('Worker')} } }`),
  );
  const wire = await rest(`${workers()}/${String(data.createWorker.sid)}`);
  assertDataFields('Worker', data.createWorker, wire, 'mutation');
});

test('Query.node and _entities answer every data field of the Worker they fetch', async () => {
  const wire = ((await rest(`${workers()}?PageSize=1`)).workers as Wire[])[0]!;
  const full = await rest(`${workers()}/${String(wire.sid)}`);
  const { id } = dataOf(await h.query(`{ workspace(sid: "${workspaceSid}") { worker(sid: "${String(wire.sid)}") { id } } }`)).workspace.worker;
  const byNode = dataOf(await h.query(`{ node(id: "${id}") { ... on Worker { ${dataSelection('Worker')} } } }`));
  assertDataFields('Worker', byNode.node, full, 'Query.node');
  const byEntity = dataOf(
    await h.query(`{ _entities(representations: [{ __typename: "Worker", workspaceSid: "${workspaceSid}", sid: "${String(wire.sid)}" }]) { ... on Worker { ${dataSelection('Worker')} } } }`),
  );
  assertDataFields('Worker', byEntity._entities[0], full, '_entities');
});

test('a stub made from path values alone answers the fields those values give', async () => {
  const wire = ((await rest(`${workers()}?PageSize=1`)).workers as Wire[])[0]!;
  await h.resetUpstreamCalls();
  // Only child resources and path values are selected, so the worker itself is not fetched.
  const data = dataOf(
    await h.query(`{ workspace(sid: "${workspaceSid}") { worker(sid: "${String(wire.sid)}") { sid workspaceSid reservations(first: 1) { nodes { sid } } } } }`),
  );
  const calls = await h.upstreamCalls();
  assert.deepEqual(Object.keys(calls.byRoute).filter((route) => route.includes('/Workers/{Sid}')), [], JSON.stringify(calls.byRoute));
  assert.equal(data.workspace.worker.sid, wire.sid);
  assert.equal(data.workspace.worker.workspaceSid, workspaceSid);
});

test('a 2010 Call, fetched and listed, answers every data field (RFC 2822 dates upstream)', async () => {
  const calls = `/api/2010-04-01/Accounts/${h.emulator.accountSid}/Calls`;
  const page = (await rest(`${calls}.json?PageSize=10`)).calls as Wire[];
  assert.ok(page.length > 0);
  const listed = dataOf(await h.query(`{ calls(first: 10) { nodes { ${dataSelection('Call')} } } }`));
  page.forEach((wire, i) => assertDataFields('Call', listed.calls.nodes[i], wire, `list item ${i}`));
  const wire = await rest(`${calls}/${String(page[0]!.sid)}.json`);
  const fetched = dataOf(await h.query(`{ call(sid: "${String(page[0]!.sid)}") { ${dataSelection('Call')} } }`));
  assertDataFields('Call', fetched.call, wire, 'fetch');
});
