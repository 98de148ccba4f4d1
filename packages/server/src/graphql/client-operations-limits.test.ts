import fs from 'node:fs';
import path from 'node:path';
import {
  getIntrospectionQuery,
  getNullableType,
  getVariableValues,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  Lexer,
  NoUnusedFragmentsRule,
  parse,
  Source,
  specifiedRules,
  TokenKind,
  typeFromAST,
  validate,
  type DefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, repoRoot } from '../config/config.js';
import { measureCost } from './query-cost.js';
import { queryShapeRules } from './query-limits.js';
import { buildKontorSchema } from '../schema.js';

/**
 * A real client must never meet a limit: every operation the web app and the
 * SDK send (and the playground's introspection) stays under each default,
 * with every `Int` variable at a full page (100), the most a client may ask.
 */
const limits = loadConfig({ NODE_ENV: 'test' }).queryLimits;
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildKontorSchema();
});

function graphqlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : graphqlFiles(full);
    return entry.name.endsWith('.graphql') ? [full] : [];
  });
}

const sources = [...graphqlFiles(path.join(repoRoot, 'packages/web/src')), ...graphqlFiles(path.join(repoRoot, 'packages/sdk/src/operations'))].map(
  (file) => new Source(fs.readFileSync(file, 'utf8'), path.relative(repoRoot, file)),
);
const definitions: DefinitionNode[] = sources.flatMap((source) => parse(source).definitions);
const fragments = definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
const operations = definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
/** GraphiQL's, for the playground: an operation with fragments of its own. */
const introspection = parse(getIntrospectionQuery());

// Each operation is checked with every fragment of the app beside it; most go unused there.
const rulesButUnusedFragments = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

/** A value of `type` that coerces: required input fields filled in, Ints at a full page. */
function sample(type: GraphQLInputType): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [sample(inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[0]!.name; // variables carry an enum's name, not its internal value
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter((field) => isNonNullType(field.type));
    return Object.fromEntries(fields.map((field) => [field.name, sample(field.type)]));
  }
  const scalars: Record<string, unknown> = { Int: 100, Float: 1, String: 'x', Boolean: true, ID: '00000000-0000-4000-8000-000000000001', DateTimeISO: '2026-01-01T00:00:00Z' };
  return scalars[inner.name] ?? 'x';
}

function variablesOf(operation: OperationDefinitionNode): Record<string, unknown> {
  const variables = Object.fromEntries(
    (operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, sample(typeFromAST(schema, definition.type as never) as GraphQLInputType)]),
  );
  // The cost must be measured with variables that fit, or it would measure nothing.
  expect(getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors).toBeUndefined();
  return variables;
}

describe('the operations of the web app and the SDK', () => {
  it('are all found', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it.each(operations.map((operation) => [operation.name!.value, operation] as const))('%s stays under every limit', (name, operation) => {
    const document = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] } as const;
    expect(validate(schema, document, [...rulesButUnusedFragments, ...queryShapeRules(limits)])).toEqual([]);
    expect(measureCost(schema, document, variablesOf(operation), name, limits.maxCost)).toBeLessThanOrEqual(limits.maxCost);
  });

  it("the playground's introspection stays under every limit", () => {
    expect(validate(schema, introspection, [...specifiedRules, ...queryShapeRules(limits)])).toEqual([]);
    expect(measureCost(schema, introspection, {}, 'IntrospectionQuery', limits.maxCost)).toBe(1000);
  });

  it('each file stays under the token limit', () => {
    for (const source of [...sources, new Source(getIntrospectionQuery(), 'introspection')]) {
      const lexer = new Lexer(source);
      let tokens = 0;
      while (lexer.advance().kind !== TokenKind.EOF) tokens++;
      expect(tokens, source.name).toBeLessThanOrEqual(limits.maxTokens);
    }
  });
});
