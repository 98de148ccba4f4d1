import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { graphql, startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';

const introspection = '{ __schema { queryType { name } } }';
const typeQuery = '{ __type(name: "Person") { name } }';
const nestedInFragment = 'query { ...F } fragment F on Query { __schema { types { name } } }';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ config: { introspection: 'authenticated' } });
});
afterAll(async () => {
  await app.stop();
});

describe('the GraphQL endpoint in a browser', () => {
  it('sends a browser opening /graphql to the bundled playground instead of a CDN landing page', async () => {
    const response = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' }, redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/playground');
  });

  it('still answers GraphQL requests', async () => {
    expect((await graphql(app.url, '{ health { databaseUp } }')).data).toEqual({ health: { databaseUp: true } });
  });
});

describe('introspection limited to authenticated callers', () => {
  it('is refused to anonymous callers, however the query is written, while their other queries run', async () => {
    for (const query of [introspection, typeQuery, nestedInFragment]) {
      const result = await graphql(app.url, query);
      expect(result.errors?.[0]?.extensions?.code, query).toBe('UNAUTHENTICATED');
      expect(result.data ?? null).toBeNull();
    }
    expect((await graphql(app.url, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('is refused with a token that is no longer good', async () => {
    const result = await graphql(app.url, introspection, {}, { authorization: 'Bearer not-a-token' });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('is available to signed-in users and API keys', async () => {
    const user = new TestClient(app.url);
    await signUpNew(user);
    expect((await user.data(introspection)).__schema.queryType.name).toBe('Query');
    const { createApiKey } = await user.data('mutation { createApiKey(name: "Docs", role: NORMAL) { secret } }');
    const result = await graphql(app.url, typeQuery, {}, { authorization: `Bearer ${createApiKey.secret}` });
    expect(result.data).toEqual({ __type: { name: 'Person' } });
  });
});

describe('KONTOR_INTROSPECTION', () => {
  it('defaults to everyone outside production and to authenticated callers in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).introspection).toBe('all');
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe('authenticated');
    expect(loadConfig({ NODE_ENV: 'production', KONTOR_INTROSPECTION: 'all' }).introspection).toBe('all');
  });

  it('refuses other values', () => {
    expect(() => loadConfig({ KONTOR_INTROSPECTION: 'none' })).toThrow(/KONTOR_INTROSPECTION must be all or authenticated/);
  });
});
