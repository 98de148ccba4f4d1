import type pg from 'pg';
import pgUtils from 'pg/lib/utils.js';
import { quoteLiteral } from './sql.js';

/**
 * Opening a transaction costs round trips before any work is done: `BEGIN`,
 * then `SET LOCAL ROLE …` for an account's transaction. Measured here, those
 * separate trips cost about a quarter of the throughput of a small request.
 *
 * This wraps a pooled pg connection so that `BEGIN;` and the statements
 * marked `deferredSetting` are not sent when issued but travel with the first
 * real statement, as one simple-protocol query (its parameters written in as
 * literals, exactly as pg would send them as text). PostgreSQL takes a
 * transaction's snapshot at its first statement anyway, so nothing changes but
 * the number of round trips. A transaction that ends before any statement ran
 * never reaches the server at all.
 */
export const deferredSetting = '/* kontor:deferred */ ';

type Callback = (error: Error | null, result?: unknown) => void;
interface QueryConfig {
  text: string;
  values?: unknown[];
}

const emptyResult = { command: '', rowCount: 0, rows: [], fields: [] };

export function deferTransactionStart(client: pg.Client, onSend?: (text: string) => void): void {
  const send = client.query.bind(client) as (config: QueryConfig, callback: Callback) => void;
  let pending: string[] | undefined;

  (client as unknown as { query: unknown }).query = function query(config: unknown, ...rest: unknown[]) {
    const callback = rest[0];
    // Only the form knex uses, (config, callback), is ever deferred; anything else passes through untouched.
    if (typeof config !== 'object' || config === null || typeof callback !== 'function' || rest.length !== 1) {
      return (send as (...args: unknown[]) => unknown)(config, ...rest);
    }
    const { text, values = [] } = config as QueryConfig;
    const answerNow = () => process.nextTick(callback as Callback, null, emptyResult);

    if (text === 'BEGIN;' && pending === undefined) {
      pending = ['BEGIN'];
      return answerNow();
    }
    if (pending !== undefined && text.startsWith(deferredSetting) && values.length === 0) {
      pending.push(text);
      return answerNow();
    }
    if (pending !== undefined && (text === 'COMMIT;' || /^ROLLBACK\b/.test(text)) && !text.includes('SAVEPOINT')) {
      pending = undefined;
      return answerNow();
    }
    if (pending !== undefined) {
      const combined = `${pending.join(';\n')};\n${inlineParameters(text, values)}`;
      pending = undefined;
      onSend?.(combined);
      return send({ text: combined }, (error, result) => (callback as Callback)(error, Array.isArray(result) ? result.at(-1) : result));
    }
    onSend?.(text);
    return send(config as QueryConfig, callback as Callback);
  };
}

/** Writes `$1…$n` as literals, each value prepared as pg prepares a text parameter. */
export function inlineParameters(text: string, values: unknown[]): string {
  if (values.length === 0) return text;
  return text.replace(/\$(\d+)/g, (placeholder, index: string) => {
    const position = Number(index) - 1;
    if (position < 0 || position >= values.length) return placeholder;
    return literal(values[position]);
  });
}

function literal(value: unknown): string {
  const prepared = pgUtils.prepareValue(value) as string | Buffer | null;
  if (prepared === null || prepared === undefined) return 'NULL';
  if (Buffer.isBuffer(prepared)) return `'\\x${prepared.toString('hex')}'::bytea`;
  return quoteLiteral(String(prepared));
}
