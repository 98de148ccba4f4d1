import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestS3Server, type TestS3Server } from '../../testing/s3-server.js';
import { createFileStorage } from './create-file-storage.js';
import { storageKey, type FileStorage } from './file-storage.js';

let s3: TestS3Server;
let folder: string;
const backends: Record<string, () => FileStorage> = {
  folder: () => createFileStorage({ backend: 'folder', folder, maxFileBytes: 1024 }),
  s3: () => createFileStorage({ backend: 's3', s3: s3.settings, maxFileBytes: 1024 }),
};

beforeAll(async () => {
  s3 = await startTestS3Server();
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-files-'));
});
afterAll(async () => {
  await s3.stop();
  await fs.rm(folder, { recursive: true, force: true });
});

const newKey = () => storageKey(randomUUID(), randomUUID());
const read = async (stream: Readable) => Buffer.concat(await stream.toArray());

/** Sends `head`, then fails: a client that went away mid-upload. */
function brokenStream(head: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) return;
      sent = true;
      this.push(head);
      setTimeout(() => this.destroy(new Error('connection reset')), 20);
    },
  });
}

describe.each(Object.keys(backends))('file storage: %s', (backend) => {
  let storage: FileStorage;
  beforeAll(() => {
    storage = backends[backend]!();
  });
  afterAll(() => storage.close());

  it('keeps what was put under its key, byte for byte, and deletes it', async () => {
    const key = newKey();
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    await storage.put(key, Readable.from([bytes.subarray(0, 30_000), bytes.subarray(30_000)]), bytes.length);
    expect(await storage.has(key)).toBe(true);
    expect((await read((await storage.get(key))!)).equals(bytes)).toBe(true);
    await storage.delete(key);
    expect(await storage.has(key)).toBe(false);
    expect(await storage.get(key)).toBeUndefined();
    await storage.delete(key);
  });

  it('keeps nothing of an upload whose stream breaks off', async () => {
    const key = newKey();
    await expect(storage.put(key, brokenStream(Buffer.alloc(5000, 1)), 10_000)).rejects.toThrow();
    expect(await storage.has(key)).toBe(false);
    if (backend === 'folder') expect(await fs.readdir(path.join(folder, '.incoming'))).toEqual([]);
  });

  it('refuses a stream that ends short of its declared size', async () => {
    const key = newKey();
    await expect(storage.put(key, Readable.from([Buffer.alloc(100, 2)]), 200)).rejects.toThrow(/ended after 100 of 200 bytes/);
    // S3 itself refuses a body shorter than its Content-Length; s3rver keeps what came (an HTTP upload that ends short breaks off instead: above).
    if (backend === 'folder') expect(await storage.has(key)).toBe(false);
  });

  it('refuses a key that is not <account id>/<file id>', async () => {
    await expect(storage.put('../../etc/passwd', Readable.from([Buffer.from('x')]), 1)).rejects.toThrow(/not a file storage key/);
    await expect(storage.get('a/../../b')).rejects.toThrow(/not a file storage key/);
  });
});
