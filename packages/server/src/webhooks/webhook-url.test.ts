import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';
import { isPublicAddress } from './webhook-url.js';

describe('webhook addresses', () => {
  it.each([
    // Issue 13: IPv4-compatible loopback, local-use NAT64 (64:ff9b:1::/48), site-local (fec0::/10), 6to4 (2002::/16) around a private IPv4.
    ['::127.0.0.1'], ['::7f00:1'], ['64:ff9b:1::a00:1'], ['64:ff9b:1:ffff::1'], ['fec0::1'], ['feff::1'], ['2002:a00:1::1'], ['2002:7f00:1::'],
    // NAT64 well-known prefix, Teredo, IPv4-translated, discard-only, documentation, the rest of ::/8 and of what is not 2000::/3.
    ['64:ff9b::7f00:1'], ['64:ff9b::808:808'], ['2001::1'], ['2001:0:4136:e378:8000:63bf:3fff:fdd2'], ['::ffff:0:7f00:1'], ['100::1'], ['2001:db8::1'], ['::1:2:3'], ['4000::1'],
    ['127.0.0.1'], ['127.1.2.3'], ['10.0.0.1'], ['10.255.255.255'], ['172.16.0.1'], ['172.31.255.255'], ['192.168.1.1'], ['169.254.169.254'], ['100.64.0.1'],
    ['100.127.255.254'], ['0.0.0.0'], ['0.1.2.3'], ['224.0.0.1'], ['239.255.255.250'], ['255.255.255.255'], ['240.0.0.1'], ['192.0.2.1'], ['198.18.0.1'],
    ['::1'], ['::'], ['fc00::1'], ['fd12:3456::1'], ['fe80::1'], ['febf::1'], ['ff02::1'], ['ff0e::1'],
    ['::ffff:127.0.0.1'], ['::ffff:7f00:1'], ['::ffff:10.0.0.1'], ['::ffff:169.254.169.254'], ['::ffff:100.64.0.1'],
    ['not-an-ip'], ['localhost'], [''], ['127.0.0.1.nip.io'],
  ])('%s is refused', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each([['1.1.1.1'], ['8.8.8.8'], ['172.32.0.1'], ['100.128.0.1'], ['93.184.216.34'], ['2606:4700:4700::1111'], ['2a00:1450:4001:80b::200e'], ['::ffff:8.8.8.8']])(
    '%s is public',
    (address) => expect(isPublicAddress(address)).toBe(true),
  );
});

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"event":"person.created"}';
  const now = 1_800_000_000;

  it('verify over the timestamp and the exact body', () => {
    const header = signWebhookBody(secret, body, now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, body, header, { now })).toBe(true);
    expect(verifyWebhookSignature(secret, `${body} `, header, { now })).toBe(false);
    expect(verifyWebhookSignature(secret, body, header.replace('t=1800000000', 't=1800000001'), { now })).toBe(false);
  });

  it('refuse an old timestamp (replay) and malformed headers', () => {
    expect(verifyWebhookSignature(secret, body, signWebhookBody(secret, body, now - 301), { now })).toBe(false);
    for (const header of [undefined, '', 'v1=abc', 't=x,v1=00', `t=${now}`]) expect(verifyWebhookSignature(secret, body, header, { now })).toBe(false);
  });
});
