import type { IncomingMessage } from 'node:http';
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
