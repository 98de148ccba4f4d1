import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

/**
 * The import graph of the server's source (tests and test helpers left out)
 * has no cycles: a cycle means two layers each need the other, and the order
 * in which files are loaded starts to matter. Type-only imports count too
 * (`skipTypeImports: false`): they cost nothing at run time, but they show
 * the same tangle to a reader. A cycle is listed file by file in the failure.
 */
const src = fileURLToPath(new URL('.', import.meta.url));
const tsConfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));

describe('architecture', () => {
  it('has no import cycles in src', async () => {
    const graph = await madge(src, {
      fileExtensions: ['ts'],
      excludeRegExp: [/\.test\.ts$/, /^testing[\\/]/],
      tsConfig,
      detectiveOptions: { ts: { skipTypeImports: false } },
    });
    const files = graph.obj();
    // The graph was really read: the app reaches the GraphQL server, it the schema, and the schema every feature's resolvers.
    expect(Object.keys(files).length).toBeGreaterThan(150);
    expect(files['app.ts']).toContain('graphql/graphql-server.ts');
    expect(files['graphql/graphql-server.ts']).toContain('schema.ts');
    expect(files['schema.ts']).toContain('crm/people/people.resolver.ts');
    expect(graph.circular().map((cycle) => cycle.join(' -> '))).toEqual([]);
  }, 60_000);

  /**
   * Resolvers are handed the account, the user and the entity managers as
   * parameters (request/parameters.ts) instead of opening the request context.
   */
  it('has no resolver that opens the request context for its account, user or entity manager', () => {
    const resolverFiles = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.resolver.ts'));
    expect(resolverFiles.length).toBeGreaterThan(15);
    const opened = resolverFiles.flatMap((name) =>
      readFileSync(new URL(name, new URL('.', import.meta.url)), 'utf8')
        .split('\n')
        .map((line, index) => ({ where: `${name}:${index + 1}`, line }))
        .filter(({ line }) => /\b(requireAccount|requireUser|crmOf|readerOf)\(|\.em\.fork\(\)/.test(line))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(opened).toEqual([]);
  });

  /**
   * One calling convention: a function that needs the account and an entity
   * manager takes the request's UnitOfWork (request/unit-of-work.ts) first,
   * never an AccountScope and an EntityManager side by side in an order of
   * its own (the five orders this replaced).
   */
  it('has no function that takes an account scope and an entity manager apart', () => {
    const sourceFiles = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    const apart = sourceFiles.flatMap((name) =>
      [...readFileSync(new URL(name, new URL('.', import.meta.url)), 'utf8').matchAll(/function (\w+)(?:<[^>]*>)?\(([^)]*)\)/g)]
        .filter(([, , params]) => /:\s*AccountScope\b/.test(params!) && /:\s*EntityManager\b/.test(params!))
        .map(([, fn]) => `${name}: ${fn}`),
    );
    expect(apart).toEqual([]);
  });
});
