import { createLogger, type Logger } from '../logging/logger.js';

/**
 * A logger that records what reaches PostgreSQL, for "no N+1" tests: `queries`
 * are the statements the ORM ran, `roundTrips` the query strings actually
 * sent (several statements may travel in one, see deferred-begin.ts).
 */
export function queryCountingLogger(): {
  logger: Logger;
  count<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[]; roundTrips: string[] }>;
} {
  let recording: { queries: string[]; roundTrips: string[] } | undefined;
  const logger = createLogger('debug', {}, (line) => {
    const entry = JSON.parse(line) as { component?: string; msg: string; sent?: boolean };
    if (recording && entry.component === 'orm' && entry.msg.includes('[query]')) recording.queries.push(entry.msg);
    if (recording && entry.component === 'db' && entry.sent) recording.roundTrips.push(entry.msg);
  });
  return {
    logger,
    async count(work) {
      recording = { queries: [], roundTrips: [] };
      try {
        const result = await work();
        return { result, ...recording };
      } finally {
        recording = undefined;
      }
    },
  };
}
