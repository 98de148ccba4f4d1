import type { AccountRouteDeps } from '../http/account-routes.js';
import type { FileStorage } from './storage/file-storage.js';

/** What the file routes (upload, download) need from the app: an account route's, and the storage of the bytes. */
export interface FileRouteDeps extends AccountRouteDeps {
  storage: FileStorage;
}
