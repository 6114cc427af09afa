import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type Behaviours, type RunningEmulator } from '../../src/emulator/index.js';
import { assertSpecResponse } from '../emulator/support.js';

/**
 * A started emulator with instant lifecycles, its behaviours, and a small form-encoding client.
 * Every response the client sees is checked against the spec, as in the emulator's own tests
 * (test/emulator/support.ts): responses shaped by routing, lifecycles and Verify included.
 */
export interface TestEmulator {
  emulator: RunningEmulator;
  behaviours: Behaviours;
  get(path: string): Promise<Record<string, any>>;
  post(path: string, params: Record<string, string | string[]>): Promise<{ status: number; body: Record<string, any> }>;
  /** Any request, spec-checked like the others; `headers` beyond the credentials. */
  send(method: string, path: string, params?: Record<string, string | string[]>, headers?: Record<string, string>): Promise<SentResponse>;
  close(): Promise<void>;
}

/** What {@link TestEmulator.send} returns. */
export interface SentResponse {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * Starts one. `statusStepMs` (default 0: lifecycles run back to back) set high holds messages
 * and calls in their first status for as long as a test runs.
 */
export async function startTestEmulator(options: { seed?: 'demo' | 'none'; dataFile?: string; statusStepMs?: number } = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({
    port: 0,
    seed: options.seed ?? 'none',
    ...(options.dataFile ? { dataFile: options.dataFile } : {}),
    behaviourOptions: { statusStepMs: options.statusStepMs ?? 0, webhookTimeoutMs: 2000 },
  });
  const behaviours = emulator.behaviours;
  if (!behaviours) {
    await emulator.close();
    throw new Error('the default behaviours were not installed');
  }
  const auth = 'Basic ' + Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64');
  const send: TestEmulator['send'] = async (method, path, params, headers = {}) => {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(params ?? {})) for (const x of [v].flat()) form.append(k, x);
    const url = path.startsWith('http') ? path : emulator.url + path;
    const res = await fetch(url, {
      method,
      headers: { authorization: auth, ...(params ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
      ...(params ? { body: form.toString() } : {}),
    });
    const text = await res.text();
    const body: unknown = text.length > 0 ? JSON.parse(text) : undefined;
    assertSpecResponse(emulator.engine, method, url, res.status, body);
    return { status: res.status, headers: res.headers, body };
  };
  const get = async (path: string): Promise<Record<string, any>> => {
    const res = await send('GET', path);
    if (res.status >= 400) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, any>;
  };
  const post = async (path: string, params: Record<string, string | string[]>) => {
    const res = await send('POST', path, params);
    return { status: res.status, body: res.body as Record<string, any> };
  };
  return { emulator, behaviours, get, post, send, close: () => emulator.close() };
}

/** One webhook as the receiver saw it. */
export interface ReceivedHook {
  url: string;
  signature: string;
  params: Record<string, string>;
}

/** A local webhook receiver on a random port. */
export interface Receiver {
  url: string;
  received: ReceivedHook[];
  /** Resolves once `predicate` holds for the received hooks; rejects after `timeoutMs`. */
  waitFor(predicate: (hooks: ReceivedHook[]) => boolean, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

/** Reads a request body as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedHook[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      received.push({
        url: `http://${req.headers.host}${req.url}`,
        signature: String(req.headers['x-twilio-signature'] ?? ''),
        params: Object.fromEntries(new URLSearchParams(body)),
      });
      res.writeHead(204).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const waitFor = (predicate: (hooks: ReceivedHook[]) => boolean, timeoutMs = 5000): Promise<ReceivedHook[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; received ${JSON.stringify(received.map((r) => r.params))}`)), timeoutMs);
      const check = (): void => {
        if (predicate(received)) {
          clearTimeout(timer);
          resolve(received);
        } else waiters.push(check);
      };
      check();
    });
  return {
    url,
    received,
    waitFor,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
