import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';
import { isPrivateAddress } from './webhook-url.js';

describe('private addresses', () => {
  it.each([
    '127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip',
  ])('%s is refused', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['1.1.1.1', '8.8.8.8', '172.32.0.1', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) =>
    expect(isPrivateAddress(address)).toBe(false),
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
