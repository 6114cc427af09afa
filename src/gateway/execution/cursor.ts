/**
 * Connection cursors. A cursor holds the query string of the Twilio page the edge
 * came from (Twilio's own `PageToken` paging) and the edge's offset in it. It never
 * holds a host or a path: the path always comes from the field being resolved, so a
 * cursor cannot steer a request anywhere else.
 */
import { GraphQLError } from 'graphql';

export interface Cursor {
  /** Query string of the page (`PageSize=50&Page=1&PageToken=PA…`). */
  query: string;
  /** Items of that page up to and including this offset are skipped; -1 = none. */
  offset: number;
}

/** Opaque, URL-safe encoding of a cursor. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.query, cursor.offset])).toString('base64url');
}

/** Decodes a cursor from `after`; a malformed one is a user error naming the argument. */
export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isInteger(value[1]) && value[1] >= -1) {
      return { query: value[0], offset: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError('Argument "after" is not a cursor returned by this gateway.', {
    extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
  });
}

/** The query string of a Twilio next-page link (absolute v1 URL or relative 2010 URI). */
export function linkQuery(link: string): string {
  const at = link.indexOf('?');
  return at === -1 ? '' : link.slice(at + 1);
}

/**
 * Checks a decoded cursor against the connection it is used on. Cursors are opaque but not trusted:
 * a crafted one may only carry that operation's own query parameters (paging and filters, as
 * Twilio's next-page links do) and a page size within the connection's cap.
 */
export function assertCursorFits(cursor: Cursor, isQueryParam: (name: string) => boolean, cap: number): void {
  for (const [name, value] of new URLSearchParams(cursor.query)) {
    const ok = isQueryParam(name) && (name !== 'PageSize' || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= cap));
    if (!ok) {
      throw new GraphQLError('Argument "after" is not a cursor for this connection.', {
        extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
      });
    }
  }
}
