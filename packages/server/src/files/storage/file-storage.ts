import type { Readable } from 'node:stream';

/**
 * Where the bytes of uploaded files live; the database keeps only their
 * metadata and storage key (files/file.entity.ts). Two backends behave the
 * same (file-storage.test.ts runs one contract against both): a folder
 * (default) and any S3-compatible object store (create-file-storage.ts).
 */
export interface FileStorage {
  /**
   * Stores `size` bytes from `body` under `key`. Resolves once the whole file
   * is stored; when the stream fails or ends early, rejects and leaves
   * nothing under the key.
   */
  put(key: string, body: Readable, size: number): Promise<void>;
  /** The file's bytes as a stream; `undefined` when there is none under the key. */
  get(key: string): Promise<Readable | undefined>;
  /** Removes the file; a key with nothing under it is no error. */
  delete(key: string): Promise<void>;
  /** Whether something is stored under the key (tests and the clean-up). */
  has(key: string): Promise<boolean>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** Keys are `<account id>/<file id>`: two UUIDs, so no key can climb out of its folder or prefix. */
const keyPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function storageKey(accountId: string, fileId: string): string {
  const key = `${accountId}/${fileId}`.toLowerCase();
  assertStorageKey(key);
  return key;
}

export function assertStorageKey(key: string): void {
  if (!keyPattern.test(key)) throw new Error(`not a file storage key: ${JSON.stringify(key)}`);
}
