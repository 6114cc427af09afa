/**
 * Twilio's wire encoding for form bodies and query strings, byte-for-byte what twilio-node sends
 * (`qs.stringify(data, { arrayFormat: 'repeat' })`): RFC 3986 percent-encoding, arrays as repeated
 * keys, booleans and numbers as strings, `undefined` omitted, `null` as an empty value.
 */
import type { FormFields, FormScalar } from './types.js';

/**
 * Percent-encodes everything but RFC 3986 unreserved characters. Unlike `encodeURIComponent` this
 * also encodes `!'()*`, as qs does, so a key like `DateSent>` becomes `DateSent%3E` and a space `%20`.
 */
export function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function scalarToString(key: string, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Form field ${JSON.stringify(key)} is not a finite number`);
      return String(value);
    default:
      // Twilio has no nested form syntax: objects must be flattened (`Timers.Closed`) or JSON-stringified by the caller.
      throw new TypeError(`Form field ${JSON.stringify(key)} must be a string, number, boolean or an array of those`);
  }
}

/** Encodes fields as `application/x-www-form-urlencoded` (also the query-string form, without `?`). */
export function encodeForm(fields: FormFields): string {
  const parts: string[] = [];
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined) continue;
    const encodedKey = encodeComponent(key);
    if (value === null) {
      parts.push(`${encodedKey}=`);
    } else if (Array.isArray(value)) {
      for (const item of value as readonly FormScalar[]) {
        parts.push(`${encodedKey}=${encodeComponent(scalarToString(key, item))}`);
      }
    } else {
      parts.push(`${encodedKey}=${encodeComponent(scalarToString(key, value))}`);
    }
  }
  return parts.join('&');
}

/** True for plain records usable as form fields; JSON bodies may be anything. */
export function isFormFields(value: unknown): value is FormFields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
