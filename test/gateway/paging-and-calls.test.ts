/** Connections over both Twilio paging formats, and upstream calls counted at the emulator. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dataOf, demoWorkspaceSid, startHarness, type Harness } from './harness.js';

let h: Harness;
let workspaceSid: string;
before(async () => {
  h = await startHarness();
  workspaceSid = await demoWorkspaceSid(h);
});
after(() => h.close());

async function walk(field: (after: string | null) => Promise<any>): Promise<{ pages: any[]; items: string[] }> {
  const pages: any[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page = await field(cursor);
    pages.push(page);
    if (!page.pageInfo.hasNextPage) break;
    cursor = page.pageInfo.endCursor;
  }
  return { pages, items: pages.flatMap((p) => p.edges.map((e: any) => e.node.sid)) };
}

test('v1 paging (meta.next_page_url): 12 workers in pages of 5', async () => {
  const { pages, items } = await walk(async (cursor) =>
    dataOf(
      await h.query(`query($ws: ID!, $after: String) { workspace(sid: $ws) { workers(first: 5, after: $after) { edges { cursor node { sid } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`, { ws: workspaceSid, after: cursor }),
    ).workspace.workers,
  );
  assert.deepEqual(pages.map((p) => p.edges.length), [5, 5, 2]);
  assert.equal(new Set(items).size, 12);
  assert.deepEqual(pages.map((p) => p.pageInfo.hasPreviousPage), [false, true, true]);
});

test('2010 paging (next_page_uri): messages in pages of 2', async () => {
  const { pages, items } = await walk(async (cursor) =>
    dataOf(await h.query(`query($after: String) { messages(first: 2, after: $after, from: "+15005550006") { edges { node { sid } } pageInfo { hasNextPage endCursor } } }`, { after: cursor })).messages,
  );
  assert.ok(pages.length >= 3, `walked ${pages.length} pages`);
  assert.equal(new Set(items).size, items.length);
  const all = dataOf(await h.query(`{ messages(first: 100, from: "+15005550006") { nodes { sid } } }`)).messages.nodes.map((n: any) => n.sid);
  assert.deepEqual(items, all, 'paging yields the same items in the same order as one big page');
});

test('an edge cursor in the middle of a page continues right after that edge', async () => {
  const page = dataOf(await h.query(`query($ws: ID!) { workspace(sid: $ws) { workers(first: 6) { edges { cursor node { sid } } } } }`, { ws: workspaceSid })).workspace.workers;
  const rest = dataOf(
    await h.query(`query($ws: ID!, $after: String) { workspace(sid: $ws) { workers(first: 2, after: $after) { nodes { sid } } } }`, { ws: workspaceSid, after: page.edges[2].cursor }),
  ).workspace.workers.nodes.map((n: any) => n.sid);
  assert.deepEqual(rest, page.edges.slice(3, 5).map((e: any) => e.node.sid));
});

const WORKERS_AFTER = `query($ws: ID!, $first: Int, $after: String) { workspace(sid: $ws) { workers(first: $first, after: $after) {
  edges { cursor node { sid } } pageInfo { hasNextPage endCursor } } } }`;

async function allWorkers(): Promise<string[]> {
  return dataOf(await h.query(`query($ws: ID!) { workspace(sid: $ws) { workers(first: 50) { nodes { sid } } } }`, { ws: workspaceSid })).workspace.workers.nodes.map(
    (n: any) => n.sid,
  );
}

test('a page after a cursor has the size its own "first" asks for, in one upstream call', async () => {
  const all = await allWorkers();
  assert.equal(all.length, 12);
  const sids = (page: any) => page.edges.map((e: any) => e.node.sid);
  const two = dataOf(await h.query(WORKERS_AFTER, { ws: workspaceSid, first: 2 })).workspace.workers;
  await h.resetUpstreamCalls();
  const five = dataOf(await h.query(WORKERS_AFTER, { ws: workspaceSid, first: 5, after: two.pageInfo.endCursor })).workspace.workers;
  assert.deepEqual(sids(five), all.slice(2, 7));
  assert.equal(five.pageInfo.hasNextPage, true);
  assert.equal((await h.upstreamCalls()).total, 1);
  const rest = dataOf(await h.query(WORKERS_AFTER, { ws: workspaceSid, first: 10, after: five.pageInfo.endCursor })).workspace.workers;
  assert.deepEqual(sids(rest), all.slice(7));
  assert.equal(rest.pageInfo.hasNextPage, false);
});

test('a cursor from the middle of a page gives the next "first" items, past the end of its page too', async () => {
  const all = await allWorkers();
  const six = dataOf(await h.query(WORKERS_AFTER, { ws: workspaceSid, first: 6 })).workspace.workers;
  await h.resetUpstreamCalls();
  const next = dataOf(await h.query(WORKERS_AFTER, { ws: workspaceSid, first: 5, after: six.edges[2].cursor })).workspace.workers;
  assert.deepEqual(next.edges.map((e: any) => e.node.sid), all.slice(3, 8));
  assert.equal((await h.upstreamCalls()).total, 1, 'the page is requested again from its start, long enough');
  // Its own cursors continue exactly where it stopped.
  const after = dataOf(await h.query(WORKERS_AFTER, { ws: workspaceSid, first: 2, after: next.pageInfo.endCursor })).workspace.workers;
  assert.deepEqual(after.edges.map((e: any) => e.node.sid), all.slice(8, 10));
});

test('where the page cannot be that long (page size cap), the next page tops it up', async () => {
  const { startGateway } = await import('../../src/gateway/start.js');
  const capped = await startGateway({ upstream: { kind: 'url', baseUrl: h.emulator.url }, port: 0, maxFirst: 5 });
  try {
    const ask = async (variables: Record<string, unknown>) => {
      const response = await fetch(capped.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: h.authorization },
        body: JSON.stringify({ query: WORKERS_AFTER, variables: { ws: workspaceSid, ...variables } }),
      });
      return dataOf<any>((await response.json()) as any).workspace.workers;
    };
    const all = await allWorkers();
    const five = await ask({ first: 5 });
    await h.resetUpstreamCalls();
    const next = await ask({ first: 5, after: five.edges[2].cursor });
    assert.deepEqual(next.edges.map((e: any) => e.node.sid), all.slice(3, 8));
    assert.equal((await h.upstreamCalls()).total, 2, 'the rest of the cursor\'s page, then the next page');
    const after = await ask({ first: 5, after: next.pageInfo.endCursor });
    assert.deepEqual(after.edges.map((e: any) => e.node.sid), all.slice(8));
  } finally {
    await capped.close();
  }
});

test("a later page lists what the field's current filters select, not the cursor's old ones", async () => {
  const query = `query($ws: ID!, $after: String, $name: String) { workspace(sid: $ws) { workers(first: 2, after: $after, friendlyName: $name) { nodes { sid friendlyName } pageInfo { endCursor } } } }`;
  const first = dataOf(await h.query(query, { ws: workspaceSid })).workspace.workers;
  const all = dataOf(await h.query(`query($ws: ID!) { workspace(sid: $ws) { workers(first: 50) { nodes { sid friendlyName } } } }`, { ws: workspaceSid })).workspace.workers.nodes;
  const later = all.slice(2).find((w: any) => !first.nodes.some((f: any) => f.sid === w.sid));
  const next = dataOf(await h.query(query, { ws: workspaceSid, after: first.pageInfo.endCursor, name: later.friendlyName })).workspace.workers;
  assert.deepEqual(next.nodes.map((w: any) => w.friendlyName), [later.friendlyName]);
  // Unchanged filters: the cursor continues the same list.
  const same = dataOf(await h.query(query, { ws: workspaceSid, after: first.pageInfo.endCursor })).workspace.workers;
  assert.deepEqual(same.nodes.map((w: any) => w.sid), all.slice(2, 4).map((w: any) => w.sid));
});

test('the nested chain costs one upstream call per distinct resource: no N+1, no refetch', async () => {
  await h.resetUpstreamCalls();
  const data = dataOf(
    await h.query(
      `query($ws: ID!) {
        a: workspace(sid: $ws) { friendlyName }
        workspace(sid: $ws) { workers(first: 12) { nodes { sid friendlyName
          reservations(first: 20) { nodes { sid worker { sid friendlyName } task { sid queue { sid friendlyName } } } } } } } }`,
      { ws: workspaceSid },
    ),
  );
  const workers = data.workspace.workers.nodes;
  const reservations = workers.flatMap((w: any) => w.reservations.nodes);
  const tasks = new Set(reservations.map((r: any) => r.task.sid));
  const queues = new Set(reservations.map((r: any) => r.task.queue.sid));
  assert.ok(reservations.length >= 4, "the demo has reservations to follow");
  const expected = 1 /* workspace, fetched once for both aliases */ + 1 /* workers page */ + workers.length /* one reservations list per worker */ + tasks.size + queues.size;
  const calls = await h.upstreamCalls();
  assert.equal(calls.total, expected, JSON.stringify(calls.byRoute));
  // `reservation.worker` came from the workers page already in hand.
  assert.equal(calls.byRoute['GET /taskrouter/v1/Workspaces/{WorkspaceSid}/Workers/{Sid}'] ?? 0, 0);
});

test('a link whose SID is null resolves to null without an upstream call', async () => {
  await h.resetUpstreamCalls();
  const data = dataOf(await h.query(`{ messages(first: 1) { nodes { messagingServiceSid messagingService { sid } } } }`));
  assert.deepEqual(data.messages.nodes[0], { messagingServiceSid: null, messagingService: null });
  assert.equal((await h.upstreamCalls()).total, 1);
});

test('a parent selected only for its children is not fetched: its SID is already known', async () => {
  // Twice: the second run executes the graphql-jit compiled query.
  let data: any;
  for (let run = 0; run < 2; run++) {
    await h.resetUpstreamCalls();
    data = dataOf(await h.query(`query($ws: ID!) { workspace(sid: $ws) { sid id workers(first: 3) { nodes { sid } } } }`, { ws: workspaceSid }));
    assert.equal(data.workspace.sid, workspaceSid);
    assert.equal(data.workspace.workers.nodes.length, 3);
    const calls = await h.upstreamCalls();
    assert.deepEqual(calls.byRoute, { 'GET /taskrouter/v1/Workspaces/{WorkspaceSid}/Workers': 1 });
  }
  // The id is the same one a fetched workspace gets, so node(id:) refetches it.
  const again = dataOf(await h.query(`query($id: ID!) { node(id: $id) { ... on Workspace { sid friendlyName } } }`, { id: data.workspace.id }));
  assert.deepEqual(again.node, { sid: workspaceSid, friendlyName: 'Demo Contact Center' });
});

test('selecting any other field of the parent fetches it', async () => {
  await h.resetUpstreamCalls();
  dataOf(await h.query(`query($ws: ID!) { workspace(sid: $ws) { friendlyName workers(first: 1) { nodes { sid } } } }`, { ws: workspaceSid }));
  assert.equal((await h.upstreamCalls()).total, 2);
});

test('a missing parent that was not fetched shows up as the child error', async () => {
  const response = await h.query(`{ workspace(sid: "WS00000000000000000000000000000000") { workers { nodes { sid } } } }`);
  // The walked-through parent stands; only its list, which is what Twilio refused, is null.
  assert.deepEqual(response.data?.workspace, { workers: null });
  assert.equal(response.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  assert.deepEqual(response.errors?.[0]?.path, ['workspace', 'workers']);
});

test("a fetched parent's lists start alongside its fetch, not after it", async () => {
  // With latency at the emulator, overlapping calls are visible as two requests in flight at once.
  const { startEmulator } = await import('../../src/emulator/index.js');
  const { startGateway } = await import('../../src/gateway/start.js');
  const emulator = await startEmulator({ port: 0, seed: 'demo', latencyMs: 50 });
  const gateway = await startGateway({ upstream: { kind: 'url', baseUrl: emulator.url }, port: 0 });
  try {
    const authorization = `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64')}`;
    const post = async (query: string, variables: Record<string, unknown> = {}) =>
      (await (await fetch(gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) })).json()) as any;
    const ws = (await post(`{ workspaces(first: 1) { nodes { sid } } }`)).data.workspaces.nodes[0].sid;
    await fetch(`${emulator.url}/__emulator/requests/reset`, { method: 'POST' });
    const result = await post(`query($ws: ID!) { workspace(sid: $ws) { friendlyName workers(first: 2) { nodes { sid } } } }`, { ws });
    assert.equal(result.data.workspace.friendlyName, 'Demo Contact Center');
    const counters = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as any;
    assert.equal(counters.total, 2);
    assert.equal(counters.maxInFlight, 2);
  } finally {
    await gateway.close();
    await emulator.close();
  }
});
