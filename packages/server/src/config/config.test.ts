import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, repoRoot } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('starts with sensible defaults from an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.join(repoRoot, '.kontor'));
    expect(config.tokenPrivateKeyPem).toBeUndefined();
    expect(config.env).toBe('development');
  });

  it('reads every variable it knows', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://kontor@db.internal:5432/kontor',
      KONTOR_DATA_DIR: '/var/lib/kontor',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://kontor@db.internal:5432/kontor',
      dataDir: '/var/lib/kontor',
      env: 'production',
      logLevel: 'warn',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535 (got "eighty")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ PORT: '-1' }, 'PORT must be a whole number from 0 to 65535 (got "-1")'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a URL such as postgres://user@127.0.0.1:5432/kontor (could not parse it)'],
    [{ DATABASE_URL: 'mysql://root@localhost/kontor' }, 'DATABASE_URL must start with postgres:// or postgresql:// (got "mysql://")'],
    [{ DATABASE_URL: 'postgres://root@localhost:5432' }, 'DATABASE_URL must name a database, e.g. postgres://user@127.0.0.1:5432/kontor'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, production, test (got "staging")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error (got "loud")'],
    [{ SMTP_URL: 'mail.example.com' }, 'SMTP_URL must be a URL such as smtp://user:pass@mail.example.com:587 (could not parse it)'],
    [{ SMTP_URL: 'http://mail.example.com' }, 'SMTP_URL must start with smtp:// or smtps:// (got "http://")'],
    [{ KONTOR_PUBLIC_URL: 'crm.example.com' }, 'KONTOR_PUBLIC_URL must be an http:// or https:// URL without query, such as https://crm.example.com (got "crm.example.com")'],
    [{ KONTOR_MAIL_FROM: 'nobody' }, 'KONTOR_MAIL_FROM must be an address such as "Kontor <no-reply@example.com>" (got "nobody")'],
    [{ KONTOR_TOKEN_PRIVATE_KEY: 'secret' }, 'KONTOR_TOKEN_PRIVATE_KEY must be an Ed25519 private key in PKCS#8 PEM form ("-----BEGIN PRIVATE KEY-----…")'],
    [{ KONTOR_VAT_RATE_PERCENT: '19%' }, 'KONTOR_VAT_RATE_PERCENT must be a percentage from 0 to 99.99 with at most two decimals, e.g. 19 (got "19%")'],
    [{ KONTOR_IBAN_KEY: 'c2hvcnQ=' }, 'KONTOR_IBAN_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)'],
  ])('refuses %o with a clear message', (env, message) => {
    expect(problemsOf(env)).toEqual([message]);
  });

  it('reports every bad value at once', () => {
    const problems = problemsOf({ PORT: 'x', DATABASE_URL: 'mysql://a/b', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    expect(new ConfigError(problems).message).toContain('Invalid configuration:\n  - PORT must be');
  });

  it('keeps mail in the outbox and links to localhost unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: undefined, publicUrl: 'http://localhost:4000', mailFrom: 'Kontor <no-reply@localhost>' });
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(
      loadConfig({ SMTP_URL: 'smtps://user:secret@mail.example.com:465', KONTOR_PUBLIC_URL: 'https://crm.example.com/', KONTOR_MAIL_FROM: 'CRM <crm@example.com>' }),
    ).toMatchObject({ smtpUrl: 'smtps://user:secret@mail.example.com:465', publicUrl: 'https://crm.example.com', mailFrom: 'CRM <crm@example.com>' });
  });

  it('bounds webhook deliveries: a 10 s deadline, 4 KB of the answer, 16 at once and 2 per account by default', () => {
    expect(loadConfig({}).webhooks).toMatchObject({ timeoutMs: 10_000, responseBodyBytes: 4096, concurrency: 16, concurrencyPerAccount: 2 });
    expect(
      loadConfig({ KONTOR_WEBHOOKS_DEADLINE_SECONDS: '3', KONTOR_WEBHOOKS_RESPONSE_BYTES: '1024', KONTOR_WEBHOOKS_CONCURRENCY: '4', KONTOR_WEBHOOKS_CONCURRENCY_PER_ACCOUNT: '1' }).webhooks,
    ).toMatchObject({ timeoutMs: 3000, responseBodyBytes: 1024, concurrency: 4, concurrencyPerAccount: 1 });
    expect(loadConfig({ KONTOR_WEBHOOKS_CONCURRENCY: '1' }).webhooks).toMatchObject({ concurrency: 1, concurrencyPerAccount: 1 });
    expect(problemsOf({ KONTOR_WEBHOOKS_DEADLINE_SECONDS: '0', KONTOR_WEBHOOKS_RESPONSE_BYTES: '4k', KONTOR_WEBHOOKS_CONCURRENCY: '-2', KONTOR_WEBHOOKS_CONCURRENCY_PER_ACCOUNT: 'all' })).toEqual([
      'KONTOR_WEBHOOKS_DEADLINE_SECONDS must be a whole number of at least 1 (got "0")',
      'KONTOR_WEBHOOKS_RESPONSE_BYTES must be a whole number of at least 1 (got "4k")',
      'KONTOR_WEBHOOKS_CONCURRENCY must be a whole number of at least 1 (got "-2")',
      'KONTOR_WEBHOOKS_CONCURRENCY_PER_ACCOUNT must be a whole number of at least 1 (got "all")',
    ]);
  });

  it('trusts no proxy by default, else one (true), a number of hops or proxy ranges', () => {
    expect(loadConfig({}).trustProxy).toEqual({ kind: 'off' });
    expect(loadConfig({ KONTOR_TRUST_PROXY: 'true' }).trustProxy).toEqual({ kind: 'hops', hops: 1 });
    expect(loadConfig({ KONTOR_TRUST_PROXY: '2' }).trustProxy).toEqual({ kind: 'hops', hops: 2 });
    expect(loadConfig({ KONTOR_TRUST_PROXY: '10.0.0.0/8,loopback' }).trustProxy).toEqual({ kind: 'ranges', ranges: ['10.0.0.0/8', 'loopback'] });
    expect(problemsOf({ KONTOR_TRUST_PROXY: '10.0.0.0/33' })[0]).toMatch(/^KONTOR_TRUST_PROXY must be/);
  });

  it('cleans up hourly with 30 days of retention, and works jobs except under NODE_ENV=test', () => {
    expect(loadConfig({}).cleanup).toEqual({ jobWorker: true, schedule: '17 * * * *', retentionDays: 30, scheduleCheckSeconds: 30 });
    expect(loadConfig({ NODE_ENV: 'test' }).cleanup.jobWorker).toBe(false);
    expect(loadConfig({ KONTOR_JOB_WORKER: 'false', KONTOR_CLEANUP_SCHEDULE: '5 3 * * *', KONTOR_RETENTION_DAYS: '90' }).cleanup).toMatchObject({
      jobWorker: false,
      schedule: '5 3 * * *',
      retentionDays: 90,
    });
    const problems = problemsOf({ KONTOR_JOB_WORKER: 'sometimes', KONTOR_CLEANUP_SCHEDULE: 'hourly', KONTOR_RETENTION_DAYS: '0' });
    expect(problems).toEqual([
      expect.stringMatching(/^KONTOR_JOB_WORKER must be true or false/),
      expect.stringMatching(/^KONTOR_CLEANUP_SCHEDULE must be a cron expression/),
      expect.stringMatching(/^KONTOR_RETENTION_DAYS must be a whole number of days/),
    ]);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' })).toMatchObject({ port: 4000, databaseUrl: undefined });
  });

  it('limits account creation: 20 owned accounts per user, 10 new accounts per user and 20 per client address an hour', () => {
    expect(loadConfig({}).accountCreation).toEqual({
      ownedPerUser: 20,
      perUser: { limit: 10, windowSeconds: 3600 },
      perClient: { limit: 20, windowSeconds: 3600 },
    });
    expect(
      loadConfig({ KONTOR_ACCOUNTS_PER_USER: '50', KONTOR_ACCOUNT_CREATIONS_PER_USER: '3', KONTOR_ACCOUNT_CREATIONS_PER_CLIENT: '100' }).accountCreation,
    ).toEqual({ ownedPerUser: 50, perUser: { limit: 3, windowSeconds: 3600 }, perClient: { limit: 100, windowSeconds: 3600 } });
    expect(problemsOf({ KONTOR_ACCOUNTS_PER_USER: '0', KONTOR_ACCOUNT_CREATIONS_PER_USER: 'many', KONTOR_ACCOUNT_CREATIONS_PER_CLIENT: '-5' })).toEqual([
      'KONTOR_ACCOUNTS_PER_USER must be a whole number of at least 1 (got "0")',
      'KONTOR_ACCOUNT_CREATIONS_PER_USER must be a whole number of at least 1 (got "many")',
      'KONTOR_ACCOUNT_CREATIONS_PER_CLIENT must be a whole number of at least 1 (got "-5")',
    ]);
  });

  it('bills 19 % VAT by default and reads the billing variables', () => {
    expect(loadConfig({}).billing).toMatchObject({ vatRateBasisPoints: 1900, paymentTermDays: 14, scheduleEnabled: true });
    expect(loadConfig({ NODE_ENV: 'test' }).billing.scheduleEnabled).toBe(false);
    expect(
      loadConfig({ KONTOR_VAT_RATE_PERCENT: '7.5', KONTOR_INVOICE_PAYMENT_DAYS: '30', KONTOR_INVOICE_ISSUER: 'Seller AG | Street 1', KONTOR_BILLING_SCHEDULE: 'false' }).billing,
    ).toMatchObject({ vatRateBasisPoints: 750, paymentTermDays: 30, issuerLines: ['Seller AG', 'Street 1'], scheduleEnabled: false });
  });

  it('limits the shape of queries and the compiled-operation cache, each configurable', () => {
    expect(loadConfig({})).toMatchObject({ queryLimits: { maxDepth: 10, maxAliases: 30, maxTokens: 5000, maxCost: 25_000 }, compiledQueryCacheSize: 500 });
    const config = loadConfig({
      KONTOR_QUERY_MAX_DEPTH: '8',
      KONTOR_QUERY_MAX_ALIASES: '5',
      KONTOR_QUERY_MAX_TOKENS: '2000',
      KONTOR_QUERY_MAX_COST: '1000',
      KONTOR_COMPILED_QUERY_CACHE: '50',
    });
    expect(config).toMatchObject({ queryLimits: { maxDepth: 8, maxAliases: 5, maxTokens: 2000, maxCost: 1000 }, compiledQueryCacheSize: 50 });
    expect(problemsOf({ KONTOR_QUERY_MAX_DEPTH: '0', KONTOR_QUERY_MAX_COST: 'lots', KONTOR_COMPILED_QUERY_CACHE: '-1' })).toEqual([
      'KONTOR_QUERY_MAX_DEPTH must be a whole number of at least 1 (got "0")',
      'KONTOR_QUERY_MAX_COST must be a whole number of at least 1 (got "lots")',
      'KONTOR_COMPILED_QUERY_CACHE must be a whole number of at least 1 (got "-1")',
    ]);
  });

  it('sizes the two connection pools and bounds every wait on the database', () => {
    expect(loadConfig({}).database).toEqual({ poolSize: 10, lookupPoolSize: 5, acquireTimeoutMs: 3000, statementTimeoutMs: 30_000, accountMigrationConcurrency: 4 });
    expect(
      loadConfig({
        KONTOR_DB_POOL_SIZE: '5',
        KONTOR_DB_LOOKUP_POOL_SIZE: '3',
        KONTOR_DB_ACQUIRE_TIMEOUT_MS: '250',
        KONTOR_DB_STATEMENT_TIMEOUT_MS: '1000',
        KONTOR_ACCOUNT_MIGRATION_CONCURRENCY: '8',
      }).database,
    ).toEqual({ poolSize: 5, lookupPoolSize: 3, acquireTimeoutMs: 250, statementTimeoutMs: 1000, accountMigrationConcurrency: 8 });
    expect(loadConfig({}).accountMigrationWorker).toBe(true);
    expect(loadConfig({ KONTOR_ACCOUNT_MIGRATION_WORKER: 'false' }).accountMigrationWorker).toBe(false);
    expect(loadConfig({}).spareAccountSchemas).toBe(10);
    expect(loadConfig({ NODE_ENV: 'test' }).spareAccountSchemas).toBe(0);
    expect(loadConfig({ KONTOR_SPARE_ACCOUNT_SCHEMAS: '0' }).spareAccountSchemas).toBe(0);
    expect(problemsOf({ KONTOR_SPARE_ACCOUNT_SCHEMAS: '-1' })).toEqual(['KONTOR_SPARE_ACCOUNT_SCHEMAS must be a whole number of at least 0 (got "-1")']);
    expect(problemsOf({ KONTOR_DB_POOL_SIZE: 'many', KONTOR_DB_LOOKUP_POOL_SIZE: '1', KONTOR_DB_ACQUIRE_TIMEOUT_MS: '0' })).toEqual([
      'KONTOR_DB_LOOKUP_POOL_SIZE must be at least 2 (got "1")',
      'KONTOR_DB_POOL_SIZE must be a whole number of at least 1 (got "many")',
      'KONTOR_DB_ACQUIRE_TIMEOUT_MS must be a whole number of at least 1 (got "0")',
    ]);
  });
});
