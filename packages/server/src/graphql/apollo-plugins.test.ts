import { ApolloServer } from '@apollo/server';
import { afterEach, describe, expect, it } from 'vitest';
import { apolloBuiltInsDisabled } from './apollo-plugins.js';

const saved = { key: process.env.APOLLO_KEY, ref: process.env.APOLLO_GRAPH_REF, schema: process.env.APOLLO_SCHEMA_REPORTING };
afterEach(() => {
  for (const [name, value] of [['APOLLO_KEY', saved.key], ['APOLLO_GRAPH_REF', saved.ref], ['APOLLO_SCHEMA_REPORTING', saved.schema]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** What Apollo logs while it starts and answers one request, with its Apollo Studio key in the environment. */
async function logOfApolloWithStudioKey(plugins: ReturnType<typeof apolloBuiltInsDisabled>): Promise<string[]> {
  process.env.APOLLO_KEY = 'service:kontor-test:not-a-real-key';
  process.env.APOLLO_GRAPH_REF = 'kontor-test@current';
  process.env.APOLLO_SCHEMA_REPORTING = 'true';
  const lines: string[] = [];
  const note = (message: unknown) => void lines.push(String(message));
  const apollo = new ApolloServer({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'hi' } },
    logger: { debug: note, info: note, warn: note, error: note },
    plugins,
  });
  try {
    await apollo.start();
    const answer = await apollo.executeOperation({ query: '{ hello }' });
    expect(answer.body.kind === 'single' && answer.body.singleResult.data).toEqual({ hello: 'hi' });
  } finally {
    await apollo.stop();
  }
  return lines;
}

describe("Apollo's built-in plugins", () => {
  it('send nothing to Apollo Studio even when APOLLO_KEY and APOLLO_GRAPH_REF are set', async () => {
    const lines = await logOfApolloWithStudioKey(apolloBuiltInsDisabled());
    expect(lines.filter((line) => /usage report|schema report/i.test(line))).toEqual([]);
  });

  it('would report usage without them (the test above can see it)', async () => {
    const lines = await logOfApolloWithStudioKey([]);
    expect(lines.some((line) => /usage reporting starting/i.test(line))).toBe(true);
  });
});
