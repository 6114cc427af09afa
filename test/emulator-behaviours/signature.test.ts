import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { twilioSignature } from '../../src/emulator/behaviours/signature.js';
import { WebhookSender } from '../../src/emulator/behaviours/webhooks.js';
import { readBody } from './helpers.js';

const TOKEN = '12345abcdef12345abcdef12345abcde';

test('signature is accepted by twilio.validateRequest, including repeated keys', () => {
  const url = 'https://example.com/hook?x=1';
  const params = { To: '+15550001111', Body: 'héllo', Zeta: ['b', 'a', 'b'], alpha: 'lower' };
  const signature = twilioSignature(TOKEN, url, params);
  assert.ok(twilio.validateRequest(TOKEN, signature, url, params));
  assert.ok(!twilio.validateRequest('another-token', signature, url, params));
  assert.ok(!twilio.validateRequest(TOKEN, signature, url, { ...params, To: '+15550002222' }));
});

test('WebhookSender posts signed form bodies in order, and survives a dead receiver', async () => {
  const received: { signature: string; params: Record<string, string>; url: string }[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const params = Object.fromEntries(new URLSearchParams(body));
      received.push({ signature: String(req.headers['x-twilio-signature']), params, url: `http://${req.headers.host}${req.url}` });
      // The first request answers slowly: ordering must still hold.
      setTimeout(() => res.writeHead(204).end(), params.Step === '1' ? 50 : 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const logs: string[] = [];
  const sender = new WebhookSender({ timeoutMs: 2000, log: (line) => logs.push(line) });
  try {
    const url = `http://127.0.0.1:${port}/status?tag=a`;
    for (const step of ['1', '2', '3']) void sender.send({ url, params: { Step: step, Sid: 'SM1' }, authToken: TOKEN, orderKey: 'SM1' });
    // A receiver that is not listening: logged, not thrown.
    void sender.send({ url: 'http://127.0.0.1:1/nothing', params: {}, authToken: TOKEN });
    await sender.drain();
    assert.deepEqual(received.map((r) => r.params.Step), ['1', '2', '3']);
    for (const r of received) assert.ok(twilio.validateRequest(TOKEN, r.signature, r.url, r.params));
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /failed/);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
