import { executionAsyncResource } from 'node:async_hooks';
import { TransactionContext } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';

/**
 * Before Node 24, an AsyncLocalStorage that has run once keeps Node's promise
 * hooks on for every promise the process creates afterwards. MikroORM runs its
 * storages for flushes and transactions; our patch of @mikro-orm/core
 * (patches/, utils/scopedStorage.js) disables each again when none of its runs
 * is in progress. Measured on `bench/people-list.mjs`: with the hooks on, a
 * read request cost about a quarter more CPU.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

/** With promise hooks on, code after an `await` runs with the promise as its async resource. */
async function promiseHooksAreOn(): Promise<boolean> {
  await null;
  return executionAsyncResource() instanceof Promise;
}

const hooksMatter = Number(process.versions.node.split('.')[0]) < 24;

describe('MikroORM async context', () => {
  it.runIf(hooksMatter)('leaves promise hooks off once sign-up, writes and transactions have finished', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    const { createPerson } = await client.data('mutation { createPerson(input: { lastName: "Flushed" }) { id } }');
    await client.data('mutation($id: ID!) { updatePerson(id: $id, input: { firstName: "Ada" }) { id } }', { id: createPerson.id });
    await app.orm.em.fork().transactional(async (em) => em.execute('select 1'));
    expect(await promiseHooksAreOn()).toBe(false);
  });

  it('keeps a transaction context while another transaction begins and ends beside it', async () => {
    let release!: () => void;
    const otherEnded = new Promise<void>((resolve) => (release = resolve));
    const first = app.orm.em.fork().transactional(async (em) => {
      await otherEnded;
      // The other transaction's end must not have taken this one's context away.
      expect(TransactionContext.getEntityManager(em.name)).toBe(em);
      return (await em.execute<{ answer: number }[]>('select 42 as answer'))[0]!.answer;
    });
    await app.orm.em.fork().transactional(async (em) => {
      expect(TransactionContext.getEntityManager(em.name)).toBe(em);
    });
    release();
    expect(await first).toBe(42);
    expect(TransactionContext.getEntityManager()).toBeUndefined();
  });
});
