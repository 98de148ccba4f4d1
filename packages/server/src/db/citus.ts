import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteLiteral } from './sql.js';

/**
 * Kontor on a Citus cluster (README, "Growing past one machine"). Kontor
 * notices Citus by itself: the `citus` extension in its database with worker
 * nodes registered. Then each account schema becomes a distributed schema
 * (`citus_schema_distribute`), which Citus places, with every table in it,
 * on one worker; the global tables stay on the coordinator.
 */
export interface CitusFacts {
  version: string;
  workers: number;
}

const known = new WeakMap<object, Promise<CitusFacts | null>>();

/** Citus in this database, or null (plain PostgreSQL, or Citus without workers). Asked once per ORM. */
export function citusOf(em: EntityManager): Promise<CitusFacts | null> {
  let facts = known.get(em.config);
  if (!facts) {
    facts = detectCitus(em);
    known.set(em.config, facts);
    facts.catch(() => known.delete(em.config));
  }
  return facts;
}

async function detectCitus(em: EntityManager): Promise<CitusFacts | null> {
  const [extension] = await em.execute<{ version: string }[]>(`select extversion as version from pg_extension where extname = 'citus'`);
  if (!extension) return null;
  const [nodes] = await em.execute<{ workers: number }[]>(
    `select count(*)::int as workers from pg_dist_node where groupid <> 0 and noderole = 'primary' and isactive`,
  );
  return nodes!.workers > 0 ? { version: extension.version, workers: nodes!.workers } : null;
}

/**
 * Runs `create` (which creates the account's schema and its tables) so that
 * the schema is built on the coordinator alone and then handed to Citus in one
 * step, in the same transaction: Citus copies the finished schema to a worker
 * once instead of sending every statement of every migration there (and the
 * oldest migrations may use triggers, which Citus refuses on distributed
 * tables; migration 0012 removes them before the schema is distributed).
 * The coordinator keeps empty shells of the tables, as Citus does for every
 * distributed table.
 */
export async function distributeNewAccountSchema(em: EntityManager, schemaName: string, create: () => Promise<void>): Promise<void> {
  // Whatever the cluster's setting, the new schema stays local until it is complete.
  const [setting] = await em.execute<{ was: string }[]>(
    `select current_setting('citus.enable_schema_based_sharding') as was, set_config('citus.enable_schema_based_sharding', 'off', true)`,
  );
  await create();
  await em.execute(`select citus_schema_distribute(${quoteLiteral(schemaName)})`);
  await em.execute(`select set_config('citus.enable_schema_based_sharding', ?, true)`, [setting!.was]);
  // The seed rows Citus copied to the worker stay on the coordinator's disk, invisible, until truncated.
  await em.execute(
    `select truncate_local_data_after_distributing_table(format('%I.%I', schemaname, tablename)) from pg_tables where schemaname = ${quoteLiteral(schemaName)}`,
  );
}
