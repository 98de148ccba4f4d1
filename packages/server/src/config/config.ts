import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QueryLimits } from '../graphql/query-limits.js';
import { parseCleanupConfig, type CleanupConfig } from './cleanup-config.js';
import { parseFileStorageConfig, type FileStorageConfig } from './file-storage-config.js';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.js';
import type { WebhookWorkerSettings } from '../webhooks/webhook-worker.js';

/** The repository root: `.kontor/` and the built SPA are found relative to it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export type Environment = 'development' | 'production' | 'test';

/**
 * How many accounts a user may own and how fast accounts may be created
 * (KONTOR_ACCOUNTS_PER_USER, KONTOR_ACCOUNT_CREATIONS_PER_USER and
 * KONTOR_ACCOUNT_CREATIONS_PER_CLIENT). Each account costs a schema, a
 * database role and its tables, so creating one is limited far more tightly
 * than logging in.
 */
export interface AccountCreationLimits {
  /** Accounts one user may own at once (deleted ones and ones they only joined do not count). */
  ownedPerUser: number;
  perUser: RateLimitRule;
  perClient: RateLimitRule;
}

/** Who may introspect the schema: everyone, or only signed-in users and API keys (playground/introspection-guard.ts). */
export type IntrospectionAccess = 'all' | 'authenticated';

export interface Config {
  env: Environment;
  port: number;
  host: string;
  /** An external PostgreSQL server; `undefined` means the embedded one. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** PKCS#8 PEM of the Ed25519 key that signs access tokens; generated into `dataDir` when absent. */
  tokenPrivateKeyPem: string | undefined;
  webDistDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Refresh cookies carry `Secure` outside development and test (which run on plain http://localhost). */
  secureCookies: boolean;
  /** Which proxies may name the client in X-Forwarded-For (read from the right). */
  trustProxy: TrustProxy;
  /** Where the web app is reached from outside: links in e-mails point here. No trailing slash. */
  publicUrl: string;
  /** Outgoing mail: an SMTP server (`smtp://` or `smtps://`), or `undefined` to keep mail in the outbox table. */
  smtpUrl: string | undefined;
  /** KONTOR_METRICS_TOKEN: /metrics answers only with `Authorization: Bearer <token>`; unset, /metrics does not exist. */
  metricsToken: string | undefined;
  /** The From header of outgoing mail. */
  mailFrom: string;
  rateLimits: {
    /** Sign-up and log-in attempts per e-mail address. */
    authPerEmail: RateLimitRule;
    /** Sign-up and log-in attempts per client address. */
    authPerClient: RateLimitRule;
    refreshPerClient: RateLimitRule;
  };
  /** Who may introspect the schema (`__schema`, `__type`): everyone, or signed-in users and API keys only. */
  introspection: IntrospectionAccess;
  webhooks: WebhookWorkerSettings & {
    /** Run the delivery worker in this process (several processes may). */
    worker: boolean;
  };
  /** Requests per API key (every process shares the count). */
  apiKeyRateLimit: RateLimitRule;
  /** Accounts per owner, and new accounts per user and per client address and hour (sign-up and createAccount). */
  accountCreation: AccountCreationLimits;
  /** Invitation mails (new and re-sent) per account, so an account cannot be used to flood inboxes. */
  invitationMailsPerAccount: RateLimitRule;
  /** Verification mails a user may ask for again (resendVerificationEmail), so nobody floods an inbox through it. */
  verificationMailsPerUser: RateLimitRule;
  /** Password reset mails asked for, per address (known or not) and per client address. */
  passwordResets: { perEmail: RateLimitRule; perClient: RateLimitRule };
  /** Codes of a second factor tried per user (log-in, set-up, disabling), so six digits cannot be guessed. */
  twoFactorAttemptsPerUser: RateLimitRule;
  billing: BillingConfig;
  /** Limits on an operation's shape, refused before it runs (graphql/query-limits.ts). */
  queryLimits: QueryLimits;
  /** How many compiled operations stay in memory (graphql/compiled-query-cache.ts). */
  compiledQueryCacheSize: number;
  database: DatabasePoolConfig;
  /** Background jobs and the retention clean-up (cleanup/retention-cleanup.ts). */
  cleanup: CleanupConfig;
  /** Migrate account schemas that are behind in the background after start (db/account-migration-run.ts). */
  accountMigrationWorker: boolean;
  /** Account schemas kept ready for new accounts (db/spare-account-schemas.ts); 0: none. */
  spareAccountSchemas: number;
  /** Uploaded files: where they are kept and how large one may be (files/). */
  files: FileStorageConfig;
  /** How long a client may take to send a request (http/http-server.ts). */
  requestTimeouts: RequestTimeouts;
}

export interface RequestTimeouts {
  /**
   * How long a client may take to send a whole request (head and body; the
   * answer's time is not counted): KONTOR_REQUEST_TIMEOUT_MS. Node's default,
   * 5 minutes, lets a client that trickles a body byte by byte hold a
   * connection and its buffers that long; 30 s still carries a 1 MB body over
   * 300 kbit/s.
   */
  requestTimeoutMs: number;
  /**
   * How long a streamed upload (a file, an import, an account package) may
   * send no byte at all: KONTOR_UPLOAD_IDLE_TIMEOUT_MS. Such a body may take
   * as long as it needs (25 MB over a slow link take minutes), so it is
   * bounded by its pauses, not its total time: a stalled client is cut off,
   * and its upload leaves nothing.
   */
  uploadIdleTimeoutMs: number;
}

export const defaultRequestTimeouts: RequestTimeouts = { requestTimeoutMs: 30_000, uploadIdleTimeoutMs: 30_000 };

/** The two connection pools (db/connection-pools.ts) and how long anything may wait on the database. */
export interface DatabasePoolConfig {
  /** Connections for requests' account work: each request holds at most one, for its whole duration. */
  poolSize: number;
  /** Connections for global look-ups, held only for one piece of work that never waits for another connection. */
  lookupPoolSize: number;
  /** How long a request waits for a pooled connection before it is answered SERVICE_UNAVAILABLE (HTTP 503). */
  acquireTimeoutMs: number;
  /** PostgreSQL's statement_timeout on every pooled connection. */
  statementTimeoutMs: number;
  /** Account schemas migrated at once (db/account-schemas.ts). */
  accountMigrationConcurrency?: number;
}

export interface BillingConfig {
  /** VAT on invoices to customers taxed in Germany, in basis points (19 % = 1900). */
  vatRateBasisPoints: number;
  /** Days from issue to the due date. */
  paymentTermDays: number;
  /** 32 bytes (base64) that encrypt stored IBANs; generated into `dataDir` when absent. */
  ibanKeyBase64: string | undefined;
  /** Run the daily invoice schedule in this process. */
  scheduleEnabled: boolean;
  /** The seller's lines at the head of every invoice (name, address, VAT ID). */
  issuerLines: string[];
}

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the configuration from the environment. Every bad value is
 * reported at once, each with what was expected, so a start fails with one clear message.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const envName = env.NODE_ENV ?? 'development';
  if (!isEnvironment(envName)) {
    problems.push(`NODE_ENV must be one of development, production, test (got "${envName}")`);
  }

  const port = parsePort(env.PORT, problems);

  const databaseUrl = emptyToUndefined(env.DATABASE_URL);
  if (databaseUrl !== undefined) validateDatabaseUrl(databaseUrl, problems);

  const dataDir = path.resolve(emptyToUndefined(env.KONTOR_DATA_DIR) ?? path.join(repoRoot, '.kontor'));

  const tokenPrivateKeyPem = emptyToUndefined(env.KONTOR_TOKEN_PRIVATE_KEY)?.replace(/\\n/g, '\n');
  if (tokenPrivateKeyPem !== undefined && !/^-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----\s*$/.test(tokenPrivateKeyPem)) {
    problems.push('KONTOR_TOKEN_PRIVATE_KEY must be an Ed25519 private key in PKCS#8 PEM form ("-----BEGIN PRIVATE KEY-----…")');
  }

  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of debug, info, warn, error (got "${logLevel}")`);
  }

  const host = emptyToUndefined(env.HOST) ?? '0.0.0.0';
  const trustProxy = parseTrustProxy(env.KONTOR_TRUST_PROXY, problems);
  const authPerEmail = parsePositiveInt('KONTOR_AUTH_ATTEMPTS_PER_EMAIL', env.KONTOR_AUTH_ATTEMPTS_PER_EMAIL, 10, problems);
  const authPerClient = parsePositiveInt('KONTOR_AUTH_ATTEMPTS_PER_CLIENT', env.KONTOR_AUTH_ATTEMPTS_PER_CLIENT, 60, problems);
  const ownedAccountsPerUser = parsePositiveInt('KONTOR_ACCOUNTS_PER_USER', env.KONTOR_ACCOUNTS_PER_USER, 20, problems);
  const accountCreationsPerUser = parsePositiveInt('KONTOR_ACCOUNT_CREATIONS_PER_USER', env.KONTOR_ACCOUNT_CREATIONS_PER_USER, 10, problems);
  const accountCreationsPerClient = parsePositiveInt('KONTOR_ACCOUNT_CREATIONS_PER_CLIENT', env.KONTOR_ACCOUNT_CREATIONS_PER_CLIENT, 20, problems);
  const apiKeyRequests = parsePositiveInt('KONTOR_API_KEY_REQUESTS_PER_MINUTE', env.KONTOR_API_KEY_REQUESTS_PER_MINUTE, 600, problems);

  const introspection = emptyToUndefined(env.KONTOR_INTROSPECTION) ?? (envName === 'production' ? 'authenticated' : 'all');
  if (introspection !== 'all' && introspection !== 'authenticated') {
    problems.push(`KONTOR_INTROSPECTION must be all or authenticated (got "${introspection}")`);
  }

  const webhooksAllowPrivate = parseBoolean('KONTOR_WEBHOOKS_ALLOW_PRIVATE', env.KONTOR_WEBHOOKS_ALLOW_PRIVATE, false, problems);
  const webhooksWorker = parseBoolean('KONTOR_WEBHOOKS_WORKER', env.KONTOR_WEBHOOKS_WORKER, true, problems);
  const spareAccountSchemas = parsePositiveInt('KONTOR_SPARE_ACCOUNT_SCHEMAS', env.KONTOR_SPARE_ACCOUNT_SCHEMAS, envName === 'test' ? 0 : 10, problems, 0);
  const accountMigrationWorker = parseBoolean('KONTOR_ACCOUNT_MIGRATION_WORKER', env.KONTOR_ACCOUNT_MIGRATION_WORKER, true, problems);
  const webhooksDeadlineSeconds = parsePositiveInt('KONTOR_WEBHOOKS_DEADLINE_SECONDS', env.KONTOR_WEBHOOKS_DEADLINE_SECONDS, 10, problems);
  const webhooksResponseBytes = parsePositiveInt('KONTOR_WEBHOOKS_RESPONSE_BYTES', env.KONTOR_WEBHOOKS_RESPONSE_BYTES, 4096, problems);
  const webhooksConcurrency = parsePositiveInt('KONTOR_WEBHOOKS_CONCURRENCY', env.KONTOR_WEBHOOKS_CONCURRENCY, 16, problems);
  const webhooksPerAccount = parsePositiveInt('KONTOR_WEBHOOKS_CONCURRENCY_PER_ACCOUNT', env.KONTOR_WEBHOOKS_CONCURRENCY_PER_ACCOUNT, 2, problems);

  const publicUrl = parsePublicUrl(env.KONTOR_PUBLIC_URL, port, problems);
  const smtpUrl = emptyToUndefined(env.SMTP_URL);
  if (smtpUrl !== undefined) validateSmtpUrl(smtpUrl, problems);
  const mailFrom = emptyToUndefined(env.KONTOR_MAIL_FROM) ?? 'Kontor <no-reply@localhost>';
  if (!/^[^<>\n]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/.test(mailFrom)) {
    problems.push(`KONTOR_MAIL_FROM must be an address such as "Kontor <no-reply@example.com>" (got "${mailFrom}")`);
  }
  const billing = parseBillingConfig(env, envName, problems);
  const queryLimits: QueryLimits = {
    maxDepth: parsePositiveInt('KONTOR_QUERY_MAX_DEPTH', env.KONTOR_QUERY_MAX_DEPTH, 10, problems),
    maxAliases: parsePositiveInt('KONTOR_QUERY_MAX_ALIASES', env.KONTOR_QUERY_MAX_ALIASES, 30, problems),
    maxTokens: parsePositiveInt('KONTOR_QUERY_MAX_TOKENS', env.KONTOR_QUERY_MAX_TOKENS, 5000, problems),
    maxCost: parsePositiveInt('KONTOR_QUERY_MAX_COST', env.KONTOR_QUERY_MAX_COST, 25_000, problems),
  };
  const compiledQueryCacheSize = parsePositiveInt('KONTOR_COMPILED_QUERY_CACHE', env.KONTOR_COMPILED_QUERY_CACHE, 500, problems);
  const database = parseDatabasePoolConfig(env, problems);
  const cleanup = parseCleanupConfig(env, envName, problems);
  const files = parseFileStorageConfig(env, dataDir, problems);
  const requestTimeouts: RequestTimeouts = {
    requestTimeoutMs: parsePositiveInt('KONTOR_REQUEST_TIMEOUT_MS', env.KONTOR_REQUEST_TIMEOUT_MS, defaultRequestTimeouts.requestTimeoutMs, problems),
    uploadIdleTimeoutMs: parsePositiveInt('KONTOR_UPLOAD_IDLE_TIMEOUT_MS', env.KONTOR_UPLOAD_IDLE_TIMEOUT_MS, defaultRequestTimeouts.uploadIdleTimeoutMs, problems),
  };

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: envName as Environment,
    port,
    host,
    databaseUrl,
    dataDir,
    tokenPrivateKeyPem,
    webDistDir: path.resolve(emptyToUndefined(env.KONTOR_WEB_DIST) ?? path.join(repoRoot, 'packages/web/dist')),
    logLevel: logLevel as Config['logLevel'],
    secureCookies: envName === 'production',
    trustProxy,
    publicUrl,
    smtpUrl,
    metricsToken: emptyToUndefined(env.KONTOR_METRICS_TOKEN),
    mailFrom,
    accountCreation: {
      ownedPerUser: ownedAccountsPerUser,
      perUser: { limit: accountCreationsPerUser, windowSeconds: 3600 },
      perClient: { limit: accountCreationsPerClient, windowSeconds: 3600 },
    },
    invitationMailsPerAccount: { limit: 100, windowSeconds: 3600 },
    verificationMailsPerUser: { limit: 5, windowSeconds: 3600 },
    twoFactorAttemptsPerUser: { limit: 5, windowSeconds: 300 },
    passwordResets: { perEmail: { limit: 3, windowSeconds: 3600 }, perClient: { limit: 20, windowSeconds: 3600 } },
    rateLimits: {
      authPerEmail: { limit: authPerEmail, windowSeconds: 60 },
      authPerClient: { limit: authPerClient, windowSeconds: 60 },
      refreshPerClient: { limit: 600, windowSeconds: 60 },
    },
    apiKeyRateLimit: { limit: apiKeyRequests, windowSeconds: 60 },
    introspection: introspection as IntrospectionAccess,
    webhooks: {
      worker: webhooksWorker,
      allowPrivateUrls: webhooksAllowPrivate,
      pollIntervalMs: 5_000,
      retryBaseSeconds: 30,
      maxRetryDelaySeconds: 4 * 3600,
      giveUpAfterSeconds: 24 * 3600,
      timeoutMs: webhooksDeadlineSeconds * 1000,
      responseBodyBytes: webhooksResponseBytes,
      concurrency: webhooksConcurrency,
      // Never more per account than in all: KONTOR_WEBHOOKS_CONCURRENCY=1 then simply sends one at a time.
      concurrencyPerAccount: Math.min(webhooksPerAccount, webhooksConcurrency),
      stopTimeoutMs: 5_000,
    },
    billing,
    queryLimits,
    compiledQueryCacheSize,
    database,
    cleanup,
    accountMigrationWorker,
    spareAccountSchemas,
    files,
    requestTimeouts,
  };
}

function parseDatabasePoolConfig(env: Env, problems: string[]): DatabasePoolConfig {
  const lookupPoolSize = parsePositiveInt('KONTOR_DB_LOOKUP_POOL_SIZE', env.KONTOR_DB_LOOKUP_POOL_SIZE, 5, problems);
  // Start-up migrations hold an advisory lock on one connection while they work on another.
  if (lookupPoolSize < 2) problems.push(`KONTOR_DB_LOOKUP_POOL_SIZE must be at least 2 (got "${lookupPoolSize}")`);
  return {
    poolSize: parsePositiveInt('KONTOR_DB_POOL_SIZE', env.KONTOR_DB_POOL_SIZE, 10, problems),
    lookupPoolSize,
    acquireTimeoutMs: parsePositiveInt('KONTOR_DB_ACQUIRE_TIMEOUT_MS', env.KONTOR_DB_ACQUIRE_TIMEOUT_MS, 3000, problems),
    statementTimeoutMs: parsePositiveInt('KONTOR_DB_STATEMENT_TIMEOUT_MS', env.KONTOR_DB_STATEMENT_TIMEOUT_MS, 30_000, problems),
    accountMigrationConcurrency: parsePositiveInt('KONTOR_ACCOUNT_MIGRATION_CONCURRENCY', env.KONTOR_ACCOUNT_MIGRATION_CONCURRENCY, 4, problems),
  };
}

/** For the commands (`main.ts`, `scripts/`): the configuration, or every bad value on stderr and exit code 2. */
export function loadConfigOrExit(env: Env = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

const defaultIssuer = 'Kontor GmbH|Musterstraße 1|10115 Berlin|Germany|VAT ID DE123456789';

function parseBillingConfig(env: Env, envName: string, problems: string[]): BillingConfig {
  let vatRateBasisPoints = 1900;
  const vat = emptyToUndefined(env.KONTOR_VAT_RATE_PERCENT);
  if (vat !== undefined) {
    if (/^\d{1,2}(\.\d{1,2})?$/.test(vat)) vatRateBasisPoints = Math.round(Number(vat) * 100);
    else problems.push(`KONTOR_VAT_RATE_PERCENT must be a percentage from 0 to 99.99 with at most two decimals, e.g. 19 (got "${vat}")`);
  }
  const ibanKeyBase64 = emptyToUndefined(env.KONTOR_IBAN_KEY);
  if (ibanKeyBase64 !== undefined && Buffer.from(ibanKeyBase64, 'base64').length !== 32) {
    problems.push('KONTOR_IBAN_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)');
  }
  return {
    vatRateBasisPoints,
    paymentTermDays: parsePositiveInt('KONTOR_INVOICE_PAYMENT_DAYS', env.KONTOR_INVOICE_PAYMENT_DAYS, 14, problems),
    ibanKeyBase64,
    scheduleEnabled: parseBoolean('KONTOR_BILLING_SCHEDULE', env.KONTOR_BILLING_SCHEDULE, envName !== 'test', problems),
    issuerLines: (emptyToUndefined(env.KONTOR_INVOICE_ISSUER) ?? defaultIssuer).split('|').map((line) => line.trim()).filter(Boolean),
  };
}

function isEnvironment(value: string): value is Environment {
  return value === 'development' || value === 'production' || value === 'test';
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parsePort(raw: string | undefined, problems: string[]): number {
  const value = emptyToUndefined(raw);
  if (value === undefined) return 4000;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${value}")`);
    return 4000;
  }
  return port;
}

function parsePositiveInt(name: string, raw: string | undefined, fallback: number, problems: string[], least = 1): number {
  const value = emptyToUndefined(raw);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < least) {
    problems.push(`${name} must be a whole number of at least ${least} (got "${value}")`);
    return fallback;
  }
  return Number(value);
}

function parseBoolean(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  const value = emptyToUndefined(raw)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes'].includes(value)) return true;
  if (['0', 'false', 'no'].includes(value)) return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return fallback;
}

function validateDatabaseUrl(value: string, problems: string[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push('DATABASE_URL must be a URL such as postgres://user@127.0.0.1:5432/kontor (could not parse it)');
    return;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    problems.push(`DATABASE_URL must start with postgres:// or postgresql:// (got "${url.protocol}//")`);
  }
  if (url.pathname.replace(/^\//, '') === '') {
    problems.push('DATABASE_URL must name a database, e.g. postgres://user@127.0.0.1:5432/kontor');
  }
}

function parsePublicUrl(raw: string | undefined, port: number, problems: string[]): string {
  const value = emptyToUndefined(raw);
  if (value === undefined) return `http://localhost:${port}`;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    problems.push(`KONTOR_PUBLIC_URL must be an http:// or https:// URL without query, such as https://crm.example.com (got "${value}")`);
    return `http://localhost:${port}`;
  }
  return url.toString().replace(/\/+$/, '');
}

function validateSmtpUrl(value: string, problems: string[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push('SMTP_URL must be a URL such as smtp://user:pass@mail.example.com:587 (could not parse it)');
    return;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    problems.push(`SMTP_URL must start with smtp:// or smtps:// (got "${url.protocol}//")`);
  } else if (url.hostname === '') {
    problems.push('SMTP_URL must name a host, e.g. smtp://mail.example.com:587');
  }
}
