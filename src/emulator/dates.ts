import type { DateFormat } from '../spec/model.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2017-05-30T23:05:29Z`: ISO 8601 without milliseconds, as Twilio's v1/v2 APIs write it. */
export function isoDate(date: Date): string {
  const iso = date.toISOString();
  // `YYYY-MM-DDTHH:mm:ss.sssZ` (24 characters) unless the year needs six digits and a sign.
  return iso.length === 24 ? iso.slice(0, 19) + 'Z' : iso.replace(/\.\d{3}Z$/, 'Z');
}

/** `Fri, 24 May 2019 17:44:46 +0000`: RFC 2822 in UTC, as the 2010 API writes it. */
export function rfc2822Date(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** Writes a timestamp in an API's own format. */
export function formatDate(date: Date, format: DateFormat): string {
  return format === 'rfc2822' ? rfc2822Date(date) : isoDate(date);
}

/** Parses a stored or client-supplied timestamp (ISO 8601, RFC 2822 or `YYYY-MM-DD`); undefined when unparseable. */
export function parseDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** The field formats that carry a timestamp (rendered in the API's own format). */
export function isTimestampFormat(format: string | undefined): boolean {
  return format === 'date-time' || format === 'date-time-rfc-2822';
}

/** A timestamp already in the v1/v2 form, as the store keeps them: rendered as it is. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * A stored timestamp in an API's own format; a value that is not a timestamp is returned as it is.
 * Records are rendered on every read, so the common case (stored ISO, ISO wanted) skips the parse.
 */
export function renderTimestamp(value: unknown, format: DateFormat): unknown {
  if (format === 'iso8601' && typeof value === 'string' && CANONICAL_ISO.test(value)) return value;
  const d = parseDate(value);
  return d ? formatDate(d, format) : value;
}
