/**
 * Retry policy for idempotent (GET) calls: which outcomes are worth another attempt and how long to
 * wait. Twilio documents a 429 as "never processed and always safe to retry" with exponential
 * backoff; 5xx and broken connections are usually transient too.
 */

/** Backoff settings; see `TwilioClientOptions` for defaults. */
export interface BackoffOptions {
  /** Cap of the first retry's delay; doubles per retry. */
  baseDelayMs: number;
  /** Upper bound of any computed backoff delay. */
  maxDelayMs: number;
}

/** True for statuses a GET is retried on: 429 and 5xx (bar 501 Not Implemented, which never heals). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/**
 * Full-jitter exponential backoff: a uniform delay in `[0, min(maxDelayMs, baseDelayMs * 2^(retry-1)))`.
 * Jitter spreads retries of many concurrent callers so they do not hit Twilio in lock step.
 * `retry` is 1 for the first retry.
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}

/**
 * Parses a `Retry-After` header (delta seconds or an HTTP date) into a delay in milliseconds,
 * clamped at zero. Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates start with a day name; this keeps Date.parse's lenient guessing away from junk like "1.5".
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
