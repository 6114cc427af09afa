/**
 * The Twilio REST client: one undici Agent (a keep-alive pool per origin), Twilio's wire encoding,
 * retries for GETs only, a per-account concurrency limiter (for credentials Twilio has accepted),
 * upstream timeouts and a circuit breaker per account and product host. It knows nothing of GraphQL.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { basicAuthorization, USER_AGENT } from './auth.js';
import { CircuitBreaker, type CircuitOutcome } from './circuit.js';
import { encodeForm, isFormFields } from './encoding.js';
import { errorFromResponse, TwilioApiError, UpstreamUnavailableError, type UnavailableReason } from './errors.js';
import { HostResolver, type HostOptions } from './hosts.js';
import { KeyedLimiter, LimiterRejection, type Release } from './limiter.js';
import { resolvePageLink } from './links.js';
import { CredentialTrust, type CallAccount } from './trust.js';
import { assertSafePath } from './paths.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry.js';
import type {
  CallOptions,
  Credential,
  HttpMethod,
  UpstreamEvent,
  UpstreamRequest,
  UpstreamResponse,
} from './types.js';

/**
 * Client options. Every limit has a default chosen for a gateway serving interactive GraphQL
 * requests; pass a `deadline` per call to bound the total time of one call.
 */
export interface TwilioClientOptions extends HostOptions {
  /** Total attempts for a GET, first one included. Default 4. Non-GETs always get exactly one. */
  maxAttempts?: number;
  /** Backoff cap of the first retry, doubling per retry (full jitter). Default 100 ms. */
  retryBaseDelayMs?: number;
  /** Upper bound of a computed backoff delay. Default 3000 ms. */
  retryMaxDelayMs?: number;
  /** Longest `Retry-After` the client will wait; a longer one ends the call with the 429/503. Default 10 000 ms. */
  maxRetryAfterMs?: number;
  /**
   * Concurrent upstream calls per account SID. Default 25, well under Twilio's per-account
   * concurrency. A call's account is the one its 2010 path names, else the credential's username
   * (an API key's product-host calls count against the key: its account is not known here).
   */
  maxConcurrentPerAccount?: number;
  /** Calls that may wait for a slot per account before new ones are refused. Default 1000. */
  maxQueuedPerAccount?: number;
  /**
   * Calls of a credential Twilio has not accepted yet for the call's account that may wait, beyond
   * the one in flight: such a credential only claims that account, so until Twilio has accepted it
   * (see trust.ts) it gets a queue of its own, one call at a time, and never a slot of the account's
   * limiter. Default 100.
   */
  maxQueuedUnverified?: number;
  /** Accepted credentials remembered (least recently accepted forgotten first). Default 10 000. */
  maxTrustedCredentials?: number;
  /** Longest wait for a slot (the call's deadline may cut it shorter). Default 10 000 ms. */
  maxQueueWaitMs?: number;
  /** Time allowed to open a connection. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Time allowed for response headers once a request is sent. Default 10 000 ms. */
  headersTimeoutMs?: number;
  /** Longest silence while the response body is streaming. Default 10 000 ms. */
  bodyTimeoutMs?: number;
  /**
   * Consecutive failed calls (5xx, connection errors, timeouts, after the call's retries) that open
   * the circuit of one account (a call's account, as for the limiter) on one product host. Default 5.
   */
  circuitFailureThreshold?: number;
  /** How long an open circuit refuses calls before one probe is let through. Default 10 000 ms. */
  circuitCooldownMs?: number;
  /** The circuit breaker's clock, epoch ms. Default `Date.now`; tests pass one they move past a cool-down. */
  circuitClock?: () => number;
  /**
   * Keep-alive connections per origin (opened on demand). Default 256: one gateway serves many
   * accounts, each allowed `maxConcurrentPerAccount` calls in flight, and an HTTP/1.1 socket
   * carries one call at a time, so a small pool would queue calls the limiter already admitted.
   */
  connectionsPerOrigin?: number;
  /** Idle keep-alive time; kept below typical load-balancer idle timeouts so a POST never lands on a socket the server is closing. Default 4000 ms. */
  keepAliveTimeoutMs?: number;
  /** `User-Agent` header. Default `twilio-graphql/<package version>`. */
  userAgent?: string;
  /** Called once per attempt; exceptions it throws are reported as process warnings and otherwise ignored. */
  onUpstream?: (event: UpstreamEvent) => void;
}

/** Connection-level error codes that prove the request never left this process. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Headers the client owns; letting callers set them would allow request smuggling or credential swaps. */
const RESERVED_HEADERS = new Set(['authorization', 'host', 'content-length', 'transfer-encoding', 'connection', 'content-type']);
/** RFC 9110 token characters for header names. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** CR, LF and NUL would split or truncate the header block. */
const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/;
const METHODS: ReadonlySet<string> = new Set<HttpMethod>(['GET', 'POST', 'DELETE', 'PATCH']);

/** A prepared request, identical for every attempt. */
interface Prepared {
  product: string;
  method: HttpMethod;
  origin: string;
  /** Product-relative path without query, for events. */
  path: string;
  /** Request target on the origin: prefix + path + query. */
  target: string;
  headers: Record<string, string>;
  body?: string;
}

/** Where a call's limiter slot and circuit come from; fixed for the call's attempts. */
interface Route {
  /** The account the call acts on, and whether Twilio has accepted the credential for it (trust.ts). */
  call: CallAccount;
  /**
   * Circuit key: the call's account, the origin and the product (one origin can serve every
   * product). A caller with a wrong password cannot open it: Twilio's 401 is an answer, not a failure.
   */
  circuit: string;
}

/** Per-call state: the deadline and the signal that aborts attempts and sleeps. */
interface Call {
  deadline: number;
  signal?: AbortSignal;
  deadlineHit: boolean;
  callerSignal?: AbortSignal;
  /** Releases the deadline timer and the listener on the caller's signal. */
  dispose(): void;
}

type Attempt = (
  | { ok: true; response: UpstreamResponse }
  | { ok: false; error: Error; sent: boolean; status?: number; retryable: boolean; retryAfterMs?: number }
) & { circuit?: CircuitOutcome };

/**
 * Default cap on calls in flight per account. Twilio's own per-account concurrency limit is not
 * documented in our sources (third parties say 100); 25 leaves room for the account's other clients.
 */
export const DEFAULT_MAX_CONCURRENCY = 25;

/** Client for Twilio's REST APIs (or the local emulator), shared by all callers of a process. */
export class TwilioClient {
  private readonly hosts: HostResolver;
  private readonly agent: Agent;
  private readonly limiter: KeyedLimiter;
  /** One call at a time per credential Twilio has not accepted yet (keyed by its fingerprint). */
  private readonly unverified: KeyedLimiter;
  private readonly trust: CredentialTrust;
  private readonly circuit: CircuitBreaker;
  private readonly maxAttempts: number;
  private readonly backoff: { baseDelayMs: number; maxDelayMs: number };
  private readonly maxRetryAfterMs: number;
  private readonly maxQueueWaitMs: number;
  private readonly userAgent: string;
  private readonly onUpstream?: (event: UpstreamEvent) => void;

  constructor(options: TwilioClientOptions = {}) {
    this.hosts = new HostResolver(options);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.backoff = { baseDelayMs: options.retryBaseDelayMs ?? 100, maxDelayMs: options.retryMaxDelayMs ?? 3000 };
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    this.maxQueueWaitMs = options.maxQueueWaitMs ?? 10_000;
    this.userAgent = options.userAgent ?? USER_AGENT;
    if (options.onUpstream) this.onUpstream = options.onUpstream;
    this.limiter = new KeyedLimiter({
      maxConcurrent: options.maxConcurrentPerAccount ?? DEFAULT_MAX_CONCURRENCY,
      maxQueued: options.maxQueuedPerAccount ?? 1000,
    });
    this.unverified = new KeyedLimiter({ maxConcurrent: 1, maxQueued: options.maxQueuedUnverified ?? 100 });
    this.trust = new CredentialTrust(options.maxTrustedCredentials ?? 10_000);
    this.circuit = new CircuitBreaker({
      failureThreshold: options.circuitFailureThreshold ?? 5,
      cooldownMs: options.circuitCooldownMs ?? 10_000,
      ...(options.circuitClock === undefined ? {} : { now: options.circuitClock }),
    });
    this.agent = new Agent({
      connections: options.connectionsPerOrigin ?? 256,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 4000,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      bodyTimeout: options.bodyTimeoutMs ?? 10_000,
    });
  }

  /**
   * Calls one endpoint. Resolves with the parsed 2xx body (null for 204); rejects with
   * {@link TwilioApiError} for other statuses, {@link UpstreamUnavailableError} when no usable
   * response came, `UnsafePathError` for a steering path (nothing sent), or the signal's reason
   * when `options.signal` aborts. Only GETs are retried.
   */
  async request(credential: Credential, req: UpstreamRequest, options: CallOptions = {}): Promise<UpstreamResponse> {
    if (!METHODS.has(req.method)) throw new TypeError(`Unsupported HTTP method ${JSON.stringify(req.method)}`);
    assertSafePath(req.path);
    const query = req.query === undefined ? '' : encodeForm(req.query);
    const prepared = this.prepare(credential, req.product, req.method, req.path, query, req.headers);
    if (req.body !== undefined) {
      if (req.bodyEncoding === 'json') {
        prepared.headers['content-type'] = 'application/json';
        prepared.body = JSON.stringify(req.body);
      } else {
        if (!isFormFields(req.body)) throw new TypeError('A form body must be a plain object of fields; use bodyEncoding "json" for other values');
        prepared.headers['content-type'] = 'application/x-www-form-urlencoded';
        prepared.body = encodeForm(req.body);
      }
    }
    return this.execute(credential, prepared, options);
  }

  /**
   * GETs a next-page link as Twilio returned it: an absolute `meta.next_page_url` or a 2010
   * relative `next_page_uri`. The link must point at `product`'s configured upstream (or Twilio's
   * canonical host for it); it is re-resolved through the configured base URL, region and edge.
   * Throws `ForeignLinkError` for any other host, before anything is sent.
   */
  async requestPage(credential: Credential, product: string, link: string, options: CallOptions = {}): Promise<UpstreamResponse> {
    const { path, rawQuery } = resolvePageLink(this.hosts, product, link);
    return this.execute(credential, this.prepare(credential, product, 'GET', path, rawQuery), options);
  }

  /** Closes all keep-alive connections; in-flight calls finish first. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private prepare(
    credential: Credential,
    product: string,
    method: HttpMethod,
    path: string,
    query: string,
    extra?: Readonly<Record<string, string>>,
  ): Prepared {
    const root = this.hosts.root(product);
    const headers: Record<string, string> = {};
    if (extra) {
      for (const [name, value] of Object.entries(extra)) {
        const lower = name.toLowerCase();
        // Refuse here, so a bad header can never be mistaken for a network failure of the host.
        if (!HEADER_NAME.test(name) || HEADER_VALUE_FORBIDDEN.test(value)) throw new TypeError(`Header ${JSON.stringify(name)} has an invalid name or value`);
        if (RESERVED_HEADERS.has(lower)) throw new TypeError(`Header ${JSON.stringify(name)} is set by the client and cannot be overridden`);
        headers[lower] = value;
      }
    }
    headers.authorization = basicAuthorization(credential);
    headers.accept ??= 'application/json';
    headers['user-agent'] = this.userAgent;
    const target = `${root.prefix}${path}${query === '' ? '' : `?${query}`}`;
    return { product, method, origin: root.origin, path, target, headers };
  }

  private async execute(credential: Credential, prepared: Prepared, options: CallOptions): Promise<UpstreamResponse> {
    const call = this.startCall(options);
    const route = this.route(credential, prepared);
    // One admission and one reported outcome per call, not per attempt: a call retried four times
    // against a failing host is one failure, and the probe of a half-open circuit is a whole call.
    const admission = this.circuit.admit(route.circuit);
    let health: CircuitOutcome = 'neutral';
    try {
      for (let attempt = 1; ; attempt++) {
        const started = performance.now();
        const result = 'retryAt' in admission ? this.notSent(this.circuitError(prepared.origin)) : await this.attempt(route, prepared, call, attempt);
        if (result.circuit !== undefined) health = result.circuit;
        if (result.ok) {
          this.emit(prepared, started, attempt, { status: result.response.status, retried: false, sent: true });
          return result.response;
        }
        const delay = this.retryDelay(prepared.method, attempt, result, call.deadline);
        this.emit(prepared, started, attempt, {
          status: result.status,
          retried: delay !== undefined,
          sent: result.sent,
          error: result.error,
        });
        if (delay === undefined) throw this.unretriedError(prepared.method, attempt, result);
        try {
          await sleep(delay, undefined, call.signal ? { signal: call.signal } : undefined);
        } catch {
          throw this.abortError(call, prepared.origin, false);
        }
      }
    } finally {
      if (!('retryAt' in admission)) admission.report(health);
      call.dispose();
    }
  }

  private route(credential: Credential, prepared: Prepared): Route {
    const call = this.trust.callAccount(credential, prepared.product, prepared.path);
    return { call, circuit: `${call.account} ${prepared.origin} ${prepared.product}` };
  }

  /**
   * A limiter slot: the call's account's once Twilio has accepted the credential for that account;
   * before that one of the credential's own for it (one call at a time), moving to the account's if
   * the credential was accepted while the call waited.
   */
  private async slot(route: Route, waitUntil: number, signal: AbortSignal | undefined): Promise<Release> {
    const { call } = route;
    if (!this.trust.isAccepted(call)) {
      const release = await this.unverified.acquire(call.trustKey, waitUntil, signal);
      if (!this.trust.isAccepted(call)) return release;
      release();
    }
    return this.limiter.acquire(call.account, waitUntil, signal);
  }

  /** Whether a failed attempt is one the client retries at all (GETs only, retryable failures, attempts left). */
  private retriable(method: HttpMethod, attempt: number, result: Attempt & { ok: false }): boolean {
    return method === 'GET' && result.retryable && attempt < this.maxAttempts;
  }

  /** Milliseconds to wait before retrying, or undefined when the call must end with `result.error`. */
  private retryDelay(method: HttpMethod, attempt: number, result: Attempt & { ok: false }, deadline: number): number | undefined {
    if (!this.retriable(method, attempt, result)) return undefined;
    let delay: number;
    if (result.retryAfterMs !== undefined) {
      if (result.retryAfterMs > this.maxRetryAfterMs) return undefined;
      delay = result.retryAfterMs;
    } else {
      delay = backoffDelay(attempt, this.backoff);
    }
    // Sleeping past the deadline only to fail then would hide the real error.
    return Date.now() + delay < deadline ? delay : undefined;
  }

  /**
   * The error a call ends with when it is not retried. When only Twilio's `Retry-After` stood in the
   * way (longer than the client waits, or than the deadline leaves), the message says so: Twilio's
   * own message is often no more than "Too Many Requests".
   */
  private unretriedError(method: HttpMethod, attempt: number, result: Attempt & { ok: false }): Error {
    const { error, retryAfterMs } = result;
    if (!(error instanceof TwilioApiError) || retryAfterMs === undefined || !this.retriable(method, attempt, result)) return error;
    const asked = `Twilio asked to retry after ${seconds(retryAfterMs)} s`;
    const why =
      retryAfterMs > this.maxRetryAfterMs
        ? `${asked}, longer than the ${seconds(this.maxRetryAfterMs)} s the client waits`
        : `${asked}, past the request's deadline`;
    return new TwilioApiError(`${error.message} (${why})`, error);
  }

  private async attempt(route: Route, prepared: Prepared, call: Call, attempt: number): Promise<Attempt> {
    const origin = prepared.origin;
    if (call.signal?.aborted) return this.notSent(this.abortError(call, origin, false));
    // A retry stops when the circuit opened meanwhile (other calls failing): it would fail too.
    if (attempt > 1 && this.circuit.state(route.circuit) === 'open') return this.notSent(this.circuitError(origin));
    let release: Release;
    try {
      release = await this.slot(route, Math.min(call.deadline, Date.now() + this.maxQueueWaitMs), call.signal);
    } catch (error) {
      if (error instanceof LimiterRejection) {
        const reason: UnavailableReason = Date.now() >= call.deadline ? 'deadline' : 'limiter';
        return this.notSent(
          new UpstreamUnavailableError(`${error.message} for this account; request to ${origin} not sent`, { host: origin, reason, sent: false }),
        );
      }
      return this.notSent(this.abortError(call, origin, false));
    }
    try {
      const outcome = await this.send(prepared, call);
      const status = outcome.attempt.ok ? outcome.attempt.response.status : outcome.attempt.status;
      if (status !== undefined) this.trust.record(route.call, status);
      return { ...outcome.attempt, circuit: outcome.circuit };
    } finally {
      release();
    }
  }

  private async send(prepared: Prepared, call: Call): Promise<{ attempt: Attempt; circuit: CircuitOutcome }> {
    const origin = prepared.origin;
    let status: number;
    let headers: Record<string, string>;
    let text: string;
    try {
      const res = await this.agent.request({
        origin,
        path: prepared.target,
        method: prepared.method,
        headers: prepared.headers,
        body: prepared.body ?? null,
        signal: call.signal ?? null,
      });
      status = res.statusCode;
      headers = flattenHeaders(res.headers);
      text = await res.body.text();
    } catch (error) {
      if (call.signal?.aborted) return { attempt: this.final(this.abortError(call, origin, true), true), circuit: 'neutral' };
      const unavailable = networkError(origin, error);
      return {
        attempt: { ok: false, error: unavailable, sent: unavailable.sent, retryable: true },
        circuit: 'failure',
      };
    }
    if (status >= 200 && status < 300) {
      if (status === 204 || text.trim() === '') return { attempt: { ok: true, response: { status, body: null, headers } }, circuit: 'success' };
      try {
        return { attempt: { ok: true, response: { status, body: JSON.parse(text) as unknown, headers } }, circuit: 'success' };
      } catch (cause) {
        const error = new UpstreamUnavailableError(`${origin} returned HTTP ${status} with a body that is not valid JSON`, {
          host: origin,
          reason: 'invalid-response',
          sent: true,
          cause,
        });
        return { attempt: { ok: false, error, sent: true, status, retryable: true }, circuit: 'neutral' };
      }
    }
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    const error = errorFromResponse(status, headers['content-type'], text, retryAfterMs);
    const attempt: Attempt = { ok: false, error, sent: true, status, retryable: isRetryableStatus(status) };
    if (retryAfterMs !== undefined) attempt.retryAfterMs = retryAfterMs;
    return { attempt, circuit: status >= 500 ? 'failure' : 'success' };
  }

  private startCall(options: CallOptions): Call {
    const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    const call: Call = { deadline, deadlineHit: false, dispose: () => {} };
    if (options.signal === undefined && !Number.isFinite(deadline)) return call;
    // One controller per call merges the caller's signal and the deadline for attempts and sleeps.
    const controller = new AbortController();
    call.signal = controller.signal;
    let timer: NodeJS.Timeout | undefined;
    const onCallerAbort = (): void => controller.abort(options.signal?.reason);
    if (options.signal) {
      call.callerSignal = options.signal;
      if (options.signal.aborted) controller.abort(options.signal.reason);
      else options.signal.addEventListener('abort', onCallerAbort, { once: true });
    }
    if (Number.isFinite(deadline) && !controller.signal.aborted) {
      const hit = (): void => {
        call.deadlineHit = true;
        controller.abort(new Error('deadline exceeded'));
      };
      const remaining = deadline - Date.now();
      if (remaining <= 0) hit();
      else timer = setTimeout(hit, remaining);
    }
    call.dispose = () => {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    };
    return call;
  }

  /** The error a call ends with once its signal aborted: a deadline error, or the caller's reason. */
  private abortError(call: Call, origin: string, sent: boolean): Error {
    if (call.deadlineHit) {
      return new UpstreamUnavailableError(`Deadline exceeded for request to ${origin}`, { host: origin, reason: 'deadline', sent });
    }
    const reason: unknown = call.callerSignal?.reason;
    return reason instanceof Error ? reason : new DOMException('The operation was aborted', 'AbortError');
  }

  private circuitError(origin: string): UpstreamUnavailableError {
    return new UpstreamUnavailableError(
      `Circuit open for ${origin} after repeated failures; request not sent, retry later`,
      { host: origin, reason: 'circuit-open', sent: false },
    );
  }

  /** A failed attempt that must not be retried; `sent` says whether it reached the wire. */
  private final(error: Error, sent: boolean): Attempt & { ok: false } {
    return { ok: false, error, sent, retryable: false };
  }

  private notSent(error: Error): Attempt & { ok: false } {
    return this.final(error, false);
  }

  private emit(
    prepared: Prepared,
    started: number,
    attempt: number,
    outcome: { status?: number; retried: boolean; sent: boolean; error?: Error },
  ): void {
    if (this.onUpstream === undefined) return;
    const event: UpstreamEvent = {
      product: prepared.product,
      method: prepared.method,
      host: prepared.origin,
      path: prepared.path,
      durationMs: performance.now() - started,
      attempt,
      retried: outcome.retried,
      sent: outcome.sent,
    };
    if (outcome.status !== undefined) event.status = outcome.status;
    if (outcome.error !== undefined) event.error = outcome.error;
    try {
      this.onUpstream(event);
    } catch (error) {
      process.emitWarning(`onUpstream hook threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Milliseconds as seconds for messages: whole when whole (`30`), else to one decimal (`1.5`). */
function seconds(ms: number): string {
  return Number.isInteger(ms / 1000) ? String(ms / 1000) : (ms / 1000).toFixed(1);
}

/** Maps an undici/Node network error; the message names host and cause, never headers. */
function networkError(origin: string, error: unknown): UpstreamUnavailableError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const detail = error instanceof Error ? error.message : String(error);
  let reason: UnavailableReason = 'network';
  if (NOT_SENT_CODES.has(code)) reason = 'connect';
  else if (TIMEOUT_CODES.has(code)) reason = 'timeout';
  const what = reason === 'timeout' ? 'timed out' : reason === 'connect' ? 'could not be reached' : 'connection failed';
  return new UpstreamUnavailableError(`Twilio upstream ${origin} ${what}: ${detail}${code ? ` (${code})` : ''}`, {
    host: origin,
    reason,
    sent: reason !== 'connect',
    cause: error,
  });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
