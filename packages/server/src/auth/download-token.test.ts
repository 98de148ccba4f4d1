import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadLinkLifetimeSeconds, signDownloadToken, verifyDownloadToken } from './download-token.js';
import { loadSigningKeys, type SigningKeys } from './signing-keys.js';

let dataDir: string;
let keys: SigningKeys;
const grant = { userId: 'u-1', sessionId: 's-1', accountId: 'a-1' };

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-download-token-'));
  keys = await loadSigningKeys({ privateKeyPem: undefined, dataDir });
});
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

describe('download tokens', () => {
  it('carry their grant and what is downloaded', async () => {
    const token = await signDownloadToken(keys, 'export', grant, { lst: 'PEOPLE', col: ['firstName', 'lastName'] });
    expect(await verifyDownloadToken(keys, 'export', token)).toEqual({
      grant,
      claims: expect.objectContaining({ lst: 'PEOPLE', col: ['firstName', 'lastName'] }),
    });
  });

  it('are good for their own purpose only: a file link opens no invoice and no export', async () => {
    const token = await signDownloadToken(keys, 'file', grant, { fil: 'f-1' });
    expect(await verifyDownloadToken(keys, 'invoice', token)).toBeUndefined();
    expect(await verifyDownloadToken(keys, 'export', token)).toBeUndefined();
  });

  it('expire after five minutes', async () => {
    const signedAt = new Date(Date.now() - (downloadLinkLifetimeSeconds + 5) * 1000);
    const token = await signDownloadToken(keys, 'export', grant, {}, signedAt);
    expect(await verifyDownloadToken(keys, 'export', token)).toBeUndefined();
  });

  it('are refused when changed, or signed with another key', async () => {
    const token = await signDownloadToken(keys, 'export', grant, { lst: 'PEOPLE' });
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), acc: 'a-2' })).toString('base64url');
    expect(await verifyDownloadToken(keys, 'export', `${header}.${forged}.${signature}`)).toBeUndefined();
    const otherDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-download-token-'));
    try {
      const otherKeys = await loadSigningKeys({ privateKeyPem: undefined, dataDir: otherDir });
      expect(await verifyDownloadToken(otherKeys, 'export', token)).toBeUndefined();
    } finally {
      await fs.rm(otherDir, { recursive: true, force: true });
    }
  });
});
