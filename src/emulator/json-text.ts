/**
 * JSON text of HTTP response bodies with memoized parts. List pages are the emulator's hot path:
 * the same records are rendered and serialized on every read, so a rendered list item keeps its
 * JSON text and later pages holding it splice the text in instead of serializing it again.
 */

const texts = new WeakMap<object, string>();

/** Records `value`'s JSON text; `value` must not change afterwards (shared rendered items are frozen). */
export function rememberJson<T extends object>(value: T): T {
  texts.set(value, JSON.stringify(value));
  return value;
}

/**
 * `JSON.stringify(body)`, reusing remembered texts. Only the envelope (a page: its list and `meta`)
 * is walked here; everything below that is serialized natively, where native is fastest.
 */
export function stringifyBody(body: unknown): string {
  return write(body, 0) ?? 'null';
}

/** Depth to which the envelope is walked: page object → list array → items. */
const ENVELOPE_DEPTH = 2;

function write(value: unknown, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const known = texts.get(value);
  if (known !== undefined) return known;
  if (depth >= ENVELOPE_DEPTH) return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map((item) => write(item, depth + 1) ?? 'null').join(',') + ']';
  if (Object.getPrototypeOf(value) !== Object.prototype) return JSON.stringify(value);
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const text = write(item, depth + 1);
    if (text !== undefined) parts.push(JSON.stringify(key) + ':' + text);
  }
  return '{' + parts.join(',') + '}';
}
