/** Loopback checks for the listener's addresses and for `Host` headers. */
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** Whether `address` is an IP literal in 127.0.0.0/8 or `::1` (IPv4-mapped forms included). */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return LOOPBACK.check(address, 'ipv4');
  if (family === 6) return LOOPBACK.check(address, 'ipv6');
  return false;
}

/**
 * Whether a `Host` header names this machine by a loopback name (`localhost`, `127.0.0.1:4000`,
 * `[::1]:4000`). A DNS-rebinding page reaches a loopback listener under its own host name, so a
 * request carrying any other name did not come from a local client addressing the gateway directly.
 */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  const lower = name.toLowerCase();
  return lower === 'localhost' || lower.endsWith('.localhost') || isLoopbackAddress(lower);
}

/**
 * Whether an `Origin` header names a page served from this machine (`http://localhost:3000`,
 * `http://127.0.0.1:5173`). `null` (sandboxed or file pages) and every other origin are foreign.
 */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHostHeader(url.host);
}
