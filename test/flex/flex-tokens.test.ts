/**
 * Flex tokens end to end: the emulator mints and validates them; the gateway accepts
 * `Authorization: Bearer <token>`, validates it once per token (cached), acts with the server's
 * credentials, refuses invalid/expired/forged tokens, and holds agent-only tokens to the mutation
 * allow-list before any upstream call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGateway, type RunningGateway } from '../../src/gateway/start.js';

interface Counters {
  total: number;
  byRoute: Record<string, number>;
}

const VALIDATE_ROUTE = 'POST /iam/v1/Accounts/{AccountSid}/Tokens/validate';
const WORKSPACES = '{ workspaces(first: 1) { nodes { sid friendlyName } } }';

let gateway: RunningGateway;
let emulatorUrl: string;
let accountSid: string;

async function mint(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${emulatorUrl}/__emulator/flex/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201);
  return ((await response.json()) as { token: string }).token;
}

async function graphql(query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}) {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: any }> } };
}

async function counters(): Promise<Counters> {
  return (await (await fetch(`${emulatorUrl}/__emulator/requests`)).json()) as Counters;
}

async function resetCounters(): Promise<void> {
  await fetch(`${emulatorUrl}/__emulator/requests/reset`, { method: 'POST' });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

before(async () => {
  gateway = await startGateway({ upstream: { kind: 'embedded-emulator' }, port: 0 });
  emulatorUrl = gateway.emulator!.url;
  accountSid = gateway.emulator!.accountSid;
});
after(() => gateway.close());

describe('emulator: Flex token validation endpoint', () => {
  const validate = (token: string, authorization = gateway.demoAuthorization!) =>
    fetch(`${emulatorUrl}/iam/v1/Accounts/${accountSid}/Tokens/validate`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', 'cache-control': 'no-cache' },
      body: JSON.stringify({ token }),
    });

  test('a minted token validates with identity, roles, worker and expiration', async () => {
    const worker = 'WK' + 'a'.repeat(32);
    const token = await mint({ identity: 'alice', roles: ['agent'], worker_sid: worker, ttl: 600 });
    const response = await validate(token);
    assert.equal(response.status, 200);
    const result = (await response.json()) as Record<string, unknown>;
    assert.equal(result['valid'], true);
    assert.equal(result['code'], 0);
    assert.equal(result['identity'], 'alice');
    assert.deepEqual(result['roles'], ['agent']);
    assert.equal(result['worker_sid'], worker);
    assert.match(String(result['realm_user_id']), /^US[0-9a-f]{32}$/);
    assert.ok(Date.parse(String(result['expiration'])) > Date.now());
  });

  test('forged, expired and malformed tokens are answered valid:false with a code', async () => {
    const token = await mint({ identity: 'bob' });
    const [head, payload] = token.split('.');
    const forged = `${head}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const expired = await mint({ identity: 'bob', ttl: -60 });
    for (const [candidate, code] of [[forged, 20107], [expired, 20104], ['abc', 20101]] as const) {
      const result = (await (await validate(candidate)).json()) as Record<string, unknown>;
      assert.equal(result['valid'], false);
      assert.equal(result['code'], code);
      assert.equal(typeof result['message'], 'string');
    }
  });

  test('the endpoint needs credentials that reach the account', async () => {
    const token = await mint({ identity: 'carol' });
    const response = await validate(token, `Basic ${Buffer.from(`${accountSid}:wrong-token`).toString('base64')}`);
    assert.equal(response.status, 401);
  });

  test('minting refuses bad input with a 400', async () => {
    for (const body of [{}, { identity: 'x', roles: 'agent' }, { identity: 'x', worker_sid: 'WK1' }, { identity: 'x', ttl: 10 ** 9 }]) {
      const response = await fetch(`${emulatorUrl}/__emulator/flex/tokens`, { method: 'POST', body: JSON.stringify(body) });
      assert.equal(response.status, 400, JSON.stringify(body));
    }
  });
});

describe('gateway: Authorization: Bearer <Flex token>', () => {
  test('a valid token runs queries with the server account, validated once and then cached', async () => {
    const token = await mint({ identity: 'dana', roles: ['supervisor'] });
    await resetCounters();
    const first = await graphql(WORKSPACES, bearer(token));
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.match(first.body.data.workspaces.nodes[0].sid, /^WS/);
    const second = await graphql(WORKSPACES, bearer(token));
    assert.deepEqual(second.body.data, first.body.data);
    const seen = await counters();
    assert.equal(seen.byRoute[VALIDATE_ROUTE], 1);
    assert.equal(seen.byRoute['GET /taskrouter/v1/Workspaces'], 2);
  });

  test('concurrent requests with a new token share one validation call', async () => {
    const token = await mint({ identity: 'erin', roles: ['admin'] });
    await resetCounters();
    const results = await Promise.all(Array.from({ length: 8 }, () => graphql(WORKSPACES, bearer(token))));
    for (const result of results) assert.equal(result.status, 200);
    assert.equal((await counters()).byRoute[VALIDATE_ROUTE], 1);
  });

  const refusals: Array<[string, () => Promise<string>, RegExp]> = [
    ['expired', () => mint({ identity: 'frank', ttl: -5 }), /expired/i],
    [
      'forged (signature)',
      async () => {
        const [head, payload] = (await mint({ identity: 'frank' })).split('.');
        return `${head}.${payload}.${Buffer.from('forged').toString('base64url')}`;
      },
      /signature/i,
    ],
    [
      'forged (claims changed after signing)',
      async () => {
        const [head, payload, signature] = (await mint({ identity: 'frank', roles: ['agent'] })).split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
        claims.grants.flex.roles = ['admin'];
        return `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      },
      /signature/i,
    ],
  ];
  for (const [name, make, pattern] of refusals) {
    test(`${name} token: UNAUTHENTICATED, no product call`, async () => {
      const token = await make();
      await resetCounters();
      const result = await graphql(WORKSPACES, bearer(token));
      assert.equal(result.status, 401);
      assert.equal(result.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
      assert.match(result.body.errors![0]!.message, pattern);
      assert.ok(!result.body.errors![0]!.message.includes(token), 'the token is never echoed');
      const seen = await counters();
      assert.equal(seen.total, seen.byRoute[VALIDATE_ROUTE] ?? 0, 'only the validation call was made');
    });
  }

  test('a value that is not a token is refused without calling Twilio', async () => {
    await resetCounters();
    const result = await graphql(WORKSPACES, bearer('not a token'));
    assert.equal(result.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    assert.equal((await counters()).total, 0);
  });

  test('a token cannot be steered to another account with X-Twilio-Account-Sid', async () => {
    const token = await mint({ identity: 'gina', roles: ['admin'] });
    const result = await graphql(WORKSPACES, { ...bearer(token), 'x-twilio-account-sid': 'AC' + 'f'.repeat(32) });
    assert.equal(result.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    assert.match(result.body.errors![0]!.message, /X-Twilio-Account-Sid/);
  });
});

describe('gateway: agent-only tokens and the mutation allow-list', () => {
  let workspaceSid: string;
  let workerSid: string;
  let activitySid: string;

  before(async () => {
    const result = await graphql(
      '{ workspaces(first: 1) { nodes { sid workers(first: 1) { nodes { sid } } activities(first: 5) { nodes { sid friendlyName } } } } }',
      { authorization: gateway.demoAuthorization! },
    );
    const workspace = result.body.data.workspaces.nodes[0];
    workspaceSid = workspace.sid;
    workerSid = workspace.workers.nodes[0].sid;
    activitySid = workspace.activities.nodes[0].sid;
  });

  const UPDATE_WORKER = `mutation ($ws: ID!, $sid: ID!, $activity: ID) {
    updateWorker(workspaceSid: $ws, sid: $sid, input: { activitySid: $activity }) { sid activitySid } }`;
  const RENAME_WORKSPACE = `mutation Rename($ws: ID!) { updateWorkspace(sid: $ws, input: { friendlyName: "renamed by agent" }) { sid } }`;

  test('an agent may change a worker activity (allow-listed)', async () => {
    const token = await mint({ identity: 'hank', roles: ['agent'], worker_sid: workerSid });
    const result = await graphql(UPDATE_WORKER, bearer(token), { ws: workspaceSid, sid: workerSid, activity: activitySid });
    assert.equal(result.body.errors, undefined, JSON.stringify(result.body.errors));
    assert.equal(result.body.data.updateWorker.activitySid, activitySid);
  });

  test('an agent may not run other mutations: FORBIDDEN before any upstream call', async () => {
    const token = await mint({ identity: 'ivy', roles: ['agent'] });
    await graphql(WORKSPACES, bearer(token)); // validates (and caches) the token
    await resetCounters();
    const result = await graphql(RENAME_WORKSPACE, bearer(token), { ws: workspaceSid });
    assert.equal(result.status, 403);
    assert.equal(result.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.match(result.body.errors![0]!.message, /"updateWorkspace"/);
    assert.equal((await counters()).total, 0);
  });

  test('an allowed and a refused field together (also through a fragment) are refused as a whole', async () => {
    const token = await mint({ identity: 'jay', roles: ['agent'] });
    await graphql(WORKSPACES, bearer(token));
    await resetCounters();
    const result = await graphql(
      `mutation ($ws: ID!, $sid: ID!) { ...F updateWorker(workspaceSid: $ws, sid: $sid, input: {}) { sid } }
       fragment F on Mutation { deleteWorker(workspaceSid: $ws, sid: $sid) }`,
      bearer(token),
      { ws: workspaceSid, sid: workerSid },
    );
    assert.equal(result.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.match(result.body.errors![0]!.message, /"deleteWorker"/);
    assert.equal((await counters()).total, 0);
  });

  test('tokens without roles are held to the allow-list too; supervisors and admins are not', async () => {
    const none = await mint({ identity: 'kim', roles: [] });
    assert.equal((await graphql(RENAME_WORKSPACE, bearer(none), { ws: workspaceSid })).body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    for (const roles of [['supervisor'], ['agent', 'admin']]) {
      const token = await mint({ identity: 'lee', roles });
      const result = await graphql(RENAME_WORKSPACE, bearer(token), { ws: workspaceSid });
      assert.equal(result.body.errors, undefined, JSON.stringify(result.body.errors));
      assert.equal(result.body.data.updateWorkspace.sid, workspaceSid);
    }
  });

  test('agents may run queries of any kind', async () => {
    const token = await mint({ identity: 'mo', roles: ['agent'] });
    const result = await graphql(WORKSPACES, bearer(token));
    assert.equal(result.body.errors, undefined);
  });
});

describe('gateway: configured allow-list', () => {
  test('--agent-mutations replaces the default list', async () => {
    const custom = await startGateway({ upstream: { kind: 'embedded-emulator' }, port: 0, agentMutations: ['updateWorkspace'] });
    try {
      const url = custom.emulator!.url;
      const minted = await fetch(`${url}/__emulator/flex/tokens`, { method: 'POST', body: JSON.stringify({ identity: 'nia', roles: ['agent'] }) });
      const { token } = (await minted.json()) as { token: string };
      const call = async (query: string) =>
        (await fetch(custom.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify({ query }) })).json() as Promise<{
          errors?: Array<{ extensions?: { code?: string } }>;
        }>;
      const refused = await call('mutation { updateWorker(workspaceSid: "WS00000000000000000000000000000000", sid: "WK00000000000000000000000000000000", input: {}) { sid } }');
      assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN');
      const allowed = await call('mutation { updateWorkspace(sid: "WS00000000000000000000000000000000", input: {}) { sid } }');
      assert.notEqual(allowed.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    } finally {
      await custom.close();
    }
  });

  test('an allow-list naming no Mutation field stops the gateway from starting', async () => {
    await assert.rejects(startGateway({ upstream: { kind: 'embedded-emulator' }, port: 0, agentMutations: ['updateWorkerz'] }), /"updateWorkerz" is not a field/);
  });

  test('without server credentials, Bearer is refused with a clear message', async () => {
    const bare = await startGateway({ upstream: { kind: 'url', baseUrl: emulatorUrl }, port: 0 });
    try {
      const response = await fetch(bare.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(await mint({ identity: 'oz' })) },
        body: JSON.stringify({ query: WORKSPACES }),
      });
      const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      assert.equal(body.errors[0]!.extensions.code, 'UNAUTHENTICATED');
      assert.match(body.errors[0]!.message, /need the gateway to be configured/);
    } finally {
      await bare.close();
    }
  });
});
