import { afterAll, beforeAll } from 'vitest';
import { migrateDatabase } from '../db/migrate.js';
import type { Orm } from '../db/orm.js';
import { createOrm } from '../entities.js';
import { silentLogger } from '../logging/logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * A test file's own database with the global migrations run, and an ORM on it, for tests below the HTTP layer:
 * made before the file's tests (`beforeAll`), dropped after them. Read `orm` and `database` inside hooks and tests.
 */
export function migratedTestDatabase(): { readonly orm: Orm; readonly database: TestDatabase } {
  const made: { orm?: Orm; database?: TestDatabase } = {};
  beforeAll(async () => {
    made.database = await createTestDatabase();
    made.orm = await createOrm(made.database.url);
    await migrateDatabase(made.orm, silentLogger);
  });
  afterAll(async () => {
    await made.orm?.close(true);
    await made.database?.drop();
  });
  return {
    get orm() {
      if (!made.orm) throw new Error('the migrated test database is made in beforeAll: use it inside hooks and tests');
      return made.orm;
    },
    get database() {
      if (!made.database) throw new Error('the migrated test database is made in beforeAll: use it inside hooks and tests');
      return made.database;
    },
  };
}
