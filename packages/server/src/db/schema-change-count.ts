import type pg from 'pg';

/**
 * A PostgreSQL backend keeps the catalog entries of every schema it has
 * touched for as long as it lives, and creating, renaming or dropping an
 * account schema touches every relation in it. At 10,000 accounts a look-up
 * connection that had run account creation and the spare keeper for hours
 * held 463 MB. So each connection of the look-up pool counts the account
 * schemas it changed, and the pool replaces it once it has changed
 * `schemaChangesPerConnection` of them (db/orm.ts): memory stays bounded
 * however many accounts a process creates, at the price of one new
 * connection per that many creations.
 *
 * A statement counts when its text begins with CREATE, ALTER or DROP SCHEMA:
 * what account creation (the long way and a spare's claim), the keeper and
 * account deletion send first (db/account-schema.ts,
 * db/spare-account-schemas.ts). Account migrations run on a pool of their
 * own, replaced by its own count (db/account-schemas.ts).
 */
const schemaChange = /^\s*(?:create|alter|drop)\s+schema\b/i;
const counts = new WeakMap<pg.Client, number>();

/** From now on, counts the schema changes sent over `client` (the ORM's text, before deferred-begin.ts adds to it). */
export function countSchemaChanges(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((config: unknown, ...rest: unknown[]) => {
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string' && schemaChange.test(text)) counts.set(client, (counts.get(client) ?? 0) + 1);
    return query(config, ...rest);
  }) as typeof client.query;
}

/** How many account schemas were created, renamed or dropped over `client`. */
export function schemaChangesOf(client: pg.Client): number {
  return counts.get(client) ?? 0;
}
