/**
 * Next-page links as Twilio returns them: absolute `meta.next_page_url` (v1/v2 APIs, the emulator
 * writes its own origin plus product prefix) or relative `next_page_uri` (2010 API, relative to the
 * product root). Links are only followed to the configured upstream of their product.
 */
import { ForeignLinkError } from './errors.js';
import type { HostResolver } from './hosts.js';
import { assertSafePath } from './paths.js';

/** A page link split into the product-relative path and the raw (already encoded) query. */
export interface ResolvedLink {
  path: string;
  /** Query string without `?`, exactly as Twilio wrote it (PageToken etc.); '' when absent. */
  rawQuery: string;
}

const QUERY_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/**
 * Splits `link` into path and query relative to `product`'s root. Throws {@link ForeignLinkError}
 * for absolute links outside the product's accepted roots, and {@link UnsafePathError} (via
 * `assertSafePath`) for paths that could steer the request.
 */
export function resolvePageLink(hosts: HostResolver, product: string, link: string): ResolvedLink {
  let relative: string | undefined;
  if (link.startsWith('/') && !link.startsWith('//')) {
    relative = link;
  } else {
    for (const root of hosts.acceptedLinkRoots(product)) {
      // Compare as strings, never via URL parsing: `new URL` would resolve `..` before we could see it.
      const origin = link.slice(0, root.origin.length);
      const rest = link.slice(root.origin.length);
      if (origin.toLowerCase() === root.origin.toLowerCase() && rest.startsWith(`${root.prefix}/`)) {
        relative = rest.slice(root.prefix.length);
        break;
      }
    }
  }
  if (relative === undefined) {
    throw new ForeignLinkError(
      `Refusing to follow page link ${JSON.stringify(describe(link))}: it does not point at the configured ${product} upstream`,
    );
  }
  if (relative.includes('#')) throw new ForeignLinkError('Refusing to follow a page link with a fragment');
  const q = relative.indexOf('?');
  const path = q === -1 ? relative : relative.slice(0, q);
  const rawQuery = q === -1 ? '' : relative.slice(q + 1);
  assertSafePath(path, 'Page link path');
  if (!QUERY_CHARS.test(rawQuery) || BAD_ESCAPE.test(rawQuery)) {
    throw new ForeignLinkError('Refusing to follow a page link whose query is not properly encoded');
  }
  return { path, rawQuery };
}

/** The link without its query (which may hold tokens) and without any userinfo, for messages. */
function describe(link: string): string {
  const noQuery = link.split(/[?#]/, 1)[0] ?? '';
  return noQuery.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
