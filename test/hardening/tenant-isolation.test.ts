/**
 * Tenant isolation through one gateway: many interleaved concurrent requests from four accounts
 * (the main account and three subaccounts, with Auth Tokens and an API key) each see only their
 * own account's data, and identical queries sent at the same moment with different credentials
 * never share a result.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { basic, startHardened, type Hardened } from './harness.js';
import { createApiKey, createTenants, type Tenant } from './tenants.js';

const QUERY = `query Mine { account { sid friendlyName } workspaces(first: 50) { nodes { sid friendlyName } } }`;

interface Caller {
  accountSid: string;
  label: string;
  headers: Record<string, string>;
  /** The account's own workspace names, as the emulator lists them to that account. */
  workspaces: string[];
}

describe('tenant isolation', () => {
  let h: Hardened;
  let tenants: Tenant[];
  let callers: Caller[];

  before(async () => {
    h = await startHardened();
    tenants = await createTenants(h, 3);
    const key = await createApiKey(h, tenants[2]!.accountSid, tenants[2]!.authorization);
    const main = (await h.rest('/taskrouter/v1/Workspaces?PageSize=50')).workspaces.map((w: { friendly_name: string }) => w.friendly_name);
    callers = [
      { accountSid: h.emulator.accountSid, label: 'main account', headers: { authorization: h.authorization }, workspaces: main },
      ...tenants.map((t) => ({ accountSid: t.accountSid, label: t.friendlyName, headers: { authorization: t.authorization }, workspaces: [t.workspaceName] })),
      {
        accountSid: tenants[2]!.accountSid,
        label: `${tenants[2]!.friendlyName} via API key`,
        headers: { authorization: basic(key.sid, key.secret), 'x-twilio-account-sid': tenants[2]!.accountSid },
        workspaces: [tenants[2]!.workspaceName],
      },
    ];
  });
  after(() => h.close());

  /** Asserts the answer carries the caller's account and workspaces, and nothing of anyone else's. */
  function assertOwn(caller: Caller, json: any): void {
    assert.equal(json.errors, undefined, `${caller.label}: ${JSON.stringify(json.errors)}`);
    assert.equal(json.data.account.sid, caller.accountSid, caller.label);
    const names = json.data.workspaces.nodes.map((w: { friendlyName: string }) => w.friendlyName).sort();
    assert.deepEqual(names, [...caller.workspaces].sort(), caller.label);
    const text = JSON.stringify(json);
    for (const other of callers) {
      if (other.accountSid === caller.accountSid) continue;
      assert.ok(!text.includes(other.accountSid), `${caller.label} sees nothing of ${other.label}`);
    }
  }

  test('the tenants differ on the emulator (the test would prove nothing otherwise)', () => {
    assert.equal(new Set(callers.map((c) => c.accountSid)).size, 4);
    for (const t of tenants) assert.ok(!callers[0]!.workspaces.includes(t.workspaceName));
  });

  test('160 interleaved concurrent requests from four accounts each see only their own data', async () => {
    const order = Array.from({ length: 160 }, (_, i) => callers[(i * 7) % callers.length]!);
    const answers = await Promise.all(order.map((caller) => h.post({ query: QUERY, operationName: 'Mine' }, caller.headers)));
    answers.forEach((answer, i) => {
      assert.equal(answer.status, 200);
      assertOwn(order[i]!, answer.json);
    });
  });

  test('identical queries at the same moment with different credentials never share a result', async () => {
    for (let round = 0; round < 10; round++) {
      const pair = [callers[round % 4]!, callers[(round + 1) % 4]!];
      const answers = await Promise.all(pair.map((caller) => h.post({ query: QUERY, operationName: 'Mine' }, caller.headers)));
      answers.forEach((answer, i) => assertOwn(pair[i]!, answer.json));
      assert.notEqual(answers[0]!.json.data.account.sid, answers[1]!.json.data.account.sid);
    }
  });

  test('nested objects fetched through links stay in the caller’s account', async () => {
    const query = '{ workspaces(first: 5) { nodes { friendlyName workers(first: 5) { nodes { sid } } activities(first: 5) { nodes { sid friendlyName } } } } }';
    const answers = await Promise.all(callers.slice(1, 4).flatMap((caller) => [caller, caller]).map((caller) => h.post({ query }, caller.headers)));
    answers.forEach((answer, i) => {
      const caller = callers.slice(1, 4)[Math.floor(i / 2)]!;
      assert.equal(answer.json.errors, undefined);
      assert.deepEqual(answer.json.data.workspaces.nodes.map((w: { friendlyName: string }) => w.friendlyName), caller.workspaces);
    });
  });

  test('X-Twilio-Account-Sid selects the account of 2010 paths only; product APIs act on the credential\'s own account (as documented)', async () => {
    const sub = tenants[0]!;
    const answer = await h.post({ query: QUERY }, { authorization: h.authorization, 'x-twilio-account-sid': sub.accountSid });
    assert.equal(answer.json.errors, undefined, answer.text);
    assert.equal(answer.json.data.account.sid, sub.accountSid, 'the 2010 API follows the header');
    const names = answer.json.data.workspaces.nodes.map((w: { friendlyName: string }) => w.friendlyName).sort();
    assert.deepEqual(names, [...callers[0]!.workspaces].sort(), "TaskRouter lists the main account's workspaces");
  });

  test("a subaccount's token cannot reach a sibling subaccount through X-Twilio-Account-Sid", async () => {
    const [a, b] = tenants;
    const answer = await h.post({ query: QUERY }, { authorization: a!.authorization, 'x-twilio-account-sid': b!.accountSid });
    assert.equal(answer.json.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    assert.ok(!answer.text.includes(b!.workspaceName));
  });
});
