import { createLogger, type Logger } from '../logging/logger.js';

/**
 * A logger that records what reaches PostgreSQL, for "no N+1" tests: `queries`
 * are the statements the ORM ran, `roundTrips` the query strings actually
 * sent (several statements may travel in one, see deferred-begin.ts).
 */
export function queryCountingLogger(): {
  logger: Logger;
  count<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[]; roundTrips: string[] }>;
  /** A round trip with each prepared statement's `PREPARE … ; EXECUTE name(…)` or `EXECUTE name(…)` written as the statement it ran, its values in place. */
  asRun(roundTrip: string): string;
} {
  let recording: { queries: string[]; roundTrips: string[] } | undefined;
  // Every statement prepared while the logger listened (db/deferred-begin.ts, preparedForm), by name: names are unique in the process.
  const prepared = new Map<string, string>();
  const logger = createLogger('debug', {}, (line) => {
    const entry = JSON.parse(line) as { component?: string; msg: string; sent?: boolean };
    if (entry.component === 'db' && entry.sent) for (const [, name, text] of entry.msg.matchAll(preparation)) prepared.set(name!, text!);
    if (recording && entry.component === 'orm' && entry.msg.includes('[query]')) recording.queries.push(entry.msg);
    if (recording && entry.component === 'db' && entry.sent) recording.roundTrips.push(entry.msg);
  });
  return {
    logger,
    asRun: (roundTrip) =>
      roundTrip.replace(preparation, '').replace(execution, (whole, name: string, args: string | undefined) => {
        const text = prepared.get(name);
        if (text === undefined) return whole;
        const values = args === undefined ? [] : [...args.matchAll(literal)].map((match) => match[0]);
        return text.replace(/\$(\d+)/g, (placeholder, n: string) => values[Number(n) - 1] ?? placeholder);
      }),
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

const preparation = /PREPARE (kontor_statement_\d+) AS ([\s\S]*?);\n(?=EXECUTE \1\b)/g;
const execution = /EXECUTE (kontor_statement_\d+)(?:\((.*)\))?$/gm;
const literal = /'(?:[^']|'')*'(?:::bytea)?|NULL/g;
