import { describe, expect, it } from 'vitest';
import type { Orm } from '../db/orm.js';
import type { AccountScope } from './account-scope.js';
import { unitOfWork } from './unit-of-work.js';
import { payload, promotedAfter } from '../testing/young-generation.js';

/**
 * Every account request makes a unit of work. As an object literal with getters (`globalEm`, `metadata`) and
 * closures over the request, it kept the finished request alive through V8's young-generation collections, so all
 * the request reached was promoted to the old generation (graphql/apollo-gateway-retention.test.ts tells why).
 */
describe('a request’s unit of work', () => {
  it('is not kept alive past its request by young-generation collections', async () => {
    const orm = { em: { fork: () => ({ forked: true }) }, getMetadata: () => ({}) } as unknown as Orm;
    const use = () => {
      const scope = { userId: 'u', accountId: 'a', em: async () => ({}), payload: payload() } as unknown as AccountScope;
      const work = unitOfWork(scope, orm, '127.0.0.1');
      return [work.globalEm, work.metadata, work.userId, work.accountEm()];
    };
    for (let i = 0; i < 20; i++) use();
    await promotedAfter(use);
    // The literal promoted 82 KB of the payload's 200 KB here; the class, 1 KB.
    expect(await promotedAfter(use)).toBeLessThan(40_000);
  });
});
