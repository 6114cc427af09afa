/**
 * What a Flex token may reach. Bearer requests run with the server's credentials, so no Flex token
 * (whatever its roles) may read a credential field or run a credential-minting mutation; an
 * agent-only token may run worker mutations for its own worker only. Every refusal is FORBIDDEN
 * before any upstream call, counted at the emulator. By default agents may not run mutations that name
 * a task rather than a worker (`updateReservation`, `updateTask`), which could act on anyone's work.
 * Nor may any Flex token reach another account with the server's credentials: a subaccount named in
 * an argument, a global id or an entity representation, or the subaccount list itself.
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

describe("agent-only tokens cannot act on other agents' tasks and reservations", () => {
  let workspaceSid: string;
  /** Two pending reservations of two different workers, with their tasks. */
  let alice: { worker: string; task: string; reservation: string };
  let bob: { worker: string; task: string; reservation: string };

  const rest = async (path: string) =>
    (await emulator(`/taskrouter/v1/Workspaces${path}`, { headers: { authorization: gateway.demoAuthorization! } })).json() as Promise<any>;
  const reservationStatus = async (r: { task: string; reservation: string }) =>
    (await rest(`/${workspaceSid}/Tasks/${r.task}/Reservations/${r.reservation}`)).reservation_status as string;

  before(async () => {
    workspaceSid = (await rest('?PageSize=1')).workspaces[0].sid;
    const pending: Array<{ worker: string; task: string; reservation: string }> = [];
    for (const task of (await rest(`/${workspaceSid}/Tasks?AssignmentStatus=reserved&PageSize=50`)).tasks) {
      for (const r of (await rest(`/${workspaceSid}/Tasks/${task.sid}/Reservations?ReservationStatus=pending`)).reservations) {
        if (!pending.some((p) => p.worker === r.worker_sid)) pending.push({ worker: r.worker_sid, task: task.sid, reservation: r.sid });
      }
    }
    assert.ok(pending.length >= 2, 'the demo data has pending reservations of two workers');
    [alice, bob] = pending as [typeof alice, typeof bob];
  });

  test("updateReservation and updateTask are not in the default list: FORBIDDEN, nothing sent, Bob's work unchanged", async () => {
    const agent = await token({ identity: 'alice-1', roles: ['agent'], worker_sid: alice.worker });
    const accept = `mutation { updateReservation(workspaceSid: "${workspaceSid}", taskSid: "${bob.task}", sid: "${bob.reservation}", input: { reservationStatus: COMPLETED }) { reservationStatus } }`;
    assert.match(await forbidden(accept, agent), /Flex agents may not run "updateReservation"/);
    const reprioritise = `mutation { updateTask(workspaceSid: "${workspaceSid}", sid: "${bob.task}", input: { priority: 99 }) { priority } }`;
    assert.match(await forbidden(reprioritise, agent), /Flex agents may not run "updateTask"/);
    assert.equal(await reservationStatus(bob), 'pending');
  });

  test("updateWorkerReservation through the agent's own worker reaches only that worker's reservations", async () => {
    const agent = await token({ identity: 'alice-2', roles: ['agent'], worker_sid: alice.worker });
    const update = (reservation: string) =>
      graphql(
        'mutation($ws: ID!, $w: ID!, $r: ID!) { updateWorkerReservation(workspaceSid: $ws, workerSid: $w, sid: $r, input: { reservationStatus: ACCEPTED }) { reservationStatus } }',
        agent,
        { ws: workspaceSid, w: alice.worker, r: reservation },
      );
    // Bob's reservation under Alice's worker is not a resource Twilio has.
    const foreign = await update(bob.reservation);
    assert.equal(foreign.body.errors?.[0]?.extensions?.['code'], 'NOT_FOUND', JSON.stringify(foreign.body));
    assert.equal(await reservationStatus(bob), 'pending');
    const own = await update(alice.reservation);
    assert.equal(own.body.errors, undefined, JSON.stringify(own.body.errors));
    assert.equal(own.body.data.updateWorkerReservation.reservationStatus, 'ACCEPTED');
  });

  test('an operator may add updateReservation (--agent-mutations); it is then not tied to the agent\'s worker, as documented', async () => {
    const wide = await startGateway({ upstream: { kind: 'embedded-emulator' }, port: 0, agentMutations: ['updateReservation'] });
    try {
      const wideRest = async (path: string, init: RequestInit = {}) =>
        (await fetch(`${wide.emulator!.url}${path}`, { ...init, headers: { authorization: wide.demoAuthorization!, ...init.headers } })).json() as Promise<any>;
      const ws = (await wideRest('/taskrouter/v1/Workspaces?PageSize=1')).workspaces[0].sid;
      const task = (await wideRest(`/taskrouter/v1/Workspaces/${ws}/Tasks?AssignmentStatus=reserved&PageSize=1`)).tasks[0].sid;
      const reservation = (await wideRest(`/taskrouter/v1/Workspaces/${ws}/Tasks/${task}/Reservations?ReservationStatus=pending`)).reservations[0];
      const minted = await wideRest('/__emulator/flex/tokens', { method: 'POST', body: JSON.stringify({ identity: 'other', roles: ['agent'], worker_sid: 'WK' + '0'.repeat(32) }) });
      const response = await fetch(wide.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${minted.token}` },
        body: JSON.stringify({ query: `mutation { updateReservation(workspaceSid: "${ws}", taskSid: "${task}", sid: "${reservation.sid}", input: { reservationStatus: ACCEPTED }) { reservationStatus } }` }),
      });
      const body = (await response.json()) as { data?: any; errors?: unknown };
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      assert.equal(body.data.updateReservation.reservationStatus, 'ACCEPTED');
    } finally {
      await wide.close();
    }
  });
});

describe('Flex tokens act on the server account only, never a subaccount', () => {
  let sub: { sid: string; friendly_name: string };
  let subCall: string;
  let own: string;

  const rest = async (path: string, init: RequestInit = {}) =>
    (await emulator(`/api/2010-04-01${path}`, { ...init, headers: { authorization: gateway.demoAuthorization!, ...init.headers } })).json() as Promise<any>;
  const form = (fields: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });

  before(async () => {
    own = gateway.emulator!.accountSid;
    sub = await rest('/Accounts.json', form({ FriendlyName: 'Subaccount of the Flex account' }));
    const call = await rest(`/Accounts/${sub.sid}/Calls.json`, form({ To: '+15551230001', From: '+15557654321', Url: 'https://example.com/twiml' }));
    subCall = call.sid;
    assert.match(subCall, /^CA/);
  });

  const nodeId = (...parts: string[]) => Buffer.from(parts.join(':')).toString('base64url');

  test('every way of naming a subaccount is FORBIDDEN before any call, for agents, supervisors and admins', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [`{ account(sid: "${sub.sid}") { sid calls(first: 1) { nodes { sid } } } }`, {}, /argument "sid" of Query\.account names another account/],
      ['query($a: ID) { account(sid: $a) { friendlyName } }', { a: sub.sid }, /argument "sid" of Query\.account/],
      [`mutation { updateAccount(sid: "${sub.sid}", input: { friendlyName: "taken over" }) { sid } }`, {}, /argument "sid" of Mutation\.updateAccount/],
      [`mutation { createMessage(accountSid: "${sub.sid}", input: { to: "+15551230001", from: "+15557654321", body: "hi" }) { sid } }`, {}, /argument "accountSid" of Mutation\.createMessage/],
      ['query($id: ID!) { node(id: $id) { ... on Call { status } } }', { id: nodeId('Call', sub.sid, subCall) }, /argument "id" of Query\.node/],
      ['query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { friendlyName } } }', { r: [{ __typename: 'Account', sid: sub.sid }] }, /argument "representations" of Query\._entities/],
      ['{ accounts(first: 5) { nodes { sid } } }', {}, /may not list or create subaccounts: "Query\.accounts"/],
      ['mutation { createAccount(input: { friendlyName: "another" }) { sid } }', {}, /"Mutation\.createAccount"/],
    ];
    for (const roles of [['agent'], ['supervisor'], ['admin']]) {
      const headers = await token({ identity: `scoped-${roles[0]}`, roles });
      for (const [query, variables, message] of cases) {
        // Agents are refused mutations outside their list anyway; the account rule comes first for every role.
        assert.match(await forbidden(query, headers, variables), message, `${roles[0]}: ${query}`);
      }
    }
    assert.equal((await rest(`/Accounts/${sub.sid}.json`)).friendly_name, sub.friendly_name);
  });

  test('a refusal points at the argument or the fields it is about', async () => {
    const admin = await token({ identity: 'located', roles: ['admin'] });
    const argument = await graphql(`{\n  account(sid: "${sub.sid}") { sid }\n}`, admin);
    assert.deepEqual(argument.body.errors?.[0] as unknown, { message: argument.body.errors![0]!.message, locations: [{ line: 2, column: 11 }], extensions: { code: 'FORBIDDEN' } });
    const fields = await graphql('{ a: accounts(first: 1) { nodes { sid } } b: accounts(first: 2) { nodes { sid } } }', admin);
    assert.deepEqual((fields.body.errors?.[0] as { locations?: unknown }).locations, [{ line: 1, column: 3 }, { line: 1, column: 43 }]);
  });

  test("the server's own account may be named, by argument, id or representation", async () => {
    const admin = await token({ identity: 'own-account', roles: ['admin'] });
    const answer = await graphql(
      'query($a: ID, $id: ID!, $r: [_Any!]!) { account(sid: $a) { sid } node(id: $id) { ... on Account { sid } } _entities(representations: $r) { ... on Account { sid } } }',
      admin,
      { a: own, id: nodeId('Account', own), r: [{ __typename: 'Account', sid: own }] },
    );
    assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
    assert.deepEqual(answer.body.data, { account: { sid: own }, node: { sid: own }, _entities: [{ sid: own }] });
  });

  test('account credentials still reach their subaccounts (the rule is for Flex tokens)', async () => {
    const answer = await graphql(`{ account(sid: "${sub.sid}") { friendlyName } accounts(first: 5) { nodes { sid } } }`, { authorization: gateway.demoAuthorization! });
    assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
    assert.equal(answer.body.data.account.friendlyName, sub.friendly_name);
  });
});
