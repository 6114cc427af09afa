/** A tiny scripted HTTP server on 127.0.0.1 for the Twilio client tests: records requests, counts concurrency. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request arrived. */
  at: number;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string, index: number) => void;

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: Recorded[];
  /** Highest number of requests in flight at once. */
  maxInFlight: number;
  /** Highest number in flight at once per Authorization header. */
  maxInFlightByAuth: Map<string, number>;
  handler: Handler;
  close(): Promise<void>;
}

/** Starts a server on a random port; `handler` may be swapped later through the returned object. */
export async function startServer(handler: Handler): Promise<TestServer> {
  let inFlight = 0;
  const inFlightByAuth = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const auth = req.headers.authorization ?? '';
      inFlight++;
      const authCount = (inFlightByAuth.get(auth) ?? 0) + 1;
      inFlightByAuth.set(auth, authCount);
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      state.maxInFlightByAuth.set(auth, Math.max(state.maxInFlightByAuth.get(auth) ?? 0, authCount));
      res.on('close', () => {
        inFlight--;
        inFlightByAuth.set(auth, (inFlightByAuth.get(auth) ?? 1) - 1);
      });
      const body = Buffer.concat(chunks).toString('utf8');
      const index = state.requests.length;
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at: Date.now() });
      state.handler(req, res, body, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state: TestServer = {
    url: `http://127.0.0.1:${port}`,
    requests: [],
    maxInFlight: 0,
    maxInFlightByAuth: new Map(),
    handler,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}

/** Writes a JSON response. */
export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
