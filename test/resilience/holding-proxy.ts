/**
 * An HTTP proxy for tests, placed between the gateway and the emulator: it forwards every request
 * unchanged, except those matching a hold rule, which it keeps until the test releases them. Tests
 * can then assert what happens while a call is in flight without depending on how long anything
 * takes: a held request stays held until `release()`, however slow the machine.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a hold rule sees of a request. */
export interface HeldRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface HoldingProxy {
  /** Base URL to give the gateway as its upstream. */
  url: string;
  /** Where requests are forwarded (the emulator's base URL); set before the first request. */
  forwardTo(target: string): void;
  /** From now on, holds every request `match` accepts until {@link release}. */
  hold(match: (request: HeldRequest) => boolean): void;
  /** Requests held right now. */
  held(): number;
  /** Resolves once `count` requests are held at the same time. */
  whenHeld(count: number): Promise<void>;
  /** Stops holding and forwards the held requests. */
  release(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 and a random port. */
export async function startHoldingProxy(): Promise<HoldingProxy> {
  let target: URL | undefined;
  let match: ((request: HeldRequest) => boolean) | undefined;
  let waiting: Array<() => void> = [];
  const watchers: Array<{ count: number; resolve: () => void }> = [];
  const notify = () => {
    for (const watcher of [...watchers]) {
      if (waiting.length >= watcher.count) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  };

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    if (target === undefined) throw new Error('holding proxy: forwardTo() was not called');
    const upstream = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  };

  const server = createServer((incoming, outgoing) => {
    const seen = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers };
    if (match === undefined || !match(seen)) return forward(incoming, outgoing);
    // Paused until released: the body stays unread, so nothing reaches the emulator meanwhile.
    incoming.pause();
    waiting.push(() => {
      incoming.resume();
      forward(incoming, outgoing);
    });
    notify();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const release = () => {
    match = undefined;
    const released = waiting;
    waiting = [];
    for (const go of released) go();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    forwardTo(base) {
      target = new URL(base);
    },
    hold(rule) {
      match = rule;
    },
    held: () => waiting.length,
    whenHeld(count) {
      return new Promise((resolve) => {
        watchers.push({ count, resolve });
        notify();
      });
    },
    release,
    async close() {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
