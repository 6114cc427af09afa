/**
 * Web pages cannot spend the server's credentials: a loopback gateway lends them to header-less
 * requests, and any page can make a browser send one (a plain cross-site GET needs no CORS). Such
 * requests carry `Origin` and/or `Sec-Fetch-Site`; unless those say the page is local (a loopback
 * origin) or the gateway's own, the request gets UNAUTHENTICATED and nothing reaches Twilio.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { GatewayConfig } from '../../src/gateway/start.js';
import { startHardened, type Hardened } from './harness.js';

const MESSAGES = '{ messages(first: 1) { nodes { sid } } }';

const serverCredentials = (emulator: RunningEmulator): Partial<GatewayConfig> => ({
  serverCredentials: {
    credential: { kind: 'basic', username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid },
    accountSid: emulator.accountSid,
  },
});

/** Sends `headers` (and no Authorization) and asserts an UNAUTHENTICATED refusal with no upstream call. */
async function refused(h: Hardened, send: (h: Hardened) => Promise<{ status: number; json: any }>): Promise<void> {
  const before = await h.upstreamTotal();
  const answer = await send(h);
  assert.equal(answer.status, 401, JSON.stringify(answer.json));
  assert.equal(answer.json.errors[0].extensions.code, 'UNAUTHENTICATED');
  assert.match(answer.json.errors[0].message, /never lent to a web page from another origin/);
  assert.equal(await h.upstreamTotal(), before, 'no upstream call');
}

describe('server credentials and cross-site requests (loopback listener)', () => {
  let h: Hardened;
  before(async () => (h = await startHardened(serverCredentials)));
  after(() => h.close());

  test('a cross-site GET from a page on evil.example is refused', async () => {
    await refused(h, (h) => h.get({ query: MESSAGES }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }));
  });

  test('either header alone is enough: Sec-Fetch-Site: cross-site, a foreign Origin, Origin: null', async () => {
    await refused(h, (h) => h.get({ query: MESSAGES }, { 'sec-fetch-site': 'cross-site' }));
    await refused(h, (h) => h.post({ query: MESSAGES }, { origin: 'https://evil.example' }));
    await refused(h, (h) => h.post({ query: MESSAGES }, { origin: 'null' }));
  });

  test('same-site without a local Origin is refused; a local page on another port is not', async () => {
    await refused(h, (h) => h.get({ query: MESSAGES }, { 'sec-fetch-site': 'same-site' }));
    await refused(h, (h) => h.get({ query: MESSAGES }, { 'sec-fetch-site': 'same-site', origin: 'http://intranet.example' }));
    const local = await h.post({ query: MESSAGES }, { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site' });
    assert.equal(local.status, 200, local.text);
  });

  test('a local page calling the gateway by another host name is cross-site to the browser, and refused (README)', async () => {
    // What a browser sends for a page on localhost:3000 calling 127.0.0.1: another site, whatever the Origin.
    await refused(h, (h) => h.post({ query: MESSAGES }, { origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' }));
  });

  test("clients that are not browsers, typed URLs and the gateway's own pages keep working", async () => {
    const cases: Array<Record<string, string>> = [{}, { 'sec-fetch-site': 'none' }, { 'sec-fetch-site': 'same-origin', origin: new URL(h.gateway.url).origin }];
    for (const headers of cases) {
      const answer = await h.post({ query: MESSAGES }, headers);
      assert.equal(answer.status, 200, `${JSON.stringify(headers)}: ${answer.text}`);
      assert.equal(answer.json.errors, undefined);
    }
  });

  test("a cross-site request with its own credentials is served (only the server's are withheld)", async () => {
    const answer = await h.get({ query: MESSAGES }, { authorization: h.authorization, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    assert.equal(answer.status, 200, answer.text);
  });

  test('introspection stays open to any page', async () => {
    const answer = await h.get({ query: '{ __typename }' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    assert.equal(answer.status, 200);
  });
});

describe('server credentials and cross-site requests (gateway token)', () => {
  let h: Hardened;
  before(async () => (h = await startHardened((emulator) => ({ ...serverCredentials(emulator), gatewayToken: 'gw-secret' }))));
  after(() => h.close());

  test('the gateway token does not unlock them for a foreign page either', async () => {
    await refused(h, (h) => h.post({ query: MESSAGES }, { 'x-gateway-token': 'gw-secret', origin: 'https://evil.example' }));
    const ok = await h.post({ query: MESSAGES }, { 'x-gateway-token': 'gw-secret' });
    assert.equal(ok.status, 200, ok.text);
  });
});
