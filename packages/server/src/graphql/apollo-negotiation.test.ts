import { createRequire } from 'node:module';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { helloGateway, helloSchema, postHello } from '../testing/apollo-hello.js';

/**
 * Apollo Server negotiated every request's Accept header for incremental delivery (@defer, @stream), a result that
 * only its own executor reads; Kontor's runs through the gateway interface (compiled-execution.ts), and graphql 16
 * has no incremental delivery. 1.4 % of a list request's CPU in a profile (1 Dec 2026). Our patch of @apollo/server
 * (patches/@apollo__server@5.5.1.patch) leaves it out when a gateway executes; the answer's own content type is still
 * negotiated as before.
 */
const Negotiator = createRequire(createRequire(import.meta.url).resolve('@apollo/server'))('negotiator') as { prototype: { mediaType: unknown } };

async function answer(apollo: ApolloServer<BaseContext>, accept?: string) {
  const response = await postHello(apollo, { headers: accept ? [['accept', accept]] : [] });
  return { status: response.status ?? 200, contentType: response.headers.get('content-type'), body: response.body.kind === 'complete' ? JSON.parse(response.body.string) : undefined };
}

async function withApollo<T>(options: { gateway: boolean }, run: (apollo: ApolloServer<BaseContext>) => Promise<T>): Promise<T> {
  const apollo = options.gateway
    ? new ApolloServer<BaseContext>({ gateway: helloGateway() })
    : new ApolloServer<BaseContext>({ schema: helloSchema });
  await apollo.start();
  try {
    return await run(apollo);
  } finally {
    await apollo.stop();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Apollo's content negotiation", () => {
  it('does not negotiate incremental delivery for the compiled execution', async () => {
    await withApollo({ gateway: true }, async (apollo) => {
      const negotiations = vi.spyOn(Negotiator.prototype as { mediaType(...args: unknown[]): unknown }, 'mediaType');
      expect(await answer(apollo)).toEqual({ status: 200, contentType: 'application/json; charset=utf-8', body: { data: { hello: 'hi' } } });
      expect(negotiations).not.toHaveBeenCalled();
    });
  });

  it("still chooses the answer's content type from Accept, and refuses one it cannot serve", async () => {
    await withApollo({ gateway: true }, async (apollo) => {
      expect(await answer(apollo, 'application/graphql-response+json')).toMatchObject({ status: 200, contentType: 'application/graphql-response+json; charset=utf-8' });
      expect(await answer(apollo, 'application/json')).toMatchObject({ status: 200, contentType: 'application/json; charset=utf-8' });
      expect((await answer(apollo, 'text/html')).status).toBe(406);
    });
  });

  it("still negotiates it for Apollo's own executor (the patch leaves that alone)", async () => {
    await withApollo({ gateway: false }, async (apollo) => {
      const negotiations = vi.spyOn(Negotiator.prototype as { mediaType(...args: unknown[]): unknown }, 'mediaType');
      expect((await answer(apollo)).body).toEqual({ data: { hello: 'hi' } });
      expect(negotiations).toHaveBeenCalled();
    });
  });
});
