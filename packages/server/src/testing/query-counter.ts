import { createLogger, type Logger } from '../logging/logger.js';

/** A logger that counts the SQL statements the ORM logs, for "no N+1" tests. */
export function queryCountingLogger(): { logger: Logger; count<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }> } {
  let recording: string[] | undefined;
  const logger = createLogger('debug', {}, (line) => {
    const entry = JSON.parse(line) as { component?: string; msg: string };
    if (recording && entry.component === 'orm' && entry.msg.includes('[query]')) recording.push(entry.msg);
  });
  return {
    logger,
    async count(work) {
      recording = [];
      try {
        const result = await work();
        return { result, queries: recording };
      } finally {
        recording = undefined;
      }
    },
  };
}
