import type { FileStorageConfig } from '../../config/file-storage-config.js';
import type { FileStorage } from './file-storage.js';
import { FolderStorage } from './folder-storage.js';
import { S3Storage } from './s3-storage.js';

/** The storage backend the configuration names (KONTOR_FILE_STORAGE). */
export function createFileStorage(config: FileStorageConfig): FileStorage {
  return config.backend === 's3' ? new S3Storage(config.s3) : new FolderStorage(config.folder);
}
