import { ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helloGateway, postHello } from '../testing/apollo-hello.js';
import { sameHiddenClass } from '../testing/hidden-class.js';

/**
 * Apollo Server copied a request's result and its HTTP answer with an object spread followed by one more property
 * (`{ ...result, errors }`, `{ ...http, body }`; the request context too, with `useLegacyIncremental`). In Node 20's
 * V8 that gives every copy a hidden class of its own, allocated in the old generation, and makes every read of such
 * objects megamorphic: with Kontor's list page, nine new hidden classes a request (`node --log-maps`). Our patch
 * (patches/@apollo__server@5.5.1.patch) copies with `Object.assign` and passes the flag as an argument.
 */
const results: object[] = [];
let apollo: ApolloServer;
beforeAll(async () => {
  apollo = new ApolloServer({
    gateway: helloGateway(),
    plugins: [
      {
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              if (response.body.kind === 'single') results.push(response.body.singleResult);
            },
          };
        },
      },
    ],
  });
  await apollo.start();
});
afterAll(async () => {
  await apollo.stop();
});

function request(): Promise<HTTPGraphQLResponse> {
  return postHello(apollo);
}

describe('what Apollo Server makes for each request', () => {
  it('has the same hidden class every time', async () => {
    const answers: HTTPGraphQLResponse[] = [];
    // Enough for the inline caches to settle, as on a running server.
    for (let i = 0; i < 50; i++) answers.push(await request());
    expect(answers[49]!.body.kind === 'complete' && JSON.parse(answers[49]!.body.string)).toEqual({ data: { hello: 'hi' } });
    expect(answers[49]!.status).toBeUndefined();
    expect(sameHiddenClass(answers[48]!, answers[49]!)).toBe(true);
    expect(sameHiddenClass(results[48]!, results[49]!)).toBe(true);
  });
});
