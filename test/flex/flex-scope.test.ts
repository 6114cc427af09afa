/**
 * What a Flex token may reach. Bearer requests run with the server's credentials, so no Flex token
 * (whatever its roles) may read a credential field or run a credential-minting mutation; an
 * agent-only token may run worker mutations for its own worker only. Every refusal is FORBIDDEN
 * before any upstream call, counted at the emulator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGateway, type RunningGateway } from '../../src/gateway/start.js';

let gateway: RunningGateway;

interface Answer {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function graphql(query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const emulator = (path: string, init?: RequestInit) => fetch(`${gateway.emulator!.url}${path}`, init);
const upstreamTotal = async () => ((await (await emulator('/__emulator/requests')).json()) as { total: number }).total;

/** A minted token, already validated once (so the validation call is not counted later). */
async function token(claims: Record<string, unknown>): Promise<Record<string, string>> {
  const minted = await emulator('/__emulator/flex/tokens', { method: 'POST', body: JSON.stringify(claims) });
  const headers = { authorization: `Bearer ${((await minted.json()) as { token: string }).token}` };
  assert.equal((await graphql('{ workspaces(first: 1) { nodes { sid } } }', headers)).status, 200);
  return headers;
}

/** Asserts a FORBIDDEN refusal that made no upstream call, and returns its message. */
async function forbidden(query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}): Promise<string> {
  const before = await upstreamTotal();
  const answer = await graphql(query, headers, variables);
  assert.equal(answer.status, 403, JSON.stringify(answer.body));
  assert.equal(answer.body.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
  assert.equal(await upstreamTotal(), before, 'no upstream call');
  return answer.body.errors![0]!.message;
}

before(async () => {
  gateway = await startGateway({ upstream: { kind: 'embedded-emulator' }, port: 0 });
});
after(() => gateway.close());

describe('Flex tokens never reach credentials', () => {
  const ACCOUNT_TOKENS = (sid: string) => `{ account(sid: "${sid}") { authToken } accounts(first: 5) { nodes { sid authToken } } }`;

  test("an agent token cannot read the account's Auth Token, directly or in a list", async () => {
    const agent = await token({ identity: 'agent-a', roles: ['agent'] });
    const message = await forbidden(ACCOUNT_TOKENS(gateway.emulator!.accountSid), agent);
    assert.match(message, /"Account\.authToken"/);
    assert.ok(!message.includes(gateway.emulator!.accountSid));
  });

  test('neither can supervisors and admins, nor through fragments, node ids or variables', async () => {
    const sid = gateway.emulator!.accountSid;
    const nodeId = Buffer.from(`Account:${sid}`).toString('base64url');
    for (const roles of [['supervisor'], ['admin']]) {
      const headers = await token({ identity: `boss-${roles[0]}`, roles });
      await forbidden(ACCOUNT_TOKENS(sid), headers);
      await forbidden(`{ ...A } fragment A on Query { account(sid: "${sid}") { ... on Account { friendlyName authToken } } }`, headers);
      await forbidden(`query($id: ID!) { node(id: $id) { ... on Account { authToken } } }`, headers, { id: nodeId });
    }
  });

  test('credential-minting mutations are refused even when the secret is not selected', async () => {
    const admin = await token({ identity: 'admin-k', roles: ['admin'] });
    assert.match(await forbidden('mutation { createNewKey(input: { friendlyName: "flex" }) { sid } }', admin), /"Mutation\.createNewKey"/);
    assert.match(await forbidden('mutation { createNewSigningKey(input: { friendlyName: "flex" }) { sid secret } }', admin), /createNewSigningKey/);
    await forbidden('mutation { createSecondaryAuthToken { accountSid } }', admin);
  });

  test('account credentials still read them (the restriction is for Flex tokens only)', async () => {
    const answer = await graphql(`{ account(sid: "${gateway.emulator!.accountSid}") { authToken } }`, { authorization: gateway.demoAuthorization! });
    assert.equal(answer.status, 200);
    assert.equal(typeof answer.body.data.account.authToken, 'string');
  });

  test('other Account fields stay readable with a Flex token', async () => {
    const agent = await token({ identity: 'agent-b', roles: ['agent'] });
    const answer = await graphql(`{ account(sid: "${gateway.emulator!.accountSid}") { sid friendlyName } }`, agent);
    assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
    assert.equal(answer.body.data.account.sid, gateway.emulator!.accountSid);
  });
});

describe('agent-only tokens act on their own worker only', () => {
  let workspaceSid: string;
  let own: string;
  let other: string;
  let activitySid: string;

  before(async () => {
    const answer = await graphql(
      '{ workspaces(first: 1) { nodes { sid workers(first: 2) { nodes { sid } } activities(first: 1) { nodes { sid } } } } }',
      { authorization: gateway.demoAuthorization! },
    );
    const workspace = answer.body.data.workspaces.nodes[0];
    workspaceSid = workspace.sid;
    [own, other] = workspace.workers.nodes.map((w: { sid: string }) => w.sid);
    activitySid = workspace.activities.nodes[0].sid;
  });

  const UPDATE = 'mutation($ws: ID!, $sid: ID!, $a: ID) { updateWorker(workspaceSid: $ws, sid: $sid, input: { activitySid: $a }) { sid activitySid } }';

  test("updateWorker on the token's own worker runs", async () => {
    const agent = await token({ identity: 'own-1', roles: ['agent'], worker_sid: own });
    const answer = await graphql(UPDATE, agent, { ws: workspaceSid, sid: own, a: activitySid });
    assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
    assert.equal(answer.body.data.updateWorker.activitySid, activitySid);
  });

  test("updateWorker on another worker is FORBIDDEN, as a variable or a literal", async () => {
    const agent = await token({ identity: 'own-2', roles: ['agent'], worker_sid: own });
    assert.match(await forbidden(UPDATE, agent, { ws: workspaceSid, sid: other, a: activitySid }), /own worker: argument "sid" of Mutation\.updateWorker/);
    await forbidden(`mutation { updateWorker(workspaceSid: "${workspaceSid}", sid: "${other}", input: {}) { sid } }`, agent);
  });

  test("updateWorkerReservation under another worker is FORBIDDEN", async () => {
    const agent = await token({ identity: 'own-3', roles: ['agent'], worker_sid: own });
    const message = await forbidden(
      'mutation($ws: ID!, $w: ID!) { updateWorkerReservation(workspaceSid: $ws, workerSid: $w, sid: "WR00000000000000000000000000000000", input: {}) { sid } }',
      agent,
      { ws: workspaceSid, w: other },
    );
    assert.match(message, /argument "workerSid" of Mutation\.updateWorkerReservation/);
  });

  test('a token that names no worker may not run worker mutations at all', async () => {
    const agent = await token({ identity: 'own-4', roles: ['agent'] });
    assert.match(await forbidden(UPDATE, agent, { ws: workspaceSid, sid: own, a: activitySid }), /this token names none/);
  });

  test('supervisors may update any worker', async () => {
    const supervisor = await token({ identity: 'sup-1', roles: ['supervisor'], worker_sid: own });
    const answer = await graphql(UPDATE, supervisor, { ws: workspaceSid, sid: other, a: activitySid });
    assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
  });
});
