import { randomUUID } from 'node:crypto';
import { isUuid } from '../crm/common/validation.js';
import type { JobSender } from '../jobs/job-sender.js';
import type { UnitOfWork } from '../request/unit-of-work.js';
import { AccountPackageJob, AccountPackageStatus } from './account-package.types.js';


const columns = 'id, status, records_total, records_done, byte_size, storage_key, created_by, created_at, finished_at, expires_at, downloaded_at';

export function jobOfRow(row: Record<string, unknown>): AccountPackageJob {
  return Object.assign(new AccountPackageJob(), {
    id: row.id as string,
    status: row.status as AccountPackageStatus,
    recordsTotal: row.records_total as number,
    recordsDone: row.records_done as number,
    byteSize: row.byte_size == null ? null : Number(row.byte_size),
    storageKey: (row.storage_key as string | null) ?? null,
    createdBy: row.created_by as string,
    createdAt: new Date(row.created_at as string),
    finishedAt: row.finished_at ? new Date(row.finished_at as string) : null,
    expiresAt: row.expires_at ? new Date(row.expires_at as string) : null,
    downloadedAt: row.downloaded_at ? new Date(row.downloaded_at as string) : null,
  });
}

/**
 * Queues the making of a package of the whole account (package-job.ts). One
 * at a time per account: while one is queued or running, that one is answered.
 */
export async function startAccountPackage(work: UnitOfWork, jobs: JobSender): Promise<AccountPackageJob> {
  const { scope } = work;
  await scope.query(`lock table account_package in exclusive mode`);
  const [running] = await scope.query(`select ${columns} from account_package where status in ('QUEUED', 'RUNNING') order by created_at desc limit 1`);
  if (running) return jobOfRow(running);
  const id = randomUUID();
  const [row] = await scope.query(`insert into account_package (id, status, created_by) values (?, 'QUEUED', ?) returning ${columns}`, [id, work.userId]);
  await jobs.sendAccountPackage({ accountId: scope.accountId, packageId: id });
  return jobOfRow(row!);
}

export async function findAccountPackage(work: UnitOfWork, id: string): Promise<AccountPackageJob | null> {
  if (!isUuid(id)) return null;
  const [row] = await work.scope.query(`select ${columns} from account_package where id = ?`, [id]);
  return row ? jobOfRow(row) : null;
}

export async function listAccountPackages(work: UnitOfWork, first: number): Promise<AccountPackageJob[]> {
  const rows = await work.scope.query(`select ${columns} from account_package order by created_at desc, id limit ?`, [Math.max(1, Math.min(20, first))]);
  return rows.map(jobOfRow);
}
