/**
 * Flex tokens for offline tests: `POST /__emulator/flex/tokens` mints one, and
 * `POST /iam/v1/Accounts/{AccountSid}/Tokens/validate` checks one the way Twilio's token-validation
 * endpoint (used by twilio-flex-token-validator) answers.
 *
 * Real Flex tokens are opaque JWEs issued by Twilio. The emulator's are JWTs signed with HS256 using
 * the account's auth token and laid out like a Twilio access token with a Flex grant:
 * header `{alg: "HS256", typ: "JWT", cty: "twilio-fpa;v=1"}`, claims
 * `{jti, iss: AccountSid, sub: AccountSid, iat, exp, grants: {identity, flex: {roles, worker_sid, realm_user_id}}}`.
 * Clients must treat them as opaque, as they would real ones.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Accounts } from './accounts.js';
import { invalidParam, notFound } from './errors.js';

/** What a minted token asserts about its holder. */
export interface FlexTokenClaims {
  identity: string;
  roles: string[];
  worker_sid?: string;
}

/** The validation endpoint's answer (always HTTP 200; `valid` says whether the token is good). */
export type ValidationResult =
  | {
      valid: true;
      code: 0;
      message: null;
      expiration: string;
      realm_user_id: string;
      identity: string;
      roles: string[];
      worker_sid: string | null;
    }
  | { valid: false; code: number; message: string };

/** Longest lifetime a minted token may have, as for Twilio access tokens. */
const MAX_TTL_SECONDS = 24 * 3600;
const DEFAULT_TTL_SECONDS = 3600;
const HEADER = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' } as const;
const WORKER_SID = /^WK[0-9a-f]{32}$/;
const ROLE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Mints a token from a `POST /__emulator/flex/tokens` body:
 * `{identity, roles?: string[] (default ["agent"]), worker_sid?, ttl?: seconds (default 3600; negative
 * mints an already-expired token, for tests), account_sid?: (default: the main account)}`.
 */
export function mintFromRequest(accounts: Accounts, mainAccountSid: string, body: unknown, nowMs = Date.now()): { token: string; expiration: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidParam('Flex token request must be a JSON object');
  const input = body as Record<string, unknown>;
  const identity = input['identity'];
  if (typeof identity !== 'string' || identity === '' || identity.length > 256) throw invalidParam('identity must be a non-empty string');
  const roles = input['roles'] ?? ['agent'];
  if (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string' || !ROLE.test(role))) {
    throw invalidParam('roles must be an array of role names such as "agent", "supervisor" or "admin"');
  }
  const workerSid = input['worker_sid'];
  if (workerSid !== undefined && (typeof workerSid !== 'string' || !WORKER_SID.test(workerSid))) {
    throw invalidParam('worker_sid must be a Worker SID (WK + 32 hex digits)');
  }
  const ttl = input['ttl'] ?? DEFAULT_TTL_SECONDS;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl === 0 || Math.abs(ttl) > MAX_TTL_SECONDS) {
    throw invalidParam(`ttl must be a non-zero integer number of seconds within ±${MAX_TTL_SECONDS}`);
  }
  const accountSid = input['account_sid'] ?? mainAccountSid;
  const secret = typeof accountSid === 'string' ? accounts.authToken(accountSid) : undefined;
  if (secret === undefined) throw notFound(`Account ${String(accountSid)} was not found`);
  const claims: FlexTokenClaims = { identity, roles: roles as string[], ...(workerSid === undefined ? {} : { worker_sid: workerSid as string }) };
  return mintFlexToken(accountSid as string, secret, claims, ttl, nowMs);
}

/** Signs a Flex token for `accountSid` with its auth token, valid for `ttlSeconds` from `nowMs`. */
export function mintFlexToken(accountSid: string, authToken: string, claims: FlexTokenClaims, ttlSeconds: number, nowMs = Date.now()): { token: string; expiration: string } {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ttlSeconds;
  const payload = {
    jti: `${accountSid}-${iat}-${randomBytes(4).toString('hex')}`,
    iss: accountSid,
    sub: accountSid,
    iat,
    exp,
    grants: {
      identity: claims.identity,
      flex: { roles: claims.roles, worker_sid: claims.worker_sid ?? null, realm_user_id: realmUserId(accountSid, claims.identity) },
    },
  };
  const signingInput = `${encode(HEADER)}.${encode(payload)}`;
  return { token: `${signingInput}.${sign(signingInput, authToken)}`, expiration: new Date(exp * 1000).toISOString() };
}

/**
 * Validates `token` for `accountSid` (the path account, already checked against the caller's
 * credentials): structure, issuer/subject, signature with that account's auth token, expiry.
 */
export function validateFlexToken(accounts: Accounts, accountSid: string, body: unknown, nowMs = Date.now()): ValidationResult {
  const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['token'] : undefined;
  if (typeof token !== 'string' || token === '') throw invalidParam('Missing required parameter token in the post body');
  const parts = token.split('.');
  const invalid = (code: number, message: string): ValidationResult => ({ valid: false, code, message });
  if (parts.length !== 3) return invalid(20101, 'Invalid Access Token');
  const [headerPart, payloadPart, signature] = parts as [string, string, string];
  const header = decode(headerPart);
  const payload = decode(payloadPart);
  if (header?.['alg'] !== HEADER.alg || payload === undefined) return invalid(20101, 'Invalid Access Token');
  if (payload['iss'] !== accountSid || payload['sub'] !== accountSid) return invalid(20103, 'Invalid Access Token issuer/subject');
  const secret = accounts.authToken(accountSid);
  if (secret === undefined || !sameText(signature, sign(`${headerPart}.${payloadPart}`, secret))) {
    return invalid(20107, 'Invalid Access Token signature');
  }
  const exp = payload['exp'];
  if (typeof exp !== 'number' || exp * 1000 <= nowMs) return invalid(20104, 'Access Token expired or expiration date invalid');
  const grants = payload['grants'] as { identity?: unknown; flex?: { roles?: unknown; worker_sid?: unknown; realm_user_id?: unknown } } | undefined;
  const flex = grants?.flex;
  if (typeof grants?.identity !== 'string' || !Array.isArray(flex?.roles)) return invalid(20106, 'Invalid Access Token grants');
  return {
    valid: true,
    code: 0,
    message: null,
    expiration: new Date(exp * 1000).toISOString(),
    realm_user_id: typeof flex.realm_user_id === 'string' ? flex.realm_user_id : realmUserId(accountSid, grants.identity),
    identity: grants.identity,
    roles: flex.roles.filter((role): role is string => typeof role === 'string'),
    worker_sid: typeof flex.worker_sid === 'string' ? flex.worker_sid : null,
  };
}

/** A stable per-account user id, shaped like a Twilio user SID. */
function realmUserId(accountSid: string, identity: string): string {
  return `US${createHash('sha256').update(`${accountSid}\0${identity}`).digest('hex').slice(0, 32)}`;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function sign(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
