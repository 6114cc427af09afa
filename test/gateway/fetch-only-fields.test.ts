/**
 * Twilio leaves Worker and Task `attributes` out of list reads. A worker seen in a list page is
 * reused for later links to it, unless the query reads what the list copy lacks.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startGateway, type RunningGateway } from '../../src/gateway/start.js';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const WS = 'WS0123456789abcdef0123456789abcdef';
const WK = 'WK0123456789abcdef0123456789abcdef';
const WR = 'WR0123456789abcdef0123456789abcdef';
const authorization = `Basic ${Buffer.from(`${ACCOUNT}:token`).toString('base64')}`;

let upstream: Server;
let gateway: RunningGateway;
const hits: string[] = [];

function worker(attributes: string | null) {
  return { sid: WK, workspace_sid: WS, account_sid: ACCOUNT, friendly_name: 'Alice', attributes };
}

before(async () => {
  // Answers as Twilio does: the list read leaves `attributes` null, the fetch fills it.
  upstream = createServer((req, res) => {
    const path = req.url!.split('?')[0]!;
    hits.push(path);
    const meta = (key: string) => ({ page: 0, page_size: 50, first_page_url: '', previous_page_url: null, next_page_url: null, url: '', key });
    const routes: Record<string, unknown> = {
      [`/taskrouter/v1/Workspaces/${WS}/Workers`]: { workers: [worker(null)], meta: meta('workers') },
      [`/taskrouter/v1/Workspaces/${WS}/Workers/${WK}`]: worker('{"skills":["billing"]}'),
      [`/taskrouter/v1/Workspaces/${WS}/Workers/${WK}/Reservations`]: {
        reservations: [{ sid: WR, workspace_sid: WS, worker_sid: WK, task_sid: null, account_sid: ACCOUNT }],
        meta: meta('reservations'),
      },
    };
    const body = routes[path];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { code: 20404, message: 'not found', status: 404 }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  gateway = await startGateway({ upstream: { kind: 'url', baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` }, port: 0 });
});

after(async () => {
  await gateway.close();
  await new Promise((resolve) => upstream.close(resolve));
});

async function query(text: string): Promise<any> {
  hits.length = 0;
  const response = await fetch(gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: text }) });
  const body = (await response.json()) as any;
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

const chain = (fields: string) =>
  `{ workspace(sid: "${WS}") { workers(first: 5) { nodes { sid reservations(first: 5) { nodes { worker { ${fields} } } } } } } }`;

test('a linked worker already listed is not fetched again when the query reads what the list gave', async () => {
  const data = await query(chain('friendlyName'));
  assert.equal(data.workspace.workers.nodes[0].reservations.nodes[0].worker.friendlyName, 'Alice');
  assert.deepEqual(hits.filter((h) => h.endsWith(WK)), []);
});

test('it is fetched when the query reads attributes, which Twilio leaves out of list reads', async () => {
  const data = await query(chain('friendlyName attributes'));
  assert.deepEqual(data.workspace.workers.nodes[0].reservations.nodes[0].worker.attributes, { skills: ['billing'] });
  assert.deepEqual(hits.filter((h) => h.endsWith(WK)), [`/taskrouter/v1/Workspaces/${WS}/Workers/${WK}`]);
});
