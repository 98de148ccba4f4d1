import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportPKCS8, generateKeyPair, SignJWT, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSigningKeys, tokenAlgorithm } from './signing-keys.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-keys-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe('token signing keys', () => {
  it('are generated once into the data folder and reused on the next start', async () => {
    const dataDir = await tempDir();
    const first = await loadSigningKeys({ privateKeyPem: undefined, dataDir });
    const stat = await fs.stat(path.join(dataDir, 'token-signing-key.pem'));
    expect(stat.mode & 0o777).toBe(0o600);

    const token = await new SignJWT({}).setProtectedHeader({ alg: tokenAlgorithm }).sign(first.privateKey);
    const second = await loadSigningKeys({ privateKeyPem: undefined, dataDir });
    expect(second.keyId).toBe(first.keyId);
    await expect(jwtVerify(token, second.publicKey)).resolves.toBeDefined();
  });

  it('come from KONTOR_TOKEN_PRIVATE_KEY when given, writing nothing', async () => {
    const dataDir = await tempDir();
    const { privateKey } = await generateKeyPair(tokenAlgorithm, { extractable: true, crv: 'Ed25519' });
    const keys = await loadSigningKeys({ privateKeyPem: await exportPKCS8(privateKey), dataDir });
    expect(keys.keyId).toMatch(/^[\w-]{43}$/);
    expect(await fs.readdir(dataDir)).toEqual([]);
  });

  it('refuse a key that is not Ed25519', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    await expect(loadSigningKeys({ privateKeyPem: await exportPKCS8(privateKey), dataDir: await tempDir() })).rejects.toThrow(/not an Ed25519/);
  });
});
