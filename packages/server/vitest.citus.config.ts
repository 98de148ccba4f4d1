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
    // What Citus changes, and a part of each area on top of it, so that CI's Citus run stays short (README, "Growing past
    // one machine"): placement, the backstop and custom fields on a worker, moves, isolation, the account scope,
    // migrations of placed accounts, creating and switching accounts, people, deals and rights, members, invitations
    // and deleting an account, search.
    include: [
      'src/db/citus.test.ts',
      'src/db/account-move.test.ts',
      'src/isolation/isolation.test.ts',
      'src/request/account-scope.test.ts',
      'src/db/migrations.test.ts',
      'src/accounts/account-creation-limits.test.ts',
      'src/accounts/switching.test.ts',
      'src/crm/people/people.test.ts',
      'src/crm/deals/deals.test.ts',
      'src/crm/rights.test.ts',
      'src/team/members.test.ts',
      'src/team/invitations.test.ts',
      'src/team/account-deletion.test.ts',
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
