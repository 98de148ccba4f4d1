import type { GatewayExecutor, GatewayGraphQLRequest, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { CompiledQueryCache } from './compiled-query-cache.js';
import { ErrorCode } from '../errors/errors.js';
import { refuseMixedMutations } from './mutation-batch.js';
import { refuseUnstorableText } from './unstorable-text.js';

/**
 * Executes queries with graphql-jit instead of graphql-js's interpreter
 * (mutations keep the interpreter: see runMutation), after refusing text that
 * cannot be stored (unstorable-text.ts).
 * Apollo Server still parses, validates and caches each document, runs the
 * plugins and formats errors; only execution changes: each document that
 * comes again is compiled once (compiled-query-cache.ts) into a function
 * that resolves and completes its fields without walking the AST per value. A page of 50 people is some 350 field
 * completions, which the interpreter spent about a seventh of the request on.
 *
 * It plugs into Apollo Server's executor interface (`gateway`), the one place
 * Apollo lets another engine run a validated operation.
 */
export function compiledExecution(schema: GraphQLSchema, compiled: CompiledQueryCache<CompiledQuery>, shortcut?: ExecutionShortcut): GatewayInterface {
  const executor: GatewayExecutor = async ({ document, queryHash, operationName, request, context, operation }) => {
    const begun = shortcut?.begun(context);
    if (begun) return withErrorsRebuilt(await begun);
    const unstorable = refuseUnstorableText(document, request.variables);
    if (unstorable) return { errors: [unstorable] };
    // Apollo leaves the operation out when the document has none of the requested name (and graphql-jit would run another).
    if (!(operation as OperationDefinitionNode | undefined)) return { errors: [unknownOperation(request.operationName)] };
    if (operation.operation === 'mutation') {
      const mixed = refuseMixedMutations(schema, document, operation);
      if (mixed) return { errors: [mixed] };
      return withErrorsRebuilt(await runMutation(schema, document, operationName, request.variables, context));
    }
    const key = `${queryHash}:${operationName ?? ''}`;
    let query = compiled.get(key);
    let cached = query !== undefined;
    if (!query) {
      const result = compileQuery(schema, document, operationName ?? undefined);
      if (!isCompiledQuery(result)) return result;
      cached = compiled.offer(key, (query = result));
    }
    if (cached) shortcut?.learn({ request, document, operation, operationName: operationName ?? null, compiled: query });
    return withErrorsRebuilt(await query.query(undefined, context, request.variables ?? {}));
  };

  return {
    async load() {
      return { schema, executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}

/**
 * A way past Apollo's per-request pipeline for operations it has run before (known-operation-shortcut.ts): told of
 * each compiled query operation Apollo let through, and asked whether it began this request's execution itself.
 */
export interface ExecutionShortcut {
  learn(operation: LearnedOperation): void;
  /** The execution the shortcut began for this request (`context`, or Apollo's copy of it) before handing it to Apollo. */
  begun(context: unknown): Promise<ExecutionResult> | undefined;
}

/** An operation Apollo parsed, validated, resolved and let through its plugins, compiled and run from the cache. */
export interface LearnedOperation {
  request: GatewayGraphQLRequest;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The operation's name in the document. */
  operationName: string | null;
  compiled: CompiledQuery;
}

/**
 * Mutations run on graphql-js's interpreter: one field after the other, and
 * none after the first that fails, as the GraphQL spec says. graphql-jit
 * runs them in order too, but carries on after a failure, so a client saw
 * `data: null` while a later mutation of the same request had been stored.
 * Mutations are rare next to list reads, so the interpreter costs nothing
 * measurable here. Every mutation returns a non-null type, so a failure
 * answers `data: null`; the request's transaction is then rolled back as a
 * whole (request-lifecycle.ts), so the earlier fields are undone too.
 */
function runMutation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  context: unknown,
): Promise<ExecutionResult> {
  return Promise.resolve(execute({ schema, document, operationName, variableValues: variables, contextValue: context }));
}

function withErrorsRebuilt(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  // No data at all: execution never started because the variables did not fit their types.
  if (result.data === undefined) return { errors: result.errors.map(badVariables) };
  return { ...result, errors: result.errors.map(asGraphQLError) };
}

function unknownOperation(operationName: string | null | undefined): GraphQLError {
  const message = operationName ? `The document has no operation named "${operationName}".` : 'The document has several operations: name the one to run (operationName).';
  return new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
}

/** As graphql-js reports variables that do not fit: the client's mistake (Apollo answers 400). */
function badVariables(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

/**
 * graphql-jit builds its errors without `extensions`, which Apollo's error
 * handling reads: such an error would reach the client masked but never our
 * formatter (format-error.ts), which logs what went wrong. Rebuilt as
 * graphql-js builds them, with the resolver's error as `originalError`.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
  });
}
