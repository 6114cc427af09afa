/**
 * What Flex token validation may cost the server's account: nothing for operations that need no
 * credentials (introspection) or fail before execution, one call per invalid token within the
 * rejection TTL, and a bounded number of calls in flight however many made-up tokens arrive — so a
 * flood cannot take the account's concurrency from real users. Each validation a request makes is
 * an upstream call of that request (its log line counts it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHardened, type Hardened } from '../hardening/harness.js';
import { startHoldingProxy, type HoldingProxy } from '../resilience/holding-proxy.js';

const VALIDATE_ROUTE = 'POST /iam/v1/Accounts/{AccountSid}/Tokens/validate';
const WORKSPACES = '{ workspaces(first: 1) { nodes { sid } } }';

let h: Hardened;
let proxy: HoldingProxy;

async function mint(claims: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${h.emulator.url}/__emulator/flex/tokens`, { method: 'POST', body: JSON.stringify(claims) });
  return ((await response.json()) as { token: string }).token;
}

/** A token with a broken signature: shaped like a real one, refused by Twilio. */
async function forged(identity: string): Promise<string> {
  const [head, payload] = (await mint({ identity })).split('.');
  return `${head}.${payload}.${Buffer.from(`forged-${identity}`).toString('base64url')}`;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function counters(): Promise<{ total: number; byRoute: Record<string, number>; inFlight: number; maxInFlight: number }> {
  return (await (await fetch(`${h.emulator.url}/__emulator/requests`)).json()) as never;
}
const reset = () => fetch(`${h.emulator.url}/__emulator/requests/reset`, { method: 'POST' });
const validations = async () => (await counters()).byRoute[VALIDATE_ROUTE] ?? 0;

before(async () => {
  proxy = await startHoldingProxy();
  h = await startHardened((emulator) => {
    proxy.forwardTo(emulator.url);
    return {
      upstream: { kind: 'url', baseUrl: proxy.url },
      serverCredentials: {
        credential: { kind: 'basic', username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid },
        accountSid: emulator.accountSid,
      },
    };
  });
});
after(async () => {
  await h.close();
  await proxy.close();
});

describe('Flex token validation costs', () => {
  test('an introspection-only operation never validates the token', async () => {
    const token = await mint({ identity: 'intro', roles: ['agent'] });
    await reset();
    for (const query of ['{ __typename }', '{ __schema { queryType { name } } }']) {
      const answer = await h.post({ query }, bearer(token));
      assert.equal(answer.status, 200, answer.text);
    }
    assert.equal((await counters()).total, 0);
  });

  test('a request that fails validation (GraphQL) never validates the token', async () => {
    const token = await mint({ identity: 'invalid-doc', roles: ['agent'] });
    await reset();
    assert.equal((await h.post({ query: '{ nope }' }, bearer(token))).status, 400);
    assert.equal((await h.post({ query: '{ workspaces' }, bearer(token))).status, 400);
    assert.equal((await counters()).total, 0);
  });

  test('a request refused for its cost, its "first" or an argument never validates the token', async () => {
    const token = await mint({ identity: 'refused-early', roles: ['agent'] });
    await reset();
    const cases: Array<[string, string]> = [
      ['{ workspaces(first: 1000) { nodes { workers(first: 1) { nodes { sid } } } } }', 'QUERY_TOO_COMPLEX'],
      ['{ workspaces(first: 5000) { nodes { sid } } }', 'BAD_USER_INPUT'],
      ['{ workspace(sid: "not-a-workspace-sid") { sid } }', 'BAD_USER_INPUT'],
    ];
    for (const [query, code] of cases) {
      const answer = await h.post({ query }, bearer(token));
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.json.errors[0].extensions.code, code);
    }
    assert.equal((await counters()).total, 0, 'no validation call, no product call');
  });

  test('an invalid token is asked about once, then refused from the cache', async () => {
    const token = await forged('negative');
    await reset();
    for (let i = 0; i < 3; i++) {
      const answer = await h.post({ query: WORKSPACES }, bearer(token));
      assert.equal(answer.status, 401);
      assert.match(answer.json.errors[0].message, /signature/i);
    }
    assert.equal(await validations(), 1);
    assert.equal((await counters()).total, 1, 'no product call either');
  });

  test('a flood of made-up tokens has a bounded number of validations in flight; real users go on', async () => {
    const real = await mint({ identity: 'real-user', roles: ['supervisor'] });
    assert.equal((await h.post({ query: WORKSPACES }, bearer(real))).status, 200, 'validated and cached');
    const flood = await Promise.all(Array.from({ length: 60 }, (_, i) => forged(`flood-${i}`)));
    await reset();
    // Validations are held until released: whatever the machine's speed, they are in flight meanwhile.
    proxy.hold((request) => request.path.startsWith('/iam/'));
    const settled: Array<{ status: number; json: any }> = [];
    let onSettled = () => {};
    const floodAnswers = Promise.all(
      flood.map(async (token) => {
        const answer = await h.post({ query: WORKSPACES }, bearer(token));
        settled.push(answer);
        onSettled();
        return answer;
      }),
    );
    try {
      await proxy.whenHeld(4);
      // 4 validating and 32 waiting: the other 24 are refused at once, without waiting for any validation.
      await new Promise<void>((resolve) => {
        onSettled = () => settled.length >= 24 && resolve();
        onSettled();
      });
      assert.equal(settled.length, 24);
      for (const answer of settled) {
        assert.equal(answer.status, 401);
        assert.match(answer.json.errors[0].message, /Too many Flex tokens are being verified/);
      }
      const realAnswer = await h.post({ query: WORKSPACES }, bearer(real));
      assert.equal(realAnswer.status, 200, realAnswer.text);
      assert.equal(proxy.held(), 4, "the real user was answered while the flood's 4 validations were in flight");
    } finally {
      proxy.release();
    }
    const answers = await floodAnswers;
    for (const answer of answers) assert.equal(answer.status, 401);
    const seen = await counters();
    assert.equal(seen.byRoute[VALIDATE_ROUTE], 4 + 32, 'the held 4, then the 32 that waited');
    assert.ok(seen.maxInFlight <= 4 + 1, `at most 4 validations (and the real user's call) in flight, saw ${seen.maxInFlight}`);
  });

  test("the validation call is counted in the request's log line", async () => {
    const token = await mint({ identity: 'logged', roles: ['admin'] });
    h.logs.length = 0;
    assert.equal((await h.post({ query: 'query Logged { workspaces(first: 1) { nodes { sid } } }' }, bearer(token))).status, 200);
    assert.equal((await h.post({ query: 'query Logged { workspaces(first: 1) { nodes { sid } } }' }, bearer(token))).status, 200);
    const lines = h.logs.map((line) => JSON.parse(line)).filter((line) => line.operationName === 'Logged');
    assert.deepEqual(lines.map((line) => line.upstreamCalls), [2, 1], 'validation + list, then the list alone');
  });
});
