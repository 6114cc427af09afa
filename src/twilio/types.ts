/**
 * Shared types of the Twilio REST client. The client knows nothing of GraphQL; these shapes are the
 * contract with the gateway (see notes/CONTRACTS.md, section src/twilio).
 */

/**
 * Credentials for one upstream call. `username`/`password` are either an Account SID and its Auth
 * Token, or an API Key SID (`SK…`) and its secret; `accountSid` names the account the caller means
 * either way, which is what 2010 paths are built from. Twilio's product hosts act on the
 * credential's own account whatever `accountSid` says, so the client keys limiter and circuit by the
 * account a call's path names, else by `username` (see trust.ts).
 */
export type Credential = { kind: 'basic'; username: string; password: string; accountSid: string };

/** HTTP methods Twilio's REST APIs use. */
export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PATCH';

/** A scalar form or query value. Numbers and booleans are sent as their string forms. */
export type FormScalar = string | number | boolean;

/**
 * A form or query field value. Arrays become repeated keys; `undefined` omits the field; `null`
 * sends an empty value (as twilio-node does), which Twilio reads as "clear this field".
 */
export type FormValue = FormScalar | readonly FormScalar[] | null | undefined;

/** Form fields or query parameters, keyed by Twilio's wire names (`DateSent>`, `Timers.Closed`). */
export type FormFields = Readonly<Record<string, FormValue>>;

/** One call to a Twilio REST endpoint. */
export interface UpstreamRequest {
  /** Product label, i.e. the first label of the production host: 'api', 'taskrouter', 'flex-api'. */
  product: string;
  method: HttpMethod;
  /** Filled path template without query, each segment already percent-encoded: '/v1/Workspaces/WS…/Workers'. */
  path: string;
  query?: FormFields;
  /** Form fields (`bodyEncoding` 'form', the default) or any JSON value (`bodyEncoding` 'json'). */
  body?: FormFields | unknown;
  bodyEncoding?: 'form' | 'json';
  /** Extra headers such as `If-Match` or `X-Twilio-Webhook-Enabled`. Connection and auth headers are refused. */
  headers?: Readonly<Record<string, string>>;
}

/** Per-call controls. Both bound retries, backoff sleeps, limiter queueing and the attempts themselves. */
export interface CallOptions {
  /** Aborting rejects the call with the signal's reason. */
  signal?: AbortSignal;
  /** Absolute deadline in epoch milliseconds (`Date.now()` clock). */
  deadline?: number;
}

/** A successful (2xx) upstream response. */
export interface UpstreamResponse {
  status: number;
  /** Parsed JSON, or `null` for 204 and empty bodies. */
  body: unknown;
  /** Response headers with lower-case names (e.g. `etag`). */
  headers: Record<string, string>;
}

/**
 * One upstream attempt, reported to the `onUpstream` hook. Holds no credentials and no query string.
 */
export interface UpstreamEvent {
  product: string;
  method: HttpMethod;
  /** Origin the attempt went (or would have gone) to, e.g. `https://taskrouter.twilio.com`. */
  host: string;
  /** Concrete request path relative to the product root, without query. */
  path: string;
  /** HTTP status, absent when no response was received. */
  status?: number;
  durationMs: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** True when the client will retry after this attempt. */
  retried: boolean;
  /** False when the attempt failed before anything was sent (open circuit, limiter, deadline). */
  sent: boolean;
  /** The error this attempt ended with, if any. */
  error?: Error;
}
