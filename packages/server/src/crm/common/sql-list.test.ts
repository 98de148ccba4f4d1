import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import type { AccountScope } from '../../request/account-scope.js';
import type { RowMapper } from './row-mapper.js';
import { listPage, Where } from './sql-list.js';
import { payload, promotedAfter } from '../../testing/young-generation.js';

/**
 * Every list request makes a page. With `totalCount` a getter of an object literal, closing over the request's
 * scope, the finished request stayed alive through V8's young-generation collections, and all it reached was
 * promoted to the old generation (graphql/apollo-gateway-retention.test.ts tells why).
 */
describe('a list page', () => {
  const toNode = Object.assign((row: Record<string, unknown>) => row, {
    forColumns: () => (row: unknown[]) => ({ id: row[0] }),
    columns: ['id'],
  }) as RowMapper<object>;
  const scope = (held: unknown) =>
    ({
      held,
      table: async () => ({ columns: ['id', '__cursor0'], rows: [['a', 'a'], ['b', 'b']] }),
      query: async () => [{ count: '7' }],
    }) as unknown as AccountScope;
  const page = (held: unknown) =>
    listPage(scope(held), { table: 'person', where: new Where(), order: { keys: [{ sql: 't.id', type: 'uuid' }], direction: 'asc' }, first: 1, after: undefined, toNode });

  it('counts only when asked, once', async () => {
    const listed = await page(null);
    expect(listed.edges.map((edge) => edge.node)).toEqual([{ id: 'a' }]);
    expect(listed.pageInfo.hasNextPage).toBe(true);
    expect(await listed.totalCount).toBe(7);
    expect(listed.totalCount).toBe(listed.totalCount);
  });

  it('is not kept alive past its request by young-generation collections', async () => {
    // What `run` answers stays alive until the measure is taken: the page is read and dropped inside it.
    const list = async () => {
      await page(payload());
    };
    for (let i = 0; i < 20; i++) await list();
    await promotedAfter(list);
    // The payload is some 200 KB: the object literal promoted 82 KB of it here, the class 1 KB.
    expect(await promotedAfter(list)).toBeLessThan(40_000);
  });
});
