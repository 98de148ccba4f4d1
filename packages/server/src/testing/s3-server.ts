import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3StorageSettings } from '../config/file-storage-config.js';

export interface TestS3Server {
  settings: S3StorageSettings;
  stop(): Promise<void>;
}

/**
 * A real S3-protocol server (s3rver, on a free port, its data in a temporary
 * folder) with one empty bucket: what the S3 backend is tested against, so
 * the official client talks the real protocol, not a mock of itself.
 */
export async function startTestS3Server(bucket = 'kontor-files'): Promise<TestS3Server> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    settings: {
      bucket,
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      // s3rver's fixed credentials.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      keyPrefix: 'test/',
    },
    stop: async () => {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
