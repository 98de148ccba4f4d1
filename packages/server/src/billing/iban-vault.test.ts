import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptIban, encryptIban, ibanKey } from './iban-vault.js';

describe('the IBAN vault', () => {
  const key = randomBytes(32);
  const account = '00000000-0000-4000-8000-000000000001';

  it('gives the whole IBAN back to the debit run, and nothing readable to anyone else', () => {
    const blob = encryptIban(key, account, 'DE89370400440532013000');
    expect(blob.toString('latin1')).not.toContain('0532013000');
    expect(decryptIban(key, account, blob)).toBe('DE89370400440532013000');
  });

  it('refuses a blob copied to another account or read with another key', () => {
    const blob = encryptIban(key, account, 'DE89370400440532013000');
    expect(() => decryptIban(key, '00000000-0000-4000-8000-000000000002', blob)).toThrow();
    expect(() => decryptIban(randomBytes(32), account, blob)).toThrow();
  });

  it('takes the key from the configuration, or generates one into the data folder once', async () => {
    const configured = randomBytes(32);
    expect(await ibanKey({ ibanKeyBase64: configured.toString('base64') }, '/nonexistent')).toEqual(configured);
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-iban-'));
    try {
      const generated = await ibanKey({ ibanKeyBase64: undefined }, dataDir);
      expect(generated).toHaveLength(32);
      expect(Buffer.from((await fs.readFile(path.join(dataDir, 'iban-key'), 'utf8')).trim(), 'base64')).toEqual(generated);
      expect((await fs.stat(path.join(dataDir, 'iban-key'))).mode & 0o777).toBe(0o600);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
