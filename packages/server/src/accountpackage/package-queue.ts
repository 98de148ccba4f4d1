/** The queue of account packages (package-job.ts works it; jobs/job-sender.ts fills it). */
export const accountPackageQueue = 'kontor-account-package';

export interface AccountPackageJobData {
  accountId: string;
  packageId: string;
}
