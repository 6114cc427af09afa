/**
 * Twilio REST client: hosts (regions, edges, emulator base URL), Basic auth, Twilio's form encoding,
 * error mapping, GET retries, per-account concurrency limiting and per-host circuit breaking.
 * Knows nothing of GraphQL.
 */
export { DEFAULT_MAX_CONCURRENCY, TwilioClient, type TwilioClientOptions } from './client.js';
export type {
  CallOptions,
  Credential,
  FormFields,
  FormScalar,
  FormValue,
  HttpMethod,
  UpstreamEvent,
  UpstreamRequest,
  UpstreamResponse,
} from './types.js';
export {
  ForeignLinkError,
  TwilioApiError,
  UnsafePathError,
  UpstreamUnavailableError,
  errorFromResponse,
  type TwilioApiErrorFields,
  type UnavailableReason,
} from './errors.js';
export { HostResolver, assertLabel, twilioHostname, type HostOptions, type ProductRoot } from './hosts.js';
export { encodeComponent, encodeForm, isFormFields } from './encoding.js';
export { assertSafePath } from './paths.js';
export { resolvePageLink, type ResolvedLink } from './links.js';
export { backoffDelay, isRetryableStatus, parseRetryAfter, type BackoffOptions } from './retry.js';
export { KeyedLimiter, LimiterRejection, type LimiterOptions, type Release } from './limiter.js';
export { CircuitBreaker, type CircuitOptions, type CircuitOutcome } from './circuit.js';
export { basicAuthorization, USER_AGENT } from './auth.js';
