import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BillingConfig } from '../config/config.js';

/**
 * Stored IBANs are encrypted with AES-256-GCM. A hash and the last four
 * digits would be enough to show the IBAN again, but not to collect a direct
 * debit, which needs the whole number; encryption keeps that possible while a
 * database dump alone reveals nothing but the last four digits. The key comes
 * from KONTOR_IBAN_KEY (every server of a cluster gets the same one) or is
 * generated once into the data folder.
 */
const keyFileName = 'iban-key';
const nonceBytes = 12;
const tagBytes = 16;

const keys = new Map<string, Promise<Buffer>>();

export function ibanKey(config: Pick<BillingConfig, 'ibanKeyBase64'>, dataDir: string): Promise<Buffer> {
  if (config.ibanKeyBase64 !== undefined) return Promise.resolve(Buffer.from(config.ibanKeyBase64, 'base64'));
  let key = keys.get(dataDir);
  if (!key) {
    key = loadOrCreateKey(path.join(dataDir, keyFileName));
    keys.set(dataDir, key);
  }
  return key;
}

async function loadOrCreateKey(file: string): Promise<Buffer> {
  const existing = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (existing !== undefined) return Buffer.from(existing.trim(), 'base64');
  await fs.mkdir(path.dirname(file), { recursive: true });
  const created = randomBytes(32).toString('base64');
  // `wx`: if another process wrote the key first, keep theirs.
  return fs.writeFile(file, created, { mode: 0o600, flag: 'wx' }).then(
    () => Buffer.from(created, 'base64'),
    async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
      return Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64');
    },
  );
}

/** nonce || tag || ciphertext, bound to the account so a blob copied to another account does not decrypt. */
export function encryptIban(key: Buffer, accountId: string, iban: string): Buffer {
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(accountId));
  const ciphertext = Buffer.concat([cipher.update(iban, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]);
}

/** For the debit run only; nothing shown to a user ever calls it. */
export function decryptIban(key: Buffer, accountId: string, blob: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, nonceBytes));
  decipher.setAAD(Buffer.from(accountId));
  decipher.setAuthTag(blob.subarray(nonceBytes, nonceBytes + tagBytes));
  return Buffer.concat([decipher.update(blob.subarray(nonceBytes + tagBytes)), decipher.final()]).toString('utf8');
}
