/**
 * Flex access tokens (`Authorization: Bearer <token>`): validated with Twilio's token-validation
 * endpoint exactly as twilio-flex-token-validator does —
 * `POST https://iam[.<region>].twilio.com/v1/Accounts/{AccountSid}/Tokens/validate` with the server's
 * Basic credentials for that account, `Content-Type: application/json`, `Cache-Control: no-cache`
 * and the body `{"token": "<token>"}` — and cached until the token expires.
 *
 * The account is always the server's configured one (`TWILIO_ACCOUNT_SID`): a Flex token belongs to
 * one Flex instance, and the gateway can only vouch for tokens of an account whose credentials it
 * holds. Cache keys are SHA-256 hashes of the token, so raw tokens are never kept.
 */
import { createHash } from 'node:crypto';
import type { Context } from '@opentelemetry/api';
import type { TwilioClient, UpstreamRequest } from '../twilio/index.js';
import { KeyedLimiter, LimiterRejection, TwilioApiError, type Release } from '../twilio/index.js';
import type { ServerCredentials } from './auth.js';
import { traceUpstream } from './observability/tracing.js';

/** Who a valid Flex token speaks for. */
export interface FlexIdentity {
  identity: string;
  roles: readonly string[];
  /** The TaskRouter worker of the Flex user, when Twilio reported one. */
  workerSid?: string;
  realmUserId?: string;
  /** Epoch milliseconds after which the token (and its cache entry) is no longer valid. */
  expiresAt: number;
}

/** Why a token was not accepted; the message is safe to show (never contains the token). */
export class FlexTokenRejection extends Error {
  override readonly name = 'FlexTokenRejection';
}

/** What one request's verification reports back, for its trace and its log line. */
export interface VerifyOptions {
  /** Parent of the validation call's span, when the request is traced. */
  traceContext?: Context;
  /** Called when this request makes a validation call (not when it finds a cached result or joins another request's call). */
  onUpstreamCall?: () => void;
}

/** Checks Flex tokens for the gateway's account. */
export interface FlexTokenVerifier {
  /** The account whose tokens this verifier accepts; requests made with a token act on it. */
  readonly accountSid: string;
  /** Resolves with the token's identity; rejects with {@link FlexTokenRejection}. */
  verify(token: string, options?: VerifyOptions): Promise<FlexIdentity>;
}

/** Options of {@link TwilioFlexTokenVerifier}. */
export interface FlexTokenVerifierOptions {
  client: TwilioClient;
  /** The server's credentials; their account validates (and is acted on with) every token. */
  server: ServerCredentials;
  /** Most validated tokens remembered at once; the soonest to expire are dropped first. Default 10 000. */
  maxCacheEntries?: number;
  /** Most refused tokens remembered at once; the oldest are dropped first. Default 10 000. */
  maxRejectedEntries?: number;
  /** How long a token Twilio called invalid is refused without asking again, in ms. Default 60 000. */
  rejectionTtlMs?: number;
  /**
   * Validation calls in flight at once; more wait (bounded by `maxQueuedValidations` and the call's
   * timeout), so a flood of made-up tokens cannot take the server account's whole concurrency from
   * the requests of real users. Default 4.
   */
  maxConcurrentValidations?: number;
  /** Validations that may wait for a slot; beyond that a new token is refused at once. Default 32. */
  maxQueuedValidations?: number;
  /** Time allowed for one validation call, in ms. Default 5000. */
  timeoutMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** Compact JWS/JWE serialisations: 3 or 5 base64url segments. Anything else is refused unsent. */
const COMPACT_TOKEN = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2}(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+)?$/;
/** Longest token sent for validation; real Flex tokens are a few kilobytes at most. */
const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * Validates Flex tokens with Twilio (or the emulator), caches valid ones until they expire and
 * invalid ones for a short while, and caps how many validation calls run at once.
 */
export class TwilioFlexTokenVerifier implements FlexTokenVerifier {
  readonly accountSid: string;
  private readonly cache = new Map<string, FlexIdentity>();
  /** Tokens Twilio called invalid: hash → when to ask again and the refusal to repeat until then. */
  private readonly rejected = new Map<string, { until: number; message: string }>();
  /** Validations in progress, so a burst of requests with one new token costs one upstream call. */
  private readonly pending = new Map<string, Promise<FlexIdentity>>();
  private readonly slots: KeyedLimiter;
  private readonly maxEntries: number;
  private readonly maxRejected: number;
  private readonly rejectionTtlMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: FlexTokenVerifierOptions) {
    this.accountSid = options.server.accountSid;
    this.maxEntries = Math.max(1, options.maxCacheEntries ?? 10_000);
    this.maxRejected = Math.max(1, options.maxRejectedEntries ?? 10_000);
    this.rejectionTtlMs = options.rejectionTtlMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.slots = new KeyedLimiter({ maxConcurrent: options.maxConcurrentValidations ?? 4, maxQueued: options.maxQueuedValidations ?? 32 });
  }

  async verify(token: string, options: VerifyOptions = {}): Promise<FlexIdentity> {
    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_TOKEN.test(token)) {
      throw new FlexTokenRejection('The Bearer value is not a Flex token (expected a compact JWT/JWE).');
    }
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      if (cached.expiresAt > this.now()) return cached;
      this.cache.delete(key);
      throw new FlexTokenRejection('The Flex token has expired.');
    }
    const refused = this.rejected.get(key);
    if (refused !== undefined) {
      if (refused.until > this.now()) throw new FlexTokenRejection(refused.message);
      this.rejected.delete(key);
    }
    let pending = this.pending.get(key);
    if (pending === undefined) {
      pending = this.validate(token, key, options).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    const identity = await pending;
    this.remember(key, identity);
    return identity;
  }

  private async validate(token: string, key: string, options: VerifyOptions): Promise<FlexIdentity> {
    const { client, server } = this.options;
    const deadline = Date.now() + this.timeoutMs;
    let release: Release;
    try {
      release = await this.slots.acquire('validations', deadline);
    } catch (error) {
      if (!(error instanceof LimiterRejection)) throw error;
      throw new FlexTokenRejection('Too many Flex tokens are being verified right now; try again shortly.', { cause: error });
    }
    let body: unknown;
    try {
      options.onUpstreamCall?.();
      const request: UpstreamRequest = {
        product: 'iam',
        method: 'POST',
        path: `/v1/Accounts/${server.accountSid}/Tokens/validate`,
        body: { token },
        bodyEncoding: 'json',
        headers: { 'cache-control': 'no-cache' },
      };
      body = (await traceUpstream(options.traceContext, request, () => client.request(server.credential, request, { deadline }))).body;
    } catch (error) {
      // Never echo the upstream message verbatim: it is about the server's credentials, not the caller.
      const detail = error instanceof TwilioApiError ? `HTTP ${error.status}${error.code === undefined ? '' : `, code ${error.code}`}` : 'upstream unavailable';
      throw new FlexTokenRejection(`The Flex token could not be verified with Twilio (${detail}); try again later.`, { cause: error });
    } finally {
      release();
    }
    try {
      return identityFrom(body, this.now());
    } catch (error) {
      // Twilio's own verdict on the token (unlike an unavailable upstream) holds for a while.
      if (error instanceof FlexTokenRejection) this.rememberRejection(key, error.message);
      throw error;
    }
  }

  private rememberRejection(key: string, message: string): void {
    if (this.rejected.size >= this.maxRejected) {
      // Maps iterate in insertion order: the first entry is the oldest.
      const oldest = this.rejected.keys().next().value;
      if (oldest !== undefined) this.rejected.delete(oldest);
    }
    this.rejected.set(key, { until: this.now() + this.rejectionTtlMs, message });
  }

  private remember(key: string, identity: FlexIdentity): void {
    if (this.cache.has(key)) return;
    if (this.cache.size >= this.maxEntries) this.evict();
    this.cache.set(key, identity);
  }

  /** Drops expired entries, or else the one expiring soonest. */
  private evict(): void {
    const now = this.now();
    let soonest: [string, number] | undefined;
    for (const [key, entry] of this.cache) {
      if (entry.expiresAt <= now) this.cache.delete(key);
      else if (soonest === undefined || entry.expiresAt < soonest[1]) soonest = [key, entry.expiresAt];
    }
    if (this.cache.size >= this.maxEntries && soonest !== undefined) this.cache.delete(soonest[0]);
  }
}

/**
 * Reads the validation result `{valid, code, message, expiration, realm_user_id, identity, roles,
 * worker_sid}`. A result without a usable future expiration is refused: it could not be cached
 * safely, and Twilio always sends one for valid tokens.
 */
function identityFrom(body: unknown, now: number): FlexIdentity {
  const result = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (result['valid'] !== true) {
    const message = typeof result['message'] === 'string' && result['message'] !== '' ? result['message'] : 'invalid token';
    const code = typeof result['code'] === 'number' ? ` (code ${result['code']})` : '';
    throw new FlexTokenRejection(`The Flex token is not valid: ${message}${code}.`);
  }
  const expiration = result['expiration'];
  const expiresAt = typeof expiration === 'string' ? Date.parse(expiration) : typeof expiration === 'number' ? expiration * 1000 : Number.NaN;
  if (!Number.isFinite(expiresAt)) throw new FlexTokenRejection('The Flex token validation result has no expiration.');
  if (expiresAt <= now) throw new FlexTokenRejection('The Flex token has expired.');
  const identity = result['identity'];
  const roles = result['roles'];
  if (typeof identity !== 'string' || !Array.isArray(roles)) {
    throw new FlexTokenRejection('The Flex token validation result has no identity or roles.');
  }
  const out: FlexIdentity = { identity, roles: roles.filter((role): role is string => typeof role === 'string'), expiresAt };
  if (typeof result['worker_sid'] === 'string') out.workerSid = result['worker_sid'];
  if (typeof result['realm_user_id'] === 'string') out.realmUserId = result['realm_user_id'];
  return out;
}
