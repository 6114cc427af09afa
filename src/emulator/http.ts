/**
 * The HTTP face of the engine on node:http: product prefixes (`/taskrouter/v1/…`), Basic auth,
 * form/JSON bodies, Twilio-shaped errors, injected latency and request counters under `/__emulator/`.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Engine } from './engine.js';
import { EmulatorError, authError, invalidParam, notFound } from './errors.js';
import { decodeForm, type Params } from './params.js';

/** Bodies above this size are refused. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Request counters by method + path template, for tests and benchmarks. */
export class RequestCounters {
  total = 0;
  byRoute: Record<string, number> = {};

  count(route: string | undefined): void {
    this.total++;
    if (route) this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.byRoute = {};
  }
}

/** How the listener behaves. */
export interface HttpOptions {
  latencyMs: number;
  counters: RequestCounters;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, err: EmulatorError): void {
  send(res, err.status, err.toBody(), err.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {});
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new EmulatorError(413, 20001, 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses `Authorization: Basic …` into username and password; throws 401 when absent or malformed. */
function basicCredentials(header: string | undefined): { username: string; password: string } {
  const m = header ? /^Basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) throw authError('Authentication Error - No credentials provided');
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw authError('Authentication Error - invalid username or password');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Splits a body by content type: JSON (parsed) or form parameters. */
function parseBody(text: string, contentType: string | undefined): { body: Params; json?: unknown } {
  if (text.length === 0) return { body: {} };
  if (contentType && /application\/json/i.test(contentType)) {
    try {
      return { body: {}, json: JSON.parse(text) as unknown };
    } catch {
      throw invalidParam('Malformed request body: invalid JSON');
    }
  }
  return { body: decodeForm(text) };
}

function originOf(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host ? `http://${host}` : fallback;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The request listener serving the engine. */
export function createListener(engine: Engine, options: HttpOptions): RequestListener {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const queryText = q < 0 ? '' : url.slice(q + 1);
    const slash = path.indexOf('/', 1);
    const label = slash < 0 ? path.slice(1) : path.slice(1, slash);
    const rest = slash < 0 ? '' : path.slice(slash);
    const method = req.method ?? 'GET';

    if (label === '__emulator') return internal(method, rest, res, options.counters);
    if (!engine.router.hasProduct(label)) {
      await readBody(req);
      return sendError(res, notFound(`The requested resource ${path} was not found`));
    }

    let route: string | undefined;
    let result: { status: number; body: unknown };
    try {
      const text = await readBody(req);
      const { username, password } = basicCredentials(req.headers.authorization);
      const acting = engine.accounts.authenticate(username, password);
      const query = decodeForm(queryText, 'query string');
      const { body, json } = parseBody(text, req.headers['content-type']);
      const out = engine.handle({ acting, method, product: label, path: rest, query, body, json, origin: originOf(req, engine.baseUrl) });
      if (out.operation) route = `${out.operation.method} /${label}${out.operation.path}`;
      result = out;
    } catch (err) {
      if (!(err instanceof EmulatorError)) throw err;
      if (!route) {
        try {
          const op = engine.router.match(label, method, rest).bound.op;
          route = `${op.method} /${label}${op.path}`;
        } catch {
          route = undefined;
        }
      }
      result = { status: err.status, body: err.toBody() };
    }
    options.counters.count(route);
    if (options.latencyMs > 0) await sleep(options.latencyMs);
    send(res, result.status, result.body, result.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {});
  };

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, err instanceof EmulatorError ? err : new EmulatorError(500, 20500, 'Internal Server Error'));
      else res.destroy();
    });
  };
}

function internal(method: string, rest: string, res: ServerResponse, counters: RequestCounters): void {
  if (method === 'GET' && rest === '/requests') return send(res, 200, { total: counters.total, byRoute: counters.byRoute });
  if (method === 'POST' && rest === '/requests/reset') {
    counters.reset();
    return send(res, 200, { total: 0, byRoute: {} });
  }
  sendError(res, notFound(`The requested resource /__emulator${rest} was not found`));
}
