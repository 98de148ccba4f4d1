import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `pnpm test:citus`: the tests that prove Kontor on a Citus cluster, against
 * the coordinator at KONTOR_CITUS_URL (default: the one `cluster.sh up`
 * starts, postgres://postgres@127.0.0.1:9700/postgres). Each test file's
 * database is created on every node (testing/test-cluster.ts).
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'src/db/citus.test.ts',
      'src/db/account-move.test.ts',
      'src/isolation/isolation.test.ts',
      'src/request/account-scope.test.ts',
      'src/db/migrations.test.ts',
      'src/accounts/**/*.test.ts',
      'src/crm/**/*.test.ts',
      'src/team/**/*.test.ts',
      'src/search/search.test.ts',
    ],
    globalSetup: ['src/testing/citus-global-setup.ts'],
    // Three files at a time: they mostly wait on the cluster's three PostgreSQL servers, and each has a database
    // of its own. (The default, one fewer than the cores, ran them one after another on two cores.)
    maxWorkers: 3,
    // Account creation goes through the cluster: slower than on one server.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
