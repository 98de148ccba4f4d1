import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config/trust-proxy.js';

type TrustFn = (address: string, hopsFromServer: number) => boolean;
const compiled = new WeakMap<TrustProxy, TrustFn>();

/**
 * The address of the client a request came from, as rate limits and session
 * records count it. Behind trusted proxies `proxy-addr` (Express's own) walks
 * `X-Forwarded-For` from the right and stops at the first address no trusted
 * proxy vouches for, so nothing the client writes into the header can change it.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  if (trust.kind === 'off') return req.socket.remoteAddress ?? 'unknown';
  let trusts = compiled.get(trust);
  if (!trusts) {
    // proxy-addr asks about the socket's peer first (0), then X-Forwarded-For from its right end.
    trusts = trust.kind === 'hops' ? (_address, hopsFromServer) => hopsFromServer < trust.hops : proxyaddr.compile(trust.ranges);
    compiled.set(trust, trusts);
  }
  return proxyaddr(req, trusts);
}

/**
 * What per-client rate limits count: an IPv4 address, or the /64 network of
 * an IPv6 one. A subscriber gets a whole /64 and may use any of its 2^64
 * addresses, so counting single IPv6 addresses would be no limit at all.
 */
export function rateLimitedClient(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.parse(address);
  if (parsed instanceof ipaddr.IPv4) return parsed.toString();
  if (parsed.isIPv4MappedAddress()) return parsed.toIPv4Address().toString();
  return `${new ipaddr.IPv6([...parsed.parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`;
}
