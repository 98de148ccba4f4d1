import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApp, type App } from '../app.js';
import { loadConfig, type Config } from '../config/config.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp extends App {
  database: TestDatabase;
  dataDir: string;
  /** Closes the app, drops its database and removes its data folder. */
  stop(): Promise<void>;
}

/** A whole Kontor server on its own database and a free port, as `npm start` would run it. */
export async function startTestApp(options: { config?: Partial<Config>; logger?: Logger } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kontor-test-data-'));
  const config = testAppConfig(database.url, dataDir, options.config);
  // Errors only, on stderr: an unexpected server error shows up beside the failing test.
  const app = await startApp(config, options.logger ?? createLogger('error', {}, (line) => process.stderr.write(line + '\n')));
  databaseUrls.set(app.url, database.url);
  return {
    ...app,
    database,
    dataDir,
    stop: async () => {
      await app.close();
      await database.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

const databaseUrls = new Map<string, string>();

/** The database of the test app serving `url`: fixtures read mail from its outbox as a user reads their mailbox. */
export function databaseUrlOf(url: string): string {
  const databaseUrl = databaseUrls.get(url);
  if (!databaseUrl) throw new Error(`no test app of this file serves ${url}`);
  return databaseUrl;
}

/** The configuration of a test server on `databaseUrl` with its data (signing key, IBAN key) in `dataDir`, on a free port. */
export function testAppConfig(databaseUrl: string, dataDir: string, overrides: Partial<Config> = {}): Config {
  const defaults = loadConfig({ NODE_ENV: 'test' });
  return {
    ...defaults,
    // The webhook worker polls in the background; tests that want it turn it on (webhooks/), others keep their query counts exact.
    webhooks: { ...defaults.webhooks, worker: false },
    // Test files sign up many users from 127.0.0.1; the account creation tests set their own limits.
    accountCreation: { ownedPerUser: 1_000, perUser: { limit: 10_000, windowSeconds: 60 }, perClient: { limit: 10_000, windowSeconds: 60 } },
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    dataDir,
    webDistDir: path.join(dataDir, 'web'),
    // Uploaded files in the test's own data folder, as KONTOR_DATA_DIR would put them.
    files: { ...defaults.files, backend: 'folder', folder: path.join(dataDir, 'files') },
    ...overrides,
  };
}

export interface GraphQLResponse<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } & Record<string, unknown> }[];
}

/** Sends one GraphQL operation the way a client would, and returns the parsed answer. */
export async function graphql<TData = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<TData>;
}
