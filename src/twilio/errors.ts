/**
 * Error classes of the Twilio REST client and the mapping of error responses onto them.
 * No error carries credentials: messages are built from status, Twilio's own fields and host names.
 */

/** Fields of a Twilio error response, from either the legacy or the RFC-9457 body. */
export interface TwilioApiErrorFields {
  status: number;
  code?: number;
  moreInfo?: string;
  details?: unknown;
  /** RFC-9457 `type` URI, when Twilio answered in that format. */
  type?: string;
  /** Seconds-or-date `Retry-After` value converted to milliseconds, when present. */
  retryAfterMs?: number;
}

/** Twilio answered with a non-2xx status. */
export class TwilioApiError extends Error {
  override readonly name = 'TwilioApiError';
  readonly status: number;
  /** Twilio error code (e.g. 20404), when the body carried one. */
  readonly code?: number;
  /** Documentation URL from `more_info` (legacy) or `type` (RFC-9457). */
  readonly moreInfo?: string;
  readonly details?: unknown;
  readonly type?: string;
  readonly retryAfterMs?: number;

  constructor(message: string, fields: TwilioApiErrorFields) {
    super(message);
    this.status = fields.status;
    if (fields.code !== undefined) this.code = fields.code;
    if (fields.moreInfo !== undefined) this.moreInfo = fields.moreInfo;
    if (fields.details !== undefined) this.details = fields.details;
    if (fields.type !== undefined) this.type = fields.type;
    if (fields.retryAfterMs !== undefined) this.retryAfterMs = fields.retryAfterMs;
  }
}

/**
 * Why no usable response came back:
 * - `connect`: the connection could not be opened (nothing sent);
 * - `network`: the connection broke mid-request (a non-GET may have been processed);
 * - `timeout`: headers or body did not arrive within the upstream timeout;
 * - `deadline`: the call's deadline passed;
 * - `circuit-open`: the host is short-circuited after repeated failures (nothing sent);
 * - `limiter`: the account's concurrency queue was full or the wait exceeded its bound (nothing sent);
 * - `invalid-response`: a 2xx response whose body was not valid JSON.
 */
export type UnavailableReason =
  | 'connect'
  | 'network'
  | 'timeout'
  | 'deadline'
  | 'circuit-open'
  | 'limiter'
  | 'invalid-response';

/** The upstream could not be reached or gave no usable answer. */
export class UpstreamUnavailableError extends Error {
  override readonly name = 'UpstreamUnavailableError';
  /** Origin of the upstream, e.g. `https://api.twilio.com`. */
  readonly host: string;
  readonly reason: UnavailableReason;
  /**
   * Whether the request may have reached Twilio. When true for a POST/PATCH/DELETE the outcome is
   * unknown (the side effect may have happened); when false it certainly did not.
   */
  readonly sent: boolean;

  constructor(message: string, options: { host: string; reason: UnavailableReason; sent: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.host = options.host;
    this.reason = options.reason;
    this.sent = options.sent;
  }
}

/** A request was refused before sending because its path could steer it elsewhere. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
}

/** A next-page link pointed outside the configured upstream for its product. */
export class ForeignLinkError extends Error {
  override readonly name = 'ForeignLinkError';
}

/** Longest excerpt of a non-JSON error body quoted in a message. */
const EXCERPT_CHARS = 120;

/**
 * Maps a non-2xx response onto a {@link TwilioApiError}. Understands Twilio's legacy body
 * (`code, message, more_info, status, details`), RFC-9457 bodies (`type, title, status, code, detail`)
 * and anything else (HTML from a proxy, truncated JSON), which gets a message naming status and type.
 */
export function errorFromResponse(
  status: number,
  contentType: string | undefined,
  text: string,
  retryAfterMs?: number,
): TwilioApiError {
  const base: TwilioApiErrorFields = { status };
  if (retryAfterMs !== undefined) base.retryAfterMs = retryAfterMs;
  const parsed = parseJsonObject(text);
  if (parsed !== undefined) {
    const code = typeof parsed.code === 'number' ? parsed.code : undefined;
    if (code !== undefined) base.code = code;
    if (typeof parsed.type === 'string' && typeof parsed.title === 'string') {
      // RFC-9457 as Twilio's newer APIs send it; `type` doubles as the documentation link.
      base.type = parsed.type;
      base.moreInfo = parsed.type;
      const details = pick(parsed, ['instance', 'errors']);
      if (details !== undefined) base.details = details;
      const detail = typeof parsed.detail === 'string' && parsed.detail !== '' ? parsed.detail : undefined;
      return new TwilioApiError(detail ?? parsed.title, base);
    }
    if (typeof parsed.more_info === 'string') base.moreInfo = parsed.more_info;
    if (parsed.details !== undefined) base.details = parsed.details;
    const message =
      typeof parsed.message === 'string' && parsed.message !== ''
        ? parsed.message
        : `Twilio returned HTTP ${status}${code === undefined ? '' : ` (code ${code})`} without a message`;
    return new TwilioApiError(message, base);
  }
  const kind = contentType?.split(';')[0]?.trim() || 'no content type';
  const excerpt = excerptOf(text);
  const what = text.trim() === '' ? 'an empty body' : `a non-JSON body (${kind}): ${excerpt}`;
  return new TwilioApiError(`Twilio returned HTTP ${status} with ${what}`, base);
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key of keys) {
    if (source[key] !== undefined) (out ??= {})[key] = source[key];
  }
  return out;
}

/** A short, single-line, tag-free excerpt so an HTML error page stays readable in a log line. */
function excerptOf(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
    .trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}
