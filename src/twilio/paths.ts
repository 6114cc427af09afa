/**
 * Defence in depth against path steering: the gateway fills path templates, but the client refuses
 * any path that could reach a different resource than the template meant, before anything is sent.
 */
import { UnsafePathError } from './errors.js';

/** RFC 3986 `pchar` without `%`, which is checked separately as a full escape. */
const SEGMENT_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$/;
const ESCAPE = /%(?![0-9A-Fa-f]{2})/;
/** Escapes that decode to separators or controls: `%2F` `/`, `%5C` `\`, `%00`–`%1F`, `%7F`. */
const DANGEROUS_ESCAPE = /%(?:2[Ff]|5[Cc]|[01][0-9A-Fa-f]|7[Ff])/;
/** Segments that mean "here" or "parent", also when written as `%2E`. */
const DOT_SEGMENT = /^(?:\.|%2[Ee]){1,2}$/;

/**
 * Throws {@link UnsafePathError} unless `path` is an absolute path of non-empty, well-formed,
 * percent-encoded segments with no dot segments, no encoded slash or backslash, no `?` or `#` and no
 * control characters. `what` names the path in the message (no credentials are ever in a path).
 */
export function assertSafePath(path: string, what = 'Upstream path'): void {
  const fail = (reason: string): never => {
    throw new UnsafePathError(`${what} ${JSON.stringify(path)} refused: ${reason}`);
  };
  if (!path.startsWith('/')) fail('it must start with "/"');
  if (/[\u0000-\u001f\u007f]/.test(path)) fail('it contains a control character');
  if (path.includes('?') || path.includes('#')) fail('it contains "?" or "#"; pass query parameters separately');
  const segments = path.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '') fail('it contains an empty segment');
    if (DOT_SEGMENT.test(segment)) fail(`it contains the dot segment "${segment}"`);
    if (!SEGMENT_CHARS.test(segment)) fail(`segment "${segment}" has characters that must be percent-encoded`);
    if (ESCAPE.test(segment)) fail(`segment "${segment}" has a malformed percent escape`);
    if (DANGEROUS_ESCAPE.test(segment)) fail(`segment "${segment}" encodes a slash, backslash or control character`);
  }
}
