import type { EntityManager } from '@mikro-orm/postgresql';
import type { Configuration } from '@mikro-orm/core';
import { citusOf, createLocalAccountSchema } from './citus.js';
import { squashTemplateSchema } from './account-schema-squash.js';
import { squashedSchemaSql, squashedVersion } from './account-schema-latest.js';
import { accountMigrations } from './migrations/account/index.js';
import { quoteIdent, quoteLiteral } from './sql.js';

export const schemaNamePattern = /^acct_[0-9a-f]{32}$/;

/**
 * The version every account schema is brought to: how many of
 * `accountMigrations` it has, in their order (recorded per account in
 * `account.schema_version`; see account-schemas.ts).
 */
export const latestAccountSchemaVersion = accountMigrations.length;

/** The schema (and database role) of an account: `acct_` and the account's UUID without dashes. */
export function accountSchemaName(accountId: string): string {
  const name = `acct_${accountId.replace(/-/g, '').toLowerCase()}`;
  assertAccountSchemaName(name);
  return name;
}

export function assertAccountSchemaName(name: string): void {
  if (!schemaNamePattern.test(name)) throw new Error(`"${name}" is not an account schema name`);
}

/** What an account migration is built with: the ORM's driver and configuration (an entity manager or the ORM itself). */
export interface MigrationHost {
  getDriver(): unknown;
  config: Configuration;
}

/**
 * The statements that take an account schema from `fromVersion` to
 * `toVersion` (the latest), in order. They name the schema; nothing runs here.
 */
export async function accountMigrationStatements(host: MigrationHost, schemaName: string, fromVersion: number, toVersion = latestAccountSchemaVersion): Promise<string[]> {
  assertAccountSchemaName(schemaName);
  const statements: string[] = [];
  for (const MigrationClass of accountMigrations.slice(fromVersion, toVersion)) {
    const migration = new MigrationClass(host.getDriver() as never, host.config).forSchema(schemaName);
    await migration.up();
    for (const query of migration.getQueries()) statements.push(typeof query === 'string' ? query : query.toQuery());
  }
  return statements;
}

/** The statement that records an account schema's version, in the transaction that changed the schema. */
export function recordSchemaVersionStatement(schemaName: string, version: number): string {
  assertAccountSchemaName(schemaName);
  return `update account set schema_version = ${Number(version)} where schema_name = ${quoteLiteral(schemaName)}`;
}

/**
 * Creates an account's schema, the database role that may touch that schema
 * and nothing else, and its tables, and records its version. Must run inside
 * the transaction that writes the account's global rows: PostgreSQL's DDL is
 * transactional, so a failure anywhere leaves neither the schema, nor the
 * role, nor the rows. A spare schema made ahead of time is taken when there is
 * one (a rename); otherwise everything travels as one multi-statement query:
 * one round trip instead of one per table and index.
 */
export async function createAccountSchema(em: EntityManager, schemaName: string): Promise<void> {
  assertInTransaction(em);
  if (await claimSpareSchema(em, schemaName)) return;
  await createLatestSchema(em, schemaName, recordSchemaVersionStatement(schemaName, latestAccountSchemaVersion));
}

/**
 * Creates `schemaName` with its role and everything at the latest version, in the caller's transaction, as one
 * multi-statement query that ends with `record` (what notes the new schema: an account's version, or a spare's row).
 * On Citus the schema stays on the coordinator, its role allowed to log in between the nodes, until it is placed
 * on a worker (account-placement.ts).
 */
export async function createLatestSchema(em: EntityManager, schemaName: string, record: string): Promise<void> {
  const citus = await citusOf(em);
  const statements = [...(await accountSchemaStatements(em, schemaName, latestAccountSchemaVersion, { login: Boolean(citus) })).slice(0, -1), record];
  const create = () => em.execute(statements.join(';\n')).then(() => undefined);
  if (citus) await createLocalAccountSchema(em, create);
  else await create();
}

/**
 * Claims a spare schema (spare-account-schemas.ts) at the latest version and renames it (and its role)
 * to `schemaName`, in the caller's transaction. False when there is none. On Citus a spare is a schema on
 * the coordinator, like any new account's: the renames reach the workers with the transaction, and the
 * account placer puts the claimed schema on a worker afterwards.
 */
export async function claimSpareSchema(em: EntityManager, schemaName: string): Promise<boolean> {
  assertAccountSchemaName(schemaName);
  const [spare] = await em.execute<{ schema_name: string }[]>(
    `delete from spare_account_schema where schema_name = (
       select schema_name from spare_account_schema where version = ? order by created_at limit 1 for update skip locked
     ) returning schema_name`,
    [latestAccountSchemaVersion],
  );
  if (!spare) return false;
  assertAccountSchemaName(spare.schema_name);
  const from = quoteIdent(spare.schema_name);
  const to = quoteIdent(schemaName);
  // Grants, default privileges, triggers and constraints follow by OID; only function bodies name their schema as text.
  await em.execute(
    [
      `alter schema ${from} rename to ${to}`,
      `alter role ${from} rename to ${to}`,
      `do $$ declare f oid; begin
         for f in select p.oid from pg_proc p where p.pronamespace = ${quoteLiteral(schemaName)}::regnamespace loop
           execute replace(pg_get_functiondef(f), ${quoteLiteral(spare.schema_name)}, ${quoteLiteral(schemaName)});
         end loop;
       end $$`,
      recordSchemaVersionStatement(schemaName, latestAccountSchemaVersion),
    ].join(';\n'),
  );
  return true;
}


/**
 * The statements that create an account schema and its role at `version` (the latest; tests make older ones) and
 * record it. At the latest version the tables come from the squashed schema (account-schema-latest.ts, the final
 * shape that the migrations leave, made by `pnpm account-schema:squash`), not from replaying every migration: the
 * history's ALTERs, dropped columns and re-created triggers cost catalog work that grows with the number of schemas
 * in the database (README, "Many accounts on one server"). `replay` replays them anyway (the squash script, the
 * test that compares both). `login`: on Citus a statement run as the account's role reaches the worker over a
 * connection Citus opens as that role, which the worker must let in. The role has no password: the cluster's own
 * authentication admits it between the nodes only (README, "Growing past one machine").
 */
export async function accountSchemaStatements(
  host: MigrationHost,
  schemaName: string,
  version = latestAccountSchemaVersion,
  options: { login?: boolean; replay?: boolean } = {},
): Promise<string[]> {
  assertAccountSchemaName(schemaName);
  const schema = quoteIdent(schemaName);
  const role = quoteIdent(schemaName);
  const created = [
    `create schema ${schema}`,
    `create role ${role} ${options.login ? 'login' : 'nologin'} noinherit`,
    // Our login role must be able to SET ROLE to it (a superuser can anyway).
    `grant ${role} to current_user`,
  ];
  const rights = [
    `grant usage on schema ${schema} to ${role}`,
    // Tables that later migrations add are granted as they are created.
    `alter default privileges in schema ${schema} grant select, insert, update, delete on tables to ${role}`,
    `alter default privileges in schema ${schema} grant usage, select on sequences to ${role}`,
  ];
  const squashed = version === latestAccountSchemaVersion && squashedVersion === latestAccountSchemaVersion && !options.replay;
  return squashed
    ? // The squash carries each table's own grants; default privileges come last, as in the dump it was made from.
      [...created, squashedSchemaSql.replaceAll(squashTemplateSchema, schemaName), ...rights, recordSchemaVersionStatement(schemaName, version)]
    : [...created, ...rights, ...(await accountMigrationStatements(host, schemaName, 0, version)), recordSchemaVersionStatement(schemaName, version)];
}

/** Drops an account's schema with everything in it, and its role. Must run inside a transaction. */
export async function dropAccountSchema(em: EntityManager, schemaName: string): Promise<void> {
  assertInTransaction(em);
  assertAccountSchemaName(schemaName);
  await em.execute(`drop schema if exists ${quoteIdent(schemaName)} cascade`);
  await em.execute(`drop role if exists ${quoteIdent(schemaName)}`);
}

/**
 * The version of a schema made before `account.schema_version` existed, from
 * the names in its own `kontor_migrations` table: the leading run of
 * `accountMigrations` it records.
 */
export function versionFromAppliedNames(applied: Set<string>): number {
  const firstMissing = accountMigrations.findIndex((migration) => !applied.has(migration.name));
  return firstMissing === -1 ? accountMigrations.length : firstMissing;
}

function assertInTransaction(em: EntityManager): void {
  if (!em.isInTransaction()) throw new Error('account schema changes must run inside the transaction of their account rows');
}
