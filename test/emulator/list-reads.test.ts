/**
 * List reads over HTTP share rendered items between responses (and splice in their remembered JSON
 * text); these tests hold that sharing to what a fresh render gives: every change shows at once,
 * URLs follow the origin the request came to, and the text is the same JSON an in-process read gets.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support.js';

/** GET with a chosen Host header, as a client reaching the emulator under another name would send. */
function getWithHost(t: TestEmulator, path: string, host: string): Promise<{ status: number; text: string }> {
  const url = new URL(t.emu.url + path);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { host, authorization: t.basic(t.emu.accountSid, t.emu.authToken) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('list reads', () => {
  let t: TestEmulator;
  let workers: string;
  let workerSid: string;
  before(async () => {
    t = await startTestEmulator();
    const ws = (await t.http('POST', '/taskrouter/v1/Workspaces', { FriendlyName: 'list reads' })).body;
    workers = `/taskrouter/v1/Workspaces/${ws.sid}/Workers`;
    workerSid = (await t.http('POST', workers, { FriendlyName: 'Ada', Attributes: '{"team":"a"}' })).body.sid;
    await t.http('POST', workers, { FriendlyName: 'Grace' });
  });
  after(async () => {
    await t.close();
  });

  test('a change through the API shows in the next list read', async () => {
    assert.equal((await t.http('GET', workers)).body.workers[0].friendly_name, 'Ada');
    assert.equal((await t.http('POST', `${workers}/${workerSid}`, { FriendlyName: 'Ada L.' })).status, 200);
    const after = (await t.http('GET', workers)).body.workers;
    assert.deepEqual(
      after.map((w: { friendly_name: string }) => w.friendly_name),
      ['Ada L.', 'Grace'],
    );
  });

  test('a change made by the emulator itself (store patch) shows in the next list read', async () => {
    await t.http('GET', workers);
    const record = t.emu.engine.store.find(t.emu.accountSid, 'taskrouter_v1:taskrouter.v1.workspace.worker', (r) => r.id === workerSid)[0]!;
    t.emu.engine.store.patch(record, { activity_name: 'Patched' });
    const listed = (await t.http('GET', workers)).body.workers.find((w: { sid: string }) => w.sid === workerSid);
    assert.equal(listed.activity_name, 'Patched');
  });

  test('absolute URLs follow the Host of each request, and fetch-only fields stay null in lists', async () => {
    const port = new URL(t.emu.url).port;
    const viaLocalhost = JSON.parse((await getWithHost(t, workers, `localhost:${port}`)).text);
    const viaIp = JSON.parse((await getWithHost(t, workers, `127.0.0.1:${port}`)).text);
    assert.ok(viaLocalhost.workers[0].url.startsWith(`http://localhost:${port}/taskrouter/`));
    assert.ok(viaIp.workers[0].url.startsWith(`http://127.0.0.1:${port}/taskrouter/`));
    assert.ok(viaLocalhost.meta.url.startsWith(`http://localhost:${port}/`));
    assert.equal(viaIp.workers[0].attributes, null);
    assert.equal((await t.http('GET', `${workers}/${workerSid}`)).body.attributes, '{"team":"a"}');
  });

  test('the HTTP text is the JSON an in-process read of the same page gives', async () => {
    const port = new URL(t.emu.url).port;
    const http = await getWithHost(t, `${workers}?PageSize=1`, `127.0.0.1:${port}`);
    assert.equal(http.status, 200);
    const inProcess = await t.emu.engine.dispatch({ accountSid: t.emu.accountSid, method: 'GET', product: 'taskrouter', path: workers.replace('/taskrouter', ''), params: { PageSize: '1' } });
    assert.equal(http.text, JSON.stringify(inProcess.body));
  });
});
