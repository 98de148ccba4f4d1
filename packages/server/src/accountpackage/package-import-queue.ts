/** The queue of package imports (package-import-job.ts works it; the upload route fills it). */
export const packageImportQueue = 'kontor-account-package-import';

export interface PackageImportJobData {
  accountId: string;
  importId: string;
}
