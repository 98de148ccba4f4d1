import proxyaddr from 'proxy-addr';

/**
 * Which proxies in front of Kontor are trusted to say who the client is
 * (`KONTOR_TRUST_PROXY`). Addresses in `X-Forwarded-For` are read from the
 * right: each trusted proxy appends the address it was reached from, so the
 * leftmost entries are whatever the client wrote and prove nothing.
 * - `off`: the socket's peer is the client; `X-Forwarded-For` is ignored.
 * - `hops`: that many proxies stand in front (`true` = 1); the client is the
 *   address the outermost of them appended.
 * - `ranges`: proxies at these addresses or CIDR ranges (and `loopback`,
 *   `linklocal`, `uniquelocal`) are trusted; the client is the first address,
 *   from the right, outside them.
 */
export type TrustProxy = { kind: 'off' } | { kind: 'hops'; hops: number } | { kind: 'ranges'; ranges: string[] };

const example = 'false, true (one proxy), a number of proxies such as 2, or proxy addresses and CIDR ranges such as "10.0.0.0/8, loopback"';

export function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const value = raw?.trim().toLowerCase() ?? '';
  if (['', 'false', 'no', '0'].includes(value)) return { kind: 'off' };
  if (['true', 'yes'].includes(value)) return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 100) return { kind: 'hops', hops };
  } else {
    const ranges = value.split(',').map((entry) => entry.trim()).filter(Boolean);
    try {
      proxyaddr.compile(ranges);
      return { kind: 'ranges', ranges };
    } catch {
      // Reported below.
    }
  }
  problems.push(`KONTOR_TRUST_PROXY must be ${example} (got "${raw?.trim()}")`);
  return { kind: 'off' };
}
