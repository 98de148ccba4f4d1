import Bowser from 'bowser';
import ipaddr from 'ipaddr.js';

/**
 * How a session or a security event names the device it came from, for a
 * person to recognise it: the browser and the system from the user agent
 * (bowser), and the client's address, coarsened (IPv4 to its /24, IPv6 to its
 * /48), which is as close to a place as Kontor gets without a location
 * database, and no more precise than the user needs.
 */
export interface ClientDescription {
  browser: string | null;
  os: string | null;
  address: string | null;
}

export function describeUserAgent(userAgent: string | null | undefined): { browser: string | null; os: string | null } {
  if (!userAgent) return { browser: null, os: null };
  const parsed = Bowser.parse(userAgent);
  const major = parsed.browser.version?.split('.')[0];
  return {
    browser: parsed.browser.name ? [parsed.browser.name, major].filter(Boolean).join(' ') : null,
    os: parsed.os.name ? [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(' ') : null,
  };
}

/** The browser's family and system, without versions: what "a browser not seen before" compares. */
export function browserFamily(userAgent: string | null | undefined): string {
  if (!userAgent) return 'unknown';
  const parsed = Bowser.parse(userAgent);
  return `${parsed.browser.name || 'unknown'}|${parsed.os.name || 'unknown'}`;
}

export function coarseAddress(ip: string | null | undefined): string | null {
  if (!ip || !ipaddr.isValid(ip)) return null;
  let address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  if (address.kind() === 'ipv4') {
    const [a, b, c] = (address as ipaddr.IPv4).octets;
    return `${a}.${b}.${c}.x`;
  }
  const parts = (address as ipaddr.IPv6).parts.slice(0, 3).map((p) => p.toString(16));
  return `${parts.join(':')}::/48`;
}

export function describeClient(userAgent: string | null | undefined, ip: string | null | undefined): ClientDescription {
  return { ...describeUserAgent(userAgent), address: coarseAddress(ip) };
}
