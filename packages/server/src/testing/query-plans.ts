import { expect } from 'vitest';
import type { queryCountingLogger } from './query-counter.js';
import type { TestClient } from './test-client.js';
import { withClient } from './test-database.js';

/**
 * For index tests: runs a GraphQL query as a client would, then asks
 * PostgreSQL for the plans of the account statements it sent (those naming
 * one of `tables`), as the account's role in its schema, with plain table
 * reads priced out. At test sizes a table read costs about what its index
 * does and the planner may rightly take either; what must hold is that an
 * index matches the query, so that it takes over as the table grows.
 * `analyze`: the plans as run (`explain (analyze, costs off, timing off)`), with the rows
 * each node read, and "never executed" for what the statement skipped.
 */
export function accountPlans(options: {
  databaseUrl: string;
  counter: ReturnType<typeof queryCountingLogger>;
  client: TestClient;
  schema: string;
  tables: RegExp;
  analyze?: boolean;
}) {
  return async function planOf(query: string, variables?: Record<string, unknown>): Promise<string> {
    const { roundTrips } = await options.counter.count(() => options.client.data(query, variables));
    const statements = roundTrips.map((sent) => withoutSettings(options.counter.asRun(sent))).filter((sql) => options.tables.test(sql));
    expect(statements.length).toBeGreaterThan(0);
    return withClient(options.databaseUrl, async (db) => {
      await db.query('begin');
      try {
        await db.query(`set local role ${options.schema}`);
        await db.query(`set local search_path to ${options.schema}`);
        await db.query('set local enable_seqscan = off');
        const plans = [];
        for (const sql of statements) plans.push((await db.query(`explain ${options.analyze ? '(analyze, costs off, timing off) ' : ''}${sql}`)).rows.map((row) => row['QUERY PLAN']).join('\n'));
        return plans.join('\n');
      } finally {
        await db.query('rollback');
      }
    });
  };
}

/** The statement itself, without the caller check and settings that travel in front of it (db/deferred-begin.ts). */
function withoutSettings(sent: string): string {
  return sent.replace(/^(?:(?:BEGIN|SELECT \* FROM kontor_check_caller\([^\n]*\)|EXECUTE kontor_check_caller_plan\([^\n]*\)|SET LOCAL [^\n]*);\n)+/, '');
}
