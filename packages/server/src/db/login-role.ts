import type { Logger } from '../logging/logger.js';
import type { Orm } from './orm.js';

/**
 * The role Kontor logs in as. It needs CREATEROLE (each account gets a role
 * of its own, which the login role must be a member of to `SET ROLE` to it)
 * and to own the database (to create schemas and the trusted pg_trgm
 * extension); it must not be a superuser.
 *
 * What that guarantees, against SQL that ever ran injected in a request:
 * it cannot run programs or read files on the database server
 * (`COPY … PROGRAM`, `pg_read_file`), change the server's configuration,
 * create a superuser, or reach other databases it has no rights on.
 *
 * What it does not: `RESET ROLE` or `SET ROLE <another account's role>`
 * cannot be refused (the login role is a member of every account role, and
 * owns the global tables and the account schemas' tables), so injected SQL
 * could still read any account's data in this database. The account roles
 * keep honest code apart (SQL that names another account's schema is
 * refused); they are not a wall against injected SQL. On PostgreSQL 15 and
 * older, CREATEROLE also lets a role grant itself `pg_execute_server_program`
 * and the like, which makes it almost a superuser: use PostgreSQL 16 or newer
 * (the embedded server is), where CREATEROLE only reaches roles it created.
 */
export interface LoginRoleFacts {
  role: string;
  superuser: boolean;
  createRole: boolean;
  serverVersion: number;
}

export async function loginRoleFacts(orm: Orm): Promise<LoginRoleFacts> {
  const [row] = await orm.em.fork().execute<{ role: string; superuser: boolean; create_role: boolean; server_version: number }[]>(
    `select current_user as role, rolsuper as superuser, rolcreaterole as create_role, current_setting('server_version_num')::int as server_version
     from pg_roles where rolname = current_user`,
  );
  return { role: row!.role, superuser: row!.superuser, createRole: row!.create_role, serverVersion: row!.server_version };
}

/** Logs, at start, a login role that can do more than Kontor needs, or too little. */
export async function warnAboutLoginRole(orm: Orm, logger: Logger): Promise<LoginRoleFacts> {
  const facts = await loginRoleFacts(orm);
  if (facts.superuser) {
    logger.warn(
      `DATABASE_URL logs in as "${facts.role}", a superuser: SQL that ever ran injected could leave its account's role and run programs on the database server. Log in as a role with CREATEROLE that owns the database instead (README, "Databases and migrations").`,
      { role: facts.role },
    );
  } else if (!facts.createRole) {
    logger.warn(`DATABASE_URL logs in as "${facts.role}", which lacks CREATEROLE: creating an account will fail.`, { role: facts.role });
  } else if (facts.serverVersion < 160000) {
    logger.warn(
      `PostgreSQL ${Math.floor(facts.serverVersion / 10000)}: a CREATEROLE role such as "${facts.role}" can grant itself pg_execute_server_program and similar roles there; PostgreSQL 16 or newer closes that.`,
      { role: facts.role },
    );
  }
  return facts;
}
