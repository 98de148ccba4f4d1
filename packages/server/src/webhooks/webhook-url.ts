import { Resolver, type LookupAddress } from 'node:dns';
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

export interface WebhookAddressSettings {
  allowPrivateUrls: boolean;
  /** Bounds a DNS lookup (the whole delivery is bounded by it too). */
  timeoutMs: number;
  /** DNS servers for webhook hosts (`10.0.0.53` or `10.0.0.53:5353`); the system's (resolv.conf) when absent. */
  dnsServers?: string[];
}

/** RFC 6761: localhost names are loopback, without asking DNS. */
const loopback: LookupAddress[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

/**
 * A host's IPv4 and IPv6 addresses, from DNS through c-ares (node:dns
 * Resolver), within `timeoutMs`; none when it does not resolve or DNS does not
 * answer in time. Not dns.lookup: getaddrinfo runs on libuv's four shared
 * threads, and a few hosts whose DNS never answers would hold all of them
 * (and with them every other account's deliveries, file reads and crypto).
 * Names only in /etc/hosts therefore do not resolve, which is right for
 * receivers that must be public.
 */
export function resolveHost(hostname: string, settings: Pick<WebhookAddressSettings, 'timeoutMs' | 'dnsServers'>): Promise<LookupAddress[]> {
  const family = isIP(hostname);
  if (family !== 0) return Promise.resolve([{ address: hostname, family }]);
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return Promise.resolve(loopback);
  const resolver = new Resolver({ timeout: settings.timeoutMs, tries: 1 });
  if (settings.dnsServers) resolver.setServers(settings.dnsServers);
  // c-ares retries and tries every server in turn: this bounds the lot.
  const bound = setTimeout(() => resolver.cancel(), settings.timeoutMs);
  const query = (family: 4 | 6) =>
    new Promise<LookupAddress[]>((resolve) => {
      const done = (error: Error | null, addresses: string[]) => resolve(error ? [] : addresses.map((address) => ({ address, family })));
      if (family === 4) resolver.resolve4(name, done);
      else resolver.resolve6(name, done);
    });
  return Promise.all([query(4), query(6)])
    .then(([v4, v6]) => [...v4, ...v6])
    .finally(() => clearTimeout(bound));
}

/** Resolves the URL's host and refuses it when it does not resolve or any address is not public (unless allowed). */
export async function assertPublicWebhookUrl(url: URL, settings: WebhookAddressSettings): Promise<void> {
  if (settings.allowPrivateUrls) return;
  const addresses = await resolveHost(url.hostname.replace(/^\[|\]$/g, ''), settings);
  if (addresses.length === 0 || !addresses.every((entry) => isPublicAddress(entry.address))) throw new WebhookUrlError(notPublicMessage);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that hands the socket only public addresses:
 * the address checked is the address connected to, so a DNS answer that
 * changes after the URL was saved (DNS rebinding) cannot get through. A host
 * that does not resolve gets the same error as one that resolves to internal
 * addresses only: the deliveries list must not tell an owner which internal
 * names exist (say, through a CNAME of their own domain). (An address literal
 * is connected to without a lookup: check it with addressLiteral +
 * isPublicAddress before the request.)
 */
export function guardedLookup(settings: WebhookAddressSettings) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    void resolveHost(hostname, settings).then((addresses) => {
      const usable = addresses.filter(
        (entry) => (settings.allowPrivateUrls || isPublicAddress(entry.address)) && (options.family !== 4 && options.family !== 6 ? true : entry.family === options.family),
      );
      if (usable.length === 0) return callback(new WebhookUrlError(`${hostname} does not resolve to a public address; refused.`), '');
      if (options.all) return callback(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
