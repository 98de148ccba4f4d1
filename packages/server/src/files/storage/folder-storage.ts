import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertStorageKey, type FileStorage } from './file-storage.js';

/**
 * Files in a folder (by default `KONTOR_DATA_DIR/files`): `<account id>/<file id>`.
 * A file is written to `.incoming/` first and renamed into place only when
 * all of it has arrived, so an interrupted upload never leaves a partial file
 * under its key, and the partial one is removed at once.
 */
export class FolderStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Readable, size: number): Promise<void> {
    const target = this.pathOf(key);
    const incoming = path.join(this.root, '.incoming');
    await fs.mkdir(incoming, { recursive: true });
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = path.join(incoming, randomUUID());
    try {
      await pipeline(body, createWriteStream(temporary, { flags: 'wx', mode: 0o600 }));
      const { size: written } = await fs.stat(temporary);
      if (written !== size) throw new Error(`the upload ended after ${written} of ${size} bytes`);
      await fs.rename(temporary, target);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    const file = this.pathOf(key);
    try {
      const handle = await fs.open(file, 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async has(key: string): Promise<boolean> {
    return fs.stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async close(): Promise<void> {}
}
