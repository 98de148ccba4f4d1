import cronParser from 'cron-parser';

export interface CleanupConfig {
  /** Work off background jobs (the clean-up) in this process. Any number of processes may; each job runs in one. */
  jobWorker: boolean;
  /** When the clean-up runs: a cron expression in UTC. */
  schedule: string;
  /** Days ended sessions, outbox mails and finished webhook deliveries are kept. */
  retentionDays: number;
  /** How often each process looks for due schedules (pg-boss allows 1 to 45 s); tests shorten it. */
  scheduleCheckSeconds: number;
}

type Env = Record<string, string | undefined>;

const defaultSchedule = '17 * * * *';

/** `KONTOR_JOB_WORKER`, `KONTOR_CLEANUP_SCHEDULE`, `KONTOR_RETENTION_DAYS`. */
export function parseCleanupConfig(env: Env, envName: string, problems: string[]): CleanupConfig {
  const worker = env.KONTOR_JOB_WORKER?.trim().toLowerCase() || (envName === 'test' ? 'false' : 'true');
  if (!['true', 'false'].includes(worker)) problems.push(`KONTOR_JOB_WORKER must be true or false (got "${worker}")`);

  const schedule = env.KONTOR_CLEANUP_SCHEDULE?.trim() || defaultSchedule;
  try {
    if (schedule.split(/\s+/).length !== 5) throw new Error('five fields');
    cronParser.parseExpression(schedule, { tz: 'UTC' });
  } catch {
    problems.push(`KONTOR_CLEANUP_SCHEDULE must be a cron expression of five fields (minute hour day month weekday), e.g. "17 * * * *" (got "${schedule}")`);
  }

  const rawDays = env.KONTOR_RETENTION_DAYS?.trim() || '30';
  const retentionDays = Number(rawDays);
  if (!/^\d+$/.test(rawDays) || retentionDays < 1 || retentionDays > 3650) {
    problems.push(`KONTOR_RETENTION_DAYS must be a whole number of days from 1 to 3650 (got "${rawDays}")`);
  }

  return { jobWorker: worker === 'true', schedule, retentionDays: Number.isInteger(retentionDays) ? retentionDays : 30, scheduleCheckSeconds: 30 };
}
