import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, startTestApp, type TestApp } from '../testing/test-app.js';

/** The compiled operations stay within their bound, however many different documents arrive. */
const bound = 50;
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ config: { compiledQueryCacheSize: bound } });
});
afterAll(async () => {
  await app?.stop();
});

/** A document of its own for each `n`, as a client generating queries would send. */
const oneOff = (n: number) => `{ q${n}: __typename }`;

async function sendAll(documents: string[], concurrency = 8): Promise<void> {
  const queue = [...documents];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let document = queue.shift(); document !== undefined; document = queue.shift()) {
        const result = await graphql(app.url, document);
        expect(result.errors).toBeUndefined();
      }
    }),
  );
}

describe('the compiled-operation cache', () => {
  it('keeps no document that came only once: 2,000 distinct anonymous documents leave it empty', async () => {
    await sendAll(Array.from({ length: 2000 }, (_, n) => oneOff(n)));
    expect(app.compiledQueries.size).toBe(0);
  });

  it('keeps a document that comes again, and answers it the same', async () => {
    const first = await graphql(app.url, oneOff(1_000_000));
    expect(app.compiledQueries.size).toBe(0);
    const second = await graphql(app.url, oneOff(1_000_000));
    expect(app.compiledQueries.size).toBe(1);
    expect(second).toEqual(first);
    expect(second.data).toMatchObject({ q1000000: 'Query' });
  });

  it('holds at most its bound when many documents come twice', async () => {
    const documents = Array.from({ length: 4 * bound }, (_, n) => oneOff(2_000_000 + n));
    await sendAll([...documents, ...documents]);
    expect(app.compiledQueries.size).toBe(bound);
  });
});
