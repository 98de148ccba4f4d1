/** The queue of package imports (package-import-job.ts works it; the upload route fills it). */
export const packageImportQueue = 'kontor-account-package-import';

/** Where pg-boss moves a package import's job after its last try failed (abandoned-package-jobs.ts ends its row). */
export const packageImportAbandonedQueue = 'kontor-account-package-import-abandoned';

export interface PackageImportJobData {
  accountId: string;
  importId: string;
}
