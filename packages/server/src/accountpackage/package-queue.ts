/** The queue of account packages (package-job.ts works it; jobs/job-sender.ts fills it). */
export const accountPackageQueue = 'kontor-account-package';

/** Where pg-boss moves a package job after its last try failed (abandoned-package-jobs.ts ends its row). */
export const accountPackageAbandonedQueue = 'kontor-account-package-abandoned';

export interface AccountPackageJobData {
  accountId: string;
  packageId: string;
}
