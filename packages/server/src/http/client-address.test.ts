import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, rateLimitedClient } from './client-address.js';
import { parseTrustProxy, type TrustProxy } from '../config/trust-proxy.js';

const request = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

const trust = (raw: string): TrustProxy => {
  const problems: string[] = [];
  const parsed = parseTrustProxy(raw, problems);
  expect(problems).toEqual([]);
  return parsed;
};

describe('the client address', () => {
  it('is the socket peer, whatever X-Forwarded-For says, when no proxy is trusted', () => {
    expect(clientAddress(request('198.51.100.1', '1.1.1.1'), trust('false'))).toBe('198.51.100.1');
  });

  it('is the address the trusted proxies appended, counted in hops from the right', () => {
    expect(clientAddress(request('10.0.0.2', '1.1.1.1, 203.0.113.7'), trust('true'))).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.2', '1.1.1.1, 203.0.113.7, 10.0.0.1'), trust('2'))).toBe('203.0.113.7');
    // Fewer entries than hops: the leftmost one the proxies passed on.
    expect(clientAddress(request('10.0.0.2', '203.0.113.7'), trust('3'))).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.2'), trust('1'))).toBe('10.0.0.2');
  });

  it('is the first address from the right outside the trusted proxy ranges', () => {
    const ranges = trust('10.0.0.0/8, loopback');
    expect(clientAddress(request('127.0.0.1', '1.1.1.1, 203.0.113.7, 10.1.2.3'), ranges)).toBe('203.0.113.7');
    // A peer that is no trusted proxy is the client itself, whatever it forwards.
    expect(clientAddress(request('198.51.100.1', '1.1.1.1'), ranges)).toBe('198.51.100.1');
  });
});

describe('KONTOR_TRUST_PROXY', () => {
  it('takes false, true, a hop count or proxy ranges', () => {
    expect(trust('')).toEqual({ kind: 'off' });
    expect(trust('FALSE')).toEqual({ kind: 'off' });
    expect(trust('true')).toEqual({ kind: 'hops', hops: 1 });
    expect(trust('2')).toEqual({ kind: 'hops', hops: 2 });
    expect(trust('10.0.0.0/8, fd00::/8, uniquelocal')).toEqual({ kind: 'ranges', ranges: ['10.0.0.0/8', 'fd00::/8', 'uniquelocal'] });
  });

  it('refuses anything else, saying what it takes', () => {
    for (const bad of ['maybe', '10.0.0.0/99', '300.1.1.1', '1000']) {
      const problems: string[] = [];
      expect(parseTrustProxy(bad, problems)).toEqual({ kind: 'off' });
      expect(problems[0]).toMatch(/^KONTOR_TRUST_PROXY must be false, true \(one proxy\), a number of proxies/);
    }
  });
});

describe('what a per-client rate limit counts', () => {
  it('is the IPv4 address, or the /64 network of an IPv6 one', () => {
    expect(rateLimitedClient('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitedClient('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitedClient('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitedClient('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(rateLimitedClient('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(rateLimitedClient('unknown')).toBe('unknown');
  });
});
