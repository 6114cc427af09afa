/**
 * Per-request authentication: turns the `Authorization`, `X-Twilio-Account-Sid` and `X-Gateway-Token`
 * headers into the credential the resolvers pass to Twilio, or into an UNAUTHENTICATED error.
 *
 * Rules (documented in README "Auth" and `serve --help`):
 * - `Basic AC…:authToken` acts on that account; `Basic SK…:secret` (API key) names the account in
 *   `X-Twilio-Account-Sid`, else the gateway's configured `TWILIO_ACCOUNT_SID`. With either kind,
 *   `X-Twilio-Account-Sid` names the account of the 2010 API's paths (e.g. a subaccount; Twilio
 *   enforces access); Twilio's product APIs act on the credential's own account whatever it says.
 * - `Bearer <Flex token>` is validated with Twilio for the server's account (see flex-tokens.ts) and,
 *   when valid, acts on that account with the server's credentials (and on no other: flex-access.ts
 *   refuses arguments naming another account). It needs server credentials.
 * - Without `Authorization`, the gateway's own credentials are used only when allowed: if a gateway
 *   token is configured the request must present it in `X-Gateway-Token`; otherwise only when the
 *   listener is bound to loopback addresses and the `Host` header names a loopback host (which stops
 *   DNS-rebinding pages from borrowing the account). Either way never for a request a browser sent
 *   on behalf of a page from elsewhere: an `Origin` that is neither a loopback origin nor the
 *   gateway's own (its `Host`), or `Sec-Fetch-Site: cross-site` (or `same-site` without such an
 *   `Origin`). Anything else is UNAUTHENTICATED.
 *
 * No message built here contains a secret or a credential value.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Credential } from '../twilio/types.js';
import { FlexTokenRejection, type FlexIdentity, type FlexTokenVerifier, type VerifyOptions } from './flex-tokens.js';
import { isLoopbackHostHeader, isLoopbackOrigin } from './loopback.js';

/** The account a request acts on and the credential it is made with. */
export interface RequestAuth {
  credential: Credential;
  accountSid: string;
  /**
   * `request`: from the request's own headers; `server`: the gateway's configured credentials;
   * `flex-token`: the server's credentials, on behalf of a validated Flex token.
   */
  source: 'request' | 'server' | 'flex-token';
  /** The Flex user, when `source` is `flex-token`. */
  flex?: FlexIdentity;
}

/**
 * An authentication failure. Shaped like mercurius's `ErrorWithProps` (`extensions`, `statusCode`) so
 * that, thrown before execution, it becomes a GraphQL error with `extensions.code = "UNAUTHENTICATED"`.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly extensions = { code: 'UNAUTHENTICATED' } as const;
  /** HTTP status used when the error ends the request (see server.ts for media-type rules). */
  readonly statusCode = 401;
}

/** The gateway's own credentials (from the environment), used only under the rules above. */
export interface ServerCredentials {
  credential: Credential;
  accountSid: string;
}

/** What the gateway knows when authenticating a request. */
export interface AuthPolicy {
  /** Credentials for requests without `Authorization`, if the operator configured any. */
  serverCredentials?: ServerCredentials;
  /** Account for API-key requests that name none (`TWILIO_ACCOUNT_SID`). */
  defaultAccountSid?: string;
  /** When set, requests without `Authorization` must present it in `X-Gateway-Token`. */
  gatewayToken?: string;
  /** True when every address the listener is bound to is a loopback address. */
  loopbackListener: boolean;
  /** Validates Flex tokens for `serverCredentials`' account; without it Bearer tokens are refused. */
  flexTokens?: FlexTokenVerifier;
}

/** Per-request options of {@link authenticate}. */
export interface AuthenticateOptions {
  /**
   * False when the operation needs no credentials (introspection only): a Bearer token is then not
   * validated, since validation costs an upstream call. Default true.
   */
  validateFlexTokens?: boolean;
  /** Handed to the Flex token verifier (the validation call's span and count). */
  flex?: VerifyOptions;
}

/** Header naming the account for API-key (and subaccount) requests. */
export const ACCOUNT_SID_HEADER = 'x-twilio-account-sid';
/** Header carrying the gateway token that unlocks the server's credentials. */
export const GATEWAY_TOKEN_HEADER = 'x-gateway-token';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

type HeaderValue = string | string[] | undefined;
/** Request headers with lower-case names, as node and fastify provide them. */
export type RequestHeaders = Readonly<Record<string, HeaderValue>>;

/** Whether `sid` looks like an Account SID (`AC` + 32 hex digits). */
export function isAccountSid(sid: string): boolean {
  return ACCOUNT_SID.test(sid);
}

/** Whether `sid` looks like an API Key SID (`SK` + 32 hex digits). */
export function isApiKeySid(sid: string): boolean {
  return API_KEY_SID.test(sid);
}

/**
 * Authenticates one request under `policy`. Never rejects; failures are returned as {@link AuthError}
 * so introspection-only operations still run (GraphiQL loads the schema before a header is typed).
 * Only Bearer tokens wait for anything (their validation, unless cached).
 */
export async function authenticate(headers: RequestHeaders, policy: AuthPolicy, options: AuthenticateOptions = {}): Promise<RequestAuth | AuthError> {
  const authorization = single(headers, 'authorization');
  if (authorization instanceof AuthError) return authorization;
  const accountHeader = single(headers, ACCOUNT_SID_HEADER);
  if (accountHeader instanceof AuthError) return accountHeader;
  if (accountHeader !== undefined && !isAccountSid(accountHeader)) {
    return new AuthError('X-Twilio-Account-Sid must be an Account SID: "AC" followed by 32 hex digits.');
  }
  if (authorization === undefined || authorization.trim() === '') {
    return serverAuth(headers, policy);
  }
  const space = authorization.indexOf(' ');
  const scheme = (space === -1 ? authorization : authorization.slice(0, space)).toLowerCase();
  const param = space === -1 ? '' : authorization.slice(space + 1).trim();
  switch (scheme) {
    case 'basic':
      return basicAuth(param, accountHeader ?? policy.defaultAccountSid);
    case 'bearer':
      if (options.validateFlexTokens === false) return new AuthError('The Flex token was not checked: the operation needs no credentials.');
      return bearerAuth(param, accountHeader, policy, options.flex);
    default:
      return new AuthError(
        'Unsupported Authorization scheme; use "Basic base64(AccountSid:AuthToken)", "Basic base64(ApiKeySid:ApiKeySecret)" or "Bearer <Flex token>".',
      );
  }
}

/**
 * Bearer tokens (Flex access tokens): valid ones act on the server's account with its credentials.
 * Requests may not steer them to another account, since the token was vouched for by that one.
 */
async function bearerAuth(
  token: string,
  accountHeader: string | undefined,
  policy: AuthPolicy,
  verifyOptions: VerifyOptions | undefined,
): Promise<RequestAuth | AuthError> {
  const server = policy.serverCredentials;
  const verifier = policy.flexTokens;
  if (server === undefined || verifier === undefined || verifier.accountSid !== server.accountSid) {
    return new AuthError(
      'Bearer tokens (Flex tokens) need the gateway to be configured with the Flex account\'s credentials (TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN or an API key).',
    );
  }
  if (token === '') return new AuthError('Authorization "Bearer" is missing its Flex token.');
  if (accountHeader !== undefined && accountHeader !== server.accountSid) {
    return new AuthError('A Flex token acts on the gateway\'s own account; X-Twilio-Account-Sid must be omitted or name that account.');
  }
  try {
    const flex = await verifier.verify(token, verifyOptions);
    return { credential: server.credential, accountSid: server.accountSid, source: 'flex-token', flex };
  } catch (error) {
    if (error instanceof FlexTokenRejection) return new AuthError(error.message);
    throw error;
  }
}

function basicAuth(param: string, accountSid: string | undefined): RequestAuth | AuthError {
  if (param === '') return new AuthError('Authorization "Basic" is missing its base64(username:password) value.');
  if (!BASE64.test(param) || param.length % 4 !== 0) {
    return new AuthError('Authorization "Basic" value is not valid base64.');
  }
  const decoded = Buffer.from(param, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return new AuthError('Authorization "Basic" value must decode to "username:password" (no ":" found).');
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (password === '') return new AuthError('Authorization "Basic" password (Auth Token or API key secret) is empty.');
  if (isAccountSid(username)) {
    const account = accountSid ?? username;
    return { credential: { kind: 'basic', username, password, accountSid: account }, accountSid: account, source: 'request' };
  }
  if (isApiKeySid(username)) {
    if (accountSid === undefined) {
      return new AuthError(
        'API key credentials need an account: send the header "X-Twilio-Account-Sid: AC…" (or configure TWILIO_ACCOUNT_SID on the gateway).',
      );
    }
    return { credential: { kind: 'basic', username, password, accountSid }, accountSid, source: 'request' };
  }
  return new AuthError(
    'Authorization "Basic" username must be an Account SID ("AC" + 32 hex digits) or an API Key SID ("SK" + 32 hex digits).',
  );
}

function serverAuth(headers: RequestHeaders, policy: AuthPolicy): RequestAuth | AuthError {
  const server = policy.serverCredentials;
  if (server === undefined) {
    return new AuthError(
      'Missing Authorization header: send "Basic base64(AccountSid:AuthToken)" or "Basic base64(ApiKeySid:ApiKeySecret)".',
    );
  }
  const foreign = foreignPage(headers);
  if (foreign !== undefined) return foreign;
  const presented = single(headers, GATEWAY_TOKEN_HEADER);
  if (presented instanceof AuthError) return presented;
  // A configured token is always required, even on loopback: a reverse proxy on the same host would
  // otherwise expose the server's account to anyone who can reach the proxy.
  if (policy.gatewayToken !== undefined) {
    if (presented === undefined) {
      return new AuthError('Missing Authorization header (or X-Gateway-Token to use the gateway\'s own credentials).');
    }
    if (!sameSecret(presented, policy.gatewayToken)) return new AuthError('X-Gateway-Token is not valid.');
  } else if (!policy.loopbackListener) {
    return new AuthError(
      'Missing Authorization header. The gateway\'s own credentials serve header-less requests only on a loopback listener or with --gateway-token.',
    );
  } else if (!isLoopbackHostHeader(typeof headers.host === 'string' ? headers.host : undefined)) {
    return new AuthError(
      'Missing Authorization header. Without one, the gateway\'s own credentials serve only requests addressed to localhost or a loopback IP (Host header).',
    );
  }
  return { credential: server.credential, accountSid: server.accountSid, source: 'server' };
}

/**
 * Refuses the server's credentials to a request a browser sent for a page served from elsewhere:
 * any web page can make a browser send a GET (or a simple POST) to a loopback gateway, and the Host
 * check alone stops only DNS rebinding. Browsers set `Origin` on cross-origin and POST requests and
 * `Sec-Fetch-Site` on all of them; clients that are not browsers send neither.
 */
function foreignPage(headers: RequestHeaders): AuthError | undefined {
  const origin = single(headers, 'origin');
  if (origin instanceof AuthError) return origin;
  const site = single(headers, 'sec-fetch-site');
  if (site instanceof AuthError) return site;
  // The gateway's own pages (GraphiQL) are same-origin; a cross-origin page cannot forge Origin.
  const trusted = origin !== undefined && (isLoopbackOrigin(origin) || sameOrigin(origin, headers.host));
  const foreign = (origin !== undefined && !trusted) || site === 'cross-site' || (site === 'same-site' && !trusted);
  if (!foreign) return undefined;
  return new AuthError(
    'Missing Authorization header. The gateway\'s own credentials are never lent to a web page from another origin (Origin / Sec-Fetch-Site); send Authorization.',
  );
}

/** Whether `origin` is the origin the request was addressed to (its `Host`). */
function sameOrigin(origin: string, host: HeaderValue): boolean {
  try {
    return typeof host === 'string' && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** Reads a header that must occur at most once; duplicates are refused rather than guessed between. */
function single(headers: RequestHeaders, name: string): string | undefined | AuthError {
  const value = headers[name];
  if (Array.isArray(value)) {
    return value.length === 1 ? value[0] : new AuthError(`Header ${name} must be sent at most once.`);
  }
  return value;
}

/** Constant-time comparison, so response timing does not reveal how much of a guessed token matched. */
function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
