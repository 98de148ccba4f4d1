import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteIdent, quoteLiteral } from './sql.js';

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
 * Runs `create` (which creates the account's schema, its role and its tables)
 * with the schema kept on the coordinator, whatever the cluster's
 * `citus.enable_schema_based_sharding`: a new account is ready as fast as on
 * one server, and `AccountPlacer` (account-placement.ts) then hands the
 * finished schema to Citus in one step, which copies it to a worker. (The
 * oldest migrations also use triggers, which Citus refuses on distributed
 * tables; migrations 0012 and 0050 remove them, so only a schema at the
 * latest version is placed.)
 */
export async function createLocalAccountSchema(em: EntityManager, create: () => Promise<void>): Promise<void> {
  const [setting] = await em.execute<{ was: string }[]>(
    `select current_setting('citus.enable_schema_based_sharding') as was, set_config('citus.enable_schema_based_sharding', 'off', true)`,
  );
  await create();
  await em.execute(`select set_config('citus.enable_schema_based_sharding', ?, true)`, [setting!.was]);
}

/** A statement runner: the ORM's (`em.execute`) or a plain connection's. */
export type Run = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/**
 * Makes an account schema a distributed schema: Citus places it, with every
 * table in it, on a worker. Must run in a transaction; the account's requests
 * wait for it (a new account is nearly empty: a second or two). Fails with
 * `lock_not_available` (55P03) while a request holds one of its tables.
 */
export async function distributeAccountSchema(run: Run, schemaName: string): Promise<void> {
  // Take every table of the account before Citus converts them one by one: a request that holds one and wants
  // the next would otherwise deadlock with it. Never wait long for a request: give up and try again later.
  const tables = await run<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = $1 order by tablename`,
    [schemaName],
  );
  await run(`set local lock_timeout = '200ms'`);
  await run(`lock table ${tables.map((table) => table.name).join(', ')} in access exclusive mode`);
  // An account created before Kontor ran on Citus has a NOLOGIN role, which the workers would refuse.
  const [role] = await run<{ login: boolean }>(`select rolcanlogin as login from pg_roles where rolname = $1`, [schemaName]);
  if (role && !role.login) await run(`alter role ${quoteIdent(schemaName)} login`);
  await run(`select citus_schema_distribute(${quoteLiteral(schemaName)})`);
  // The seed rows Citus copied to the worker stay on the coordinator's disk, invisible, until truncated: only tables that have any.
  await run(
    `select truncate_local_data_after_distributing_table(c.oid::regclass) from pg_class c
     where c.relnamespace = ${quoteLiteral(schemaName)}::regnamespace and c.relkind = 'r' and pg_relation_size(c.oid) > 0`,
  );
}
