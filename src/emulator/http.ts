/**
 * The HTTP face of the engine on node:http: product prefixes (`/taskrouter/v1/…`), Basic auth,
 * form/JSON bodies, Twilio-shaped errors, injected latency, request counters, fault injection and
 * Flex token minting plus the routes behaviours register (`Engine.addInternalRoute`) under
 * `/__emulator/`, and the Flex token-validation endpoint under `/iam/`.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Engine } from './engine.js';
import { EmulatorError, authError, invalidParam, methodNotAllowed, notFound } from './errors.js';
import { FaultInjector, type FaultRule } from './faults.js';
import { stringifyBody } from './json-text.js';
import { mintFromRequest, validateFlexToken } from './flex-tokens.js';
import { decodeForm, type Params } from './params.js';

/** Bodies above this size are refused. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Request counters by method + path template, and the most requests ever in flight at once. */
export class RequestCounters {
  total = 0;
  byRoute: Record<string, number> = {};
  /** Product requests being handled right now. */
  inFlight = 0;
  /** Highest {@link inFlight} since start or the last reset (checks client-side concurrency limits). */
  maxInFlight = 0;

  count(route: string | undefined): void {
    this.total++;
    if (route) this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  /** Marks a request as started; the returned function marks it finished (call it once). */
  enter(): () => void {
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    return () => {
      this.inFlight--;
    };
  }

  reset(): void {
    this.total = 0;
    this.byRoute = {};
    this.maxInFlight = this.inFlight;
  }

  /** The `GET /__emulator/requests` body. */
  toJSON(): { total: number; byRoute: Record<string, number>; inFlight: number; maxInFlight: number } {
    return { total: this.total, byRoute: this.byRoute, inFlight: this.inFlight, maxInFlight: this.maxInFlight };
  }
}

/** How the listener behaves. */
export interface HttpOptions {
  latencyMs: number;
  counters: RequestCounters;
  /** Fault rules for product requests; default: a fresh, empty set. */
  faults?: FaultInjector;
}

/** Path of the Flex token-validation endpoint under the `iam` product prefix. */
const TOKEN_VALIDATE = /^\/v1\/Accounts\/([^/]+)\/Tokens\/validate$/;
const TOKEN_VALIDATE_ROUTE = 'POST /iam/v1/Accounts/{AccountSid}/Tokens/validate';

/** How long a refused oversized body may keep arriving (read and dropped) before the connection is cut. */
const OVERSIZED_DRAIN_MS = 5000;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // After an oversized body the connection is not reused: the rest of that body is still arriving.
  const close = status === 413 ? { Connection: 'close' } : {};
  if (body === undefined) {
    res.writeHead(status, { ...headers, ...close });
    res.end();
    return;
  }
  const text = stringifyBody(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers, ...close });
  res.end(text);
}

function sendError(res: ServerResponse, err: EmulatorError): void {
  send(res, err.status, err.toBody(), err.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {});
}

/**
 * Reads a request body. Past {@link MAX_BODY_BYTES} it rejects with a 413 (which the caller
 * answers) and reads on without keeping anything, so the client, still sending, gets to read
 * that answer instead of a reset connection; a body still arriving after a grace period is cut off.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        refused = true;
        chunks.length = 0;
        const cut = setTimeout(() => req.destroy(), OVERSIZED_DRAIN_MS).unref();
        req.once('close', () => clearTimeout(cut));
        reject(new EmulatorError(413, 20001, `Request body too large: the limit is ${MAX_BODY_BYTES} bytes`));
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
  const faults = options.faults ?? new FaultInjector();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const queryText = q < 0 ? '' : url.slice(q + 1);
    const slash = path.indexOf('/', 1);
    const label = slash < 0 ? path.slice(1) : path.slice(1, slash);
    const rest = slash < 0 ? '' : path.slice(slash);
    const method = req.method ?? 'GET';

    if (label === '__emulator') return internal(method, rest, queryText, req, res, engine, options.counters, faults);
    const isIam = label === 'iam';
    if (!isIam && !engine.router.hasProduct(label)) {
      await readBody(req);
      return sendError(res, notFound(`The requested resource ${path} was not found`));
    }
    res.once('close', options.counters.enter());
    const fault = faults.take(method, path);
    if (fault !== undefined && fault.respond !== 'slow' && fault.respond !== 'malformed-json') {
      await readBody(req);
      options.counters.count(isIam ? iamRoute(method, rest) : routeOf(engine, label, method, rest));
      return injectFailure(res, fault);
    }

    let route: string | undefined;
    let result: { status: number; body: unknown; headers?: Record<string, string> };
    try {
      const text = await readBody(req);
      const { username, password } = basicCredentials(req.headers.authorization);
      const acting = engine.accounts.authenticate(username, password);
      const query = decodeForm(queryText, 'query string');
      const { body, json } = parseBody(text, req.headers['content-type']);
      if (isIam) {
        route = iamRoute(method, rest);
        result = validateTokenRoute(engine, acting, method, rest, json);
      } else {
        const origin = originOf(req, engine.baseUrl);
        // The result is serialized below at once, so list items may be shared between responses.
        const out = engine.handle({ acting, method, product: label, path: rest, query, body, json, origin, headers: req.headers, shareRendered: true });
        if (out.operation) route = `${out.operation.method} /${label}${out.operation.path}`;
        result = out;
      }
    } catch (err) {
      if (!(err instanceof EmulatorError)) throw err;
      route ??= isIam ? iamRoute(method, rest) : routeOf(engine, label, method, rest);
      result = { status: err.status, body: err.toBody() };
    }
    options.counters.count(route);
    if (options.latencyMs > 0) await sleep(options.latencyMs);
    if (fault?.respond === 'slow') await sleep(fault.delayMs);
    const headers: Record<string, string> = result.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : { ...result.headers };
    if (fault?.respond === 'malformed-json') return sendMalformed(res, result.status, result.body);
    send(res, result.status, result.body, headers);
  };

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, err instanceof EmulatorError ? err : new EmulatorError(500, 20500, 'Internal Server Error'));
      else res.destroy();
    });
  };
}

/** The counter key of a product request: method and path template, when the path is known. */
function routeOf(engine: Engine, label: string, method: string, rest: string): string | undefined {
  try {
    const op = engine.router.match(label, method, rest).bound.op;
    return `${op.method} /${label}${op.path}`;
  } catch {
    return undefined;
  }
}

function iamRoute(method: string, rest: string): string | undefined {
  return method === 'POST' && TOKEN_VALIDATE.test(rest) ? TOKEN_VALIDATE_ROUTE : undefined;
}

/** `POST /iam/v1/Accounts/{AccountSid}/Tokens/validate`: the caller must be able to reach the account. */
function validateTokenRoute(engine: Engine, acting: string, method: string, rest: string, json: unknown): { status: number; body: unknown } {
  const match = TOKEN_VALIDATE.exec(rest);
  if (!match) throw notFound(`The requested resource /iam${rest} was not found`);
  if (method !== 'POST') throw methodNotAllowed(method);
  const accountSid = engine.accounts.reach(acting, decodeURIComponent(match[1]!));
  return { status: 200, body: validateFlexToken(engine.accounts, accountSid, json) };
}

/** Answers a request with the failure its fault rule names, without handling it. */
function injectFailure(res: ServerResponse, fault: FaultRule): void {
  if (fault.respond === 'drop') {
    // Close the connection with no response at all, as a crashed proxy or a reset would.
    res.socket?.destroy();
    return;
  }
  const status = fault.respond as number;
  const error =
    status === 429
      ? new EmulatorError(429, 20429, 'Too Many Requests')
      : new EmulatorError(status, status === 503 ? 20503 : 20500, status === 503 ? 'Service Unavailable' : 'Internal Server Error');
  send(res, status, error.toBody(), fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) });
}

/** The real answer's status with a JSON body cut in half, so it cannot be parsed. */
function sendMalformed(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? {});
  const broken = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  res.writeHead(status === 204 ? 200 : status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(broken) });
  res.end(broken);
}

async function internal(
  method: string,
  rest: string,
  queryText: string,
  req: IncomingMessage,
  res: ServerResponse,
  engine: Engine,
  counters: RequestCounters,
  faults: FaultInjector,
): Promise<void> {
  const text = await readBody(req);
  if (method === 'GET' && rest === '/requests') return send(res, 200, counters.toJSON());
  if (method === 'POST' && rest === '/requests/reset') {
    counters.reset();
    return send(res, 200, counters.toJSON());
  }
  if (rest === '/faults') {
    if (method === 'GET') return send(res, 200, { rules: faults.list() });
    if (method === 'DELETE') {
      faults.clear();
      return send(res, 200, { rules: [] });
    }
    if (method === 'POST') return send(res, 201, { rules: faults.add(jsonBody(text)) });
  }
  if (method === 'POST' && rest === '/flex/tokens') {
    return send(res, 201, mintFromRequest(engine.accounts, engine.accountSid, jsonBody(text)));
  }
  const registered = engine.internalRoute(method, `/__emulator${rest}`);
  if (registered) {
    const { body, json } = parseBody(text, req.headers['content-type']);
    const out = await registered(decodeForm(queryText, 'query string'), json ?? body);
    return send(res, out.status, out.body);
  }
  sendError(res, notFound(`The requested resource /__emulator${rest} was not found`));
}

function jsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidParam('Malformed request body: expected JSON');
  }
}
