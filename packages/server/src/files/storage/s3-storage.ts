import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3StorageSettings } from '../../config/file-storage-config.js';
import { assertStorageKey, type FileStorage } from './file-storage.js';

/**
 * Files in an S3-compatible bucket, through the official AWS SDK. An object
 * appears only once the store has received all of its declared length, so an
 * interrupted upload leaves no object; a delete follows a failed put anyway,
 * for stores that keep what they got.
 */
export class S3Storage implements FileStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3StorageSettings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      // Checksums only where S3 requires them: the SDK's default sends streamed bodies as `aws-chunked`
      // with a trailing checksum, which many S3-compatible stores do not understand.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private objectKey(key: string): string {
    assertStorageKey(key);
    return `${this.settings.keyPrefix}${key}`;
  }

  async put(key: string, body: Readable, size: number): Promise<void> {
    const Key = this.objectKey(key);
    // The SDK waits for a body that breaks off or ends short instead of failing: count the bytes, and abort the request then.
    const abort = new AbortController();
    let received = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done(received > size ? new Error(`the upload is longer than its declared ${size} bytes`) : null, chunk);
      },
      flush(done) {
        done(received === size ? null : new Error(`the upload ended after ${received} of ${size} bytes`));
      },
    });
    const flowing = pipeline(body, counted).catch((error: unknown) => {
      abort.abort(error);
      throw error;
    });
    const outcomes = await Promise.allSettled([
      this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key, Body: counted, ContentLength: size, ContentType: 'application/octet-stream' }), {
        abortSignal: abort.signal,
      }),
      flowing,
    ]);
    // The body's own failure first: it says why the request was aborted.
    const failed = [outcomes[1], outcomes[0]].find((outcome) => outcome.status === 'rejected');
    if (failed) {
      // Only once the request has ended, or the store might finish the object after it was deleted.
      await this.delete(key).catch(() => undefined);
      throw failed.reason;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      return object.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || error instanceof NotFound) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
