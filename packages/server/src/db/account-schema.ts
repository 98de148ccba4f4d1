import type { EntityManager } from '@mikro-orm/postgresql';
import { citusOf, createLocalAccountSchema } from './citus.js';
import { accountMigrations } from './migrations/account/index.js';
import { quoteIdent, quoteLiteral } from './sql.js';

const schemaNamePattern = /^acct_[0-9a-f]{32}$/;

/** The schema (and database role) of an account: `acct_` and the account's UUID without dashes. */
export function accountSchemaName(accountId: string): string {
  const name = `acct_${accountId.replace(/-/g, '').toLowerCase()}`;
  assertAccountSchemaName(name);
  return name;
}

export function assertAccountSchemaName(name: string): void {
  if (!schemaNamePattern.test(name)) throw new Error(`"${name}" is not an account schema name`);
}

/**
 * Creates an account's schema, the database role that may touch that schema
 * and nothing else, and its tables. Must run inside the transaction that
 * writes the account's global rows: PostgreSQL's DDL is transactional, so a
 * failure anywhere leaves neither the schema, nor the role, nor the rows.
 */
export async function createAccountSchema(em: EntityManager, schemaName: string): Promise<void> {
  assertInTransaction(em);
  assertAccountSchemaName(schemaName);
  const citus = await citusOf(em);
  if (citus) await createLocalAccountSchema(em, () => createSchemaAndRole(em, schemaName, 'login'));
  else await createSchemaAndRole(em, schemaName, 'nologin');
}

/**
 * `login`: on Citus a statement run as the account's role reaches the worker
 * over a connection Citus opens as that role, which the worker must let in.
 * The role has no password: the cluster's own authentication admits it
 * between the nodes only (README, "Growing past one machine").
 */
async function createSchemaAndRole(em: EntityManager, schemaName: string, login: 'login' | 'nologin'): Promise<void> {
  const schema = quoteIdent(schemaName);
  const role = quoteIdent(schemaName);
  await em.execute(`create schema ${schema}`);
  await em.execute(`create role ${role} ${login} noinherit`);
  // Our login role must be able to SET ROLE to it (a superuser can anyway).
  await em.execute(`grant ${role} to current_user`);
  await em.execute(`grant usage on schema ${schema} to ${role}`);
  // Tables that later migrations add are granted as they are created.
  await em.execute(`alter default privileges in schema ${schema} grant select, insert, update, delete on tables to ${role}`);
  await em.execute(`alter default privileges in schema ${schema} grant usage, select on sequences to ${role}`);
  await migrateAccountSchema(em, schemaName);
}

/**
 * Applies the account migrations that this schema has not seen yet, in order,
 * and records them in the schema's own `kontor_migrations` table. Returns the
 * names applied. Must run inside a transaction.
 */
export async function migrateAccountSchema(em: EntityManager, schemaName: string): Promise<string[]> {
  assertInTransaction(em);
  assertAccountSchemaName(schemaName);
  const schema = quoteIdent(schemaName);
  // Two processes starting at once must not migrate the same schema twice.
  await em.execute(`select pg_advisory_xact_lock(hashtext(${quoteLiteral(`kontor:migrate:${schemaName}`)}))`);
  await em.execute(`create table if not exists ${schema}.kontor_migrations (
    name text primary key,
    executed_at timestamptz not null default now()
  )`);
  const done = new Set(
    (await em.execute<{ name: string }[]>(`select name from ${schema}.kontor_migrations`)).map((row) => row.name),
  );
  const applied: string[] = [];
  for (const MigrationClass of accountMigrations) {
    if (done.has(MigrationClass.name)) continue;
    const migration = new MigrationClass(em.getDriver(), em.config).forSchema(schemaName);
    await migration.up();
    for (const query of migration.getQueries()) await em.execute(query as string);
    await em.execute(`insert into ${schema}.kontor_migrations (name) values (?)`, [MigrationClass.name]);
    applied.push(MigrationClass.name);
  }
  return applied;
}

/** Drops an account's schema with everything in it, and its role. Must run inside a transaction. */
export async function dropAccountSchema(em: EntityManager, schemaName: string): Promise<void> {
  assertInTransaction(em);
  assertAccountSchemaName(schemaName);
  await em.execute(`drop schema if exists ${quoteIdent(schemaName)} cascade`);
  await em.execute(`drop role if exists ${quoteIdent(schemaName)}`);
}

function assertInTransaction(em: EntityManager): void {
  if (!em.isInTransaction()) throw new Error('account schema changes must run inside the transaction of their account rows');
}
