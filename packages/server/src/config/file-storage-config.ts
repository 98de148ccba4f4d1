import path from 'node:path';

/** Where uploaded files are kept (files/storage/): a folder on this machine, or an S3-compatible object store. */
export type FileStorageConfig =
  | { backend: 'folder'; folder: string; maxFileBytes: number }
  | { backend: 's3'; s3: S3StorageSettings; maxFileBytes: number };

export interface S3StorageSettings {
  bucket: string;
  region: string;
  /** Another S3-compatible store than AWS (MinIO, Ceph, Hetzner, …): its URL; unset for AWS itself. */
  endpoint: string | undefined;
  /** Path-style addressing (`<endpoint>/<bucket>/<key>`), which most S3-compatible stores need. */
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's own credential chain (environment, profile, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Put before every key, so one bucket can serve several installations (`kontor/`). */
  keyPrefix: string;
}

type Env = Record<string, string | undefined>;

const megabyte = 1024 * 1024;
export const defaultMaxFileMegabytes = 25;

/**
 * `KONTOR_FILE_STORAGE` (`folder` or `s3`), `KONTOR_FILE_DIR`,
 * `KONTOR_FILE_MAX_MB` and the `KONTOR_S3_*` settings. Every bad value is
 * added to `problems`, as config.ts does for the rest.
 */
export function parseFileStorageConfig(env: Env, dataDir: string, problems: string[]): FileStorageConfig {
  const value = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const rawMax = value('KONTOR_FILE_MAX_MB') ?? String(defaultMaxFileMegabytes);
  let maxFileBytes = defaultMaxFileMegabytes * megabyte;
  if (/^\d+$/.test(rawMax) && Number(rawMax) >= 1 && Number(rawMax) <= 5 * 1024) maxFileBytes = Number(rawMax) * megabyte;
  else problems.push(`KONTOR_FILE_MAX_MB must be a whole number of megabytes from 1 to 5120 (got "${rawMax}")`);

  const backend = value('KONTOR_FILE_STORAGE') ?? 'folder';
  if (backend === 'folder') {
    return { backend, folder: path.resolve(value('KONTOR_FILE_DIR') ?? path.join(dataDir, 'files')), maxFileBytes };
  }
  if (backend !== 's3') {
    problems.push(`KONTOR_FILE_STORAGE must be folder or s3 (got "${backend}")`);
    return { backend: 'folder', folder: path.join(dataDir, 'files'), maxFileBytes };
  }
  const bucket = value('KONTOR_S3_BUCKET');
  if (!bucket) problems.push('KONTOR_S3_BUCKET must name the bucket when KONTOR_FILE_STORAGE=s3');
  const endpoint = value('KONTOR_S3_ENDPOINT');
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    problems.push(`KONTOR_S3_ENDPOINT must be an http:// or https:// URL such as https://s3.example.com (got "${endpoint}")`);
  }
  const accessKeyId = value('KONTOR_S3_ACCESS_KEY_ID');
  const secretAccessKey = value('KONTOR_S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    problems.push('KONTOR_S3_ACCESS_KEY_ID and KONTOR_S3_SECRET_ACCESS_KEY go together: set both, or neither for the AWS credential chain');
  }
  const pathStyle = (value('KONTOR_S3_FORCE_PATH_STYLE') ?? (endpoint ? 'true' : 'false')).toLowerCase();
  if (pathStyle !== 'true' && pathStyle !== 'false') problems.push(`KONTOR_S3_FORCE_PATH_STYLE must be true or false (got "${pathStyle}")`);
  const keyPrefix = value('KONTOR_S3_KEY_PREFIX') ?? '';
  if (!/^[A-Za-z0-9._/-]*$/.test(keyPrefix)) problems.push(`KONTOR_S3_KEY_PREFIX may hold letters, digits and . _ / - only (got "${keyPrefix}")`);
  return {
    backend,
    maxFileBytes,
    s3: {
      bucket: bucket ?? '',
      region: value('KONTOR_S3_REGION') ?? 'us-east-1',
      endpoint,
      forcePathStyle: pathStyle === 'true',
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      keyPrefix,
    },
  };
}
