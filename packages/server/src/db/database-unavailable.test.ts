import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrm } from '../entities.js';
import type { Orm } from './orm.js';
import { createTestDatabase, withClient, type TestDatabase } from '../testing/test-database.js';
import { databaseUnavailable } from './database-unavailable.js';

/**
 * A transaction PostgreSQL rolls back because it collided with another one
 * kept nothing, so the client should send the request again: it gets
 * SERVICE_UNAVAILABLE with Retry-After, not INTERNAL_SERVER_ERROR (which says
 * "a bug, do not retry") and not an error log line. The errors here are real
 * ones, raised by PostgreSQL and wrapped by the ORM as a request sees them.
 */
let database: TestDatabase;
let orm: Orm;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await createOrm(database.url);
  await withClient(database.url, (client) => client.query(`create table collision (id int primary key, n int not null); insert into collision values (1, 0), (2, 0)`));
}, 60_000);

afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

/** Two transactions that each lock one row and then wait for the other's: PostgreSQL ends one of them with a deadlock. */
async function deadlockThroughTheOrm(): Promise<unknown> {
  const first = orm.em.fork();
  const second = orm.em.fork();
  await first.begin();
  await second.begin();
  try {
    await first.execute(`update collision set n = n + 1 where id = 1`);
    await second.execute(`update collision set n = n + 1 where id = 2`);
    const outcomes = await Promise.allSettled([
      first.execute(`update collision set n = n + 1 where id = 2`),
      second.execute(`update collision set n = n + 1 where id = 1`),
    ]);
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (!failure) throw new Error('expected a deadlock');
    return failure.reason;
  } finally {
    await first.rollback();
    await second.rollback();
  }
}

async function serializationFailure(): Promise<unknown> {
  return withClient(database.url, (reader) =>
    withClient(database.url, async (writer) => {
      await reader.query('begin isolation level serializable');
      await reader.query('select n from collision where id = 1');
      await writer.query('update collision set n = n + 1 where id = 1');
      try {
        await reader.query('update collision set n = n + 1 where id = 1');
        throw new Error('expected a serialization failure');
      } catch (error) {
        return error;
      } finally {
        await reader.query('rollback');
      }
    }),
  );
}

describe('a transaction PostgreSQL rolled back because it collided with another', () => {
  it('is SERVICE_UNAVAILABLE with Retry-After after a deadlock (40P01)', async () => {
    const error = await deadlockThroughTheOrm();
    expect((error as { code?: string }).code).toBe('40P01');
    expect(databaseUnavailable(error)).toMatchObject({
      message: 'This change collided with another one made at the same moment and was not saved. Please try again.',
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 },
    });
  });

  it('is SERVICE_UNAVAILABLE after a serialization failure (40001)', async () => {
    const error = await serializationFailure();
    expect((error as { code?: string }).code).toBe('40001');
    expect(databaseUnavailable(error)?.extensions.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('leaves other database errors alone: a broken unique key is not a reason to retry', async () => {
    const error = await withClient(database.url, (client) => client.query(`insert into collision values (1, 0)`).catch((caught: unknown) => caught));
    expect((error as { code?: string }).code).toBe('23505');
    expect(databaseUnavailable(error)).toBeUndefined();
  });
});
