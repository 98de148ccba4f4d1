import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * IANA has allocated only 2000::/3 for global unicast. ipaddr.js calls
 * everything it has no special range for "unicast", including the deprecated
 * IPv4-compatible form (`::127.0.0.1` is `::7f00:1`) and the rest of ::/8, so
 * an IPv6 address must also lie in 2000::/3 to count as public.
 */
const globalUnicastV6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Whether a webhook may reach this address: only global unicast addresses
 * may. A webhook URL is chosen by an account's owner, and the server would
 * otherwise POST into its own network for them (loopback, private, link-local
 * with cloud metadata at 169.254.169.254, carrier-grade NAT, site-local,
 * multicast, broadcast, reserved). IPv4-mapped addresses are judged by their
 * IPv4 address; the IPv6 transition ranges that embed or translate to an IPv4
 * address (NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo
 * 2001::/32) are refused whole, as ipaddr.js classifies them.
 */
export function isPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return false;
  const parsed = ipaddr.process(address);
  if (parsed.range() !== 'unicast') return false;
  return parsed.kind() === 'ipv4' || parsed.match(globalUnicastV6);
}

export class WebhookUrlError extends Error {}

/** The one answer for a host that does not resolve and one that resolves to an internal address: saving must not reveal which. */
const notPublicMessage = 'The URL must point at a public address that resolves; internal, private and unknown hosts are refused.';

/** Checks a URL's form; the address check happens on save (assertPublicWebhookUrl) and again on every connection (guardedLookup). */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WebhookUrlError('The URL is not valid; write it as https://example.com/hooks/kontor.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlError('The URL must start with https:// (or http://).');
  if (url.username || url.password) throw new WebhookUrlError('The URL must not contain a user name or password; use the signature to authenticate deliveries.');
  return url;
}

/** A URL's host as an address literal, or `undefined` for a name. new URL() has already normalised 0x7f.1 and the like. */
export function addressLiteral(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : undefined;
}

/** Resolves the URL's host and refuses it when it does not resolve or any address is not public (unless allowed). */
export async function assertPublicWebhookUrl(url: URL, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = await new Promise<LookupAddress[]>((resolve) => dnsLookup(host, { all: true }, (error, found) => resolve(error ? [] : found)));
  if (addresses.length === 0 || !addresses.every((entry) => isPublicAddress(entry.address))) throw new WebhookUrlError(notPublicMessage);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that hands the socket only public addresses:
 * the address checked is the address connected to, so a DNS answer that
 * changes after the URL was saved (DNS rebinding) cannot get through. (An
 * address literal is connected to without a lookup: check it with
 * addressLiteral + isPublicAddress before the request.)
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const usable = allowPrivate ? addresses : addresses.filter((entry) => isPublicAddress(entry.address));
      if (usable.length === 0) return callback(new WebhookUrlError(`${hostname} does not resolve to a public address; refused.`), '');
      if (options.all) return callback(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
