import fs from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importJWK, importPKCS8, type CryptoKey } from 'jose';

/** Access tokens are signed with Ed25519 and only that: the verifier pins it. */
export const tokenAlgorithm = 'EdDSA';

export interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Key ID (`kid`): the public key's JWK thumbprint. */
  keyId: string;
}

const keyFileName = 'token-signing-key.pem';

/**
 * The key that signs access tokens: from KONTOR_TOKEN_PRIVATE_KEY when given
 * (several servers share it), else generated once and kept in the data
 * folder, so a restart keeps sessions valid.
 */
export async function loadSigningKeys(options: { privateKeyPem: string | undefined; dataDir: string }): Promise<SigningKeys> {
  let pem = options.privateKeyPem;
  if (pem === undefined) {
    const file = path.join(options.dataDir, keyFileName);
    pem = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (pem === undefined) {
      const generated = await generateKeyPair(tokenAlgorithm, { extractable: true, crv: 'Ed25519' });
      pem = await exportPKCS8(generated.privateKey);
      await fs.mkdir(options.dataDir, { recursive: true });
      // `wx`: if another process wrote the key first, keep theirs.
      await fs.writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
        pem = await fs.readFile(file, 'utf8');
      });
    }
  }
  return keysFromPem(pem!);
}

async function keysFromPem(pem: string): Promise<SigningKeys> {
  let privateKey: CryptoKey;
  try {
    privateKey = await importPKCS8(pem, tokenAlgorithm, { extractable: true });
  } catch (error) {
    throw new Error(`the token signing key is not an Ed25519 PKCS#8 key: ${(error as Error).message}`);
  }
  // The public half is derived from the private JWK (`x`), so only one secret needs keeping.
  const { d: _private, ...publicJwk } = await exportJWK(privateKey);
  const publicKey = (await importJWK({ ...publicJwk, alg: tokenAlgorithm }, tokenAlgorithm)) as CryptoKey;
  return { privateKey, publicKey, keyId: await calculateJwkThumbprint(publicJwk) };
}
