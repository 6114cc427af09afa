/**
 * Where each product lives: Twilio's production hosts with region/edge, or the local emulator's
 * `${baseUrl}/${product}` scheme (notes/CONTRACTS.md, "Emulator URL scheme").
 */

/** Upstream placement, as given to the client. */
export interface HostOptions {
  /** Emulator or proxy base URL, e.g. `http://127.0.0.1:4010`; products become path prefixes. */
  baseUrl?: string;
  /** Twilio region such as `ie1` or `au1`. */
  region?: string;
  /** Twilio edge location such as `dublin` or `sydney`. */
  edge?: string;
}

/** A product's root: requests go to `origin + prefix + path`. */
export interface ProductRoot {
  /** Scheme, host and port, without trailing slash: `https://api.dublin.ie1.twilio.com`. */
  origin: string;
  /** Path prefix before the API path: '' in production, `/taskrouter` on the emulator. */
  prefix: string;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Throws unless `value` is a single lower-case DNS label, so no option can inject a host or path. */
export function assertLabel(kind: string, value: string): void {
  if (!LABEL.test(value)) throw new TypeError(`Invalid Twilio ${kind} ${JSON.stringify(value)}: expected a lower-case DNS label`);
}

/**
 * Production hostname for a product, built as twilio-node's `getHostname` does:
 * `{product}[.{edge}].{region}.twilio.com`, the region defaulting to `us1` when only an edge is
 * given, and the plain `{product}.twilio.com` when neither is.
 */
export function twilioHostname(product: string, region?: string, edge?: string): string {
  const effectiveRegion = region || (edge ? 'us1' : undefined);
  if (!effectiveRegion) return `${product}.twilio.com`;
  return [product, edge, effectiveRegion, 'twilio.com'].filter(Boolean).join('.');
}

/** Validated, normalised host options, resolved once per client. */
export class HostResolver {
  private readonly base?: ProductRoot;
  private readonly region?: string;
  private readonly edge?: string;

  constructor(options: HostOptions = {}) {
    if (options.region) assertLabel('region', options.region);
    if (options.edge) assertLabel('edge', options.edge);
    this.region = options.region || undefined;
    this.edge = options.edge || undefined;
    if (options.baseUrl) {
      const url = new URL(options.baseUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new TypeError(`baseUrl must be http(s), got ${url.protocol}`);
      }
      if (url.username || url.password || url.search || url.hash) {
        throw new TypeError('baseUrl must not contain credentials, a query or a fragment');
      }
      this.base = { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
    }
  }

  /** Root for `product`: the emulator prefix when a base URL is configured, else the Twilio host. */
  root(product: string): ProductRoot {
    assertLabel('product', product);
    return this.base
      ? { origin: this.base.origin, prefix: `${this.base.prefix}/${product}` }
      : { origin: `https://${twilioHostname(product, this.region, this.edge)}`, prefix: '' };
  }

  /**
   * Roots whose absolute links are accepted for `product`: the configured root and Twilio's canonical
   * production root. Either is re-resolved through {@link root}, so a link can never move the
   * credentials to another host.
   */
  acceptedLinkRoots(product: string): ProductRoot[] {
    const configured = this.root(product);
    const canonical = { origin: `https://${product}.twilio.com`, prefix: '' };
    return configured.origin === canonical.origin ? [configured] : [configured, canonical];
  }
}
