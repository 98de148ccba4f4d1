import type { IncomingMessage } from 'node:http';
import { HeaderMap, type GraphQLResponse, type HTTPGraphQLResponse } from '@apollo/server';
import type { DocumentNode, ExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { ExecutionShortcut, LearnedOperation } from './compiled-execution.js';
import { operationLabel } from './operation-name-plugin.js';
import type { OperationCosts } from './query-cost.js';
import { refuseUnstorableText } from './unstorable-text.js';
import { noteOperationName } from '../http/http-server.js';
import { introspects } from '../playground/introspection-guard.js';
import type { RequestContext } from '../request/context.js';

/** What Kontor's Apollo plugins do for an operation they have let through before, done here in their place. */
export interface ShortcutPipeline {
  /** The cost check (queryCostPlugin): an operation is taken only when known to fit with the request's variables. */
  costs: OperationCosts;
  /** What the plugins' `willSendResponse` hooks do: end the request's transaction (settleResponse), count the answer. */
  willSendResponse(contextValue: RequestContext, response: GraphQLResponse, operationName: string | null, startedAt: number): Promise<void>;
}

interface KnownOperation {
  document: DocumentNode;
  /** The operation's own name (the document's), for logs and metrics. */
  operationName: string | null;
  compiled: LearnedOperation['compiled'];
}

/** A POST body as Apollo Server takes it for one operation: no batch, no extensions (persisted queries and the like). */
interface PlainRequest {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

/**
 * The answer to an operation Apollo Server has run before, without Apollo's
 * per-request pipeline. For a page of 50 people Kontor spends some 300 µs of
 * its one JavaScript thread a request; Apollo's work around the execution
 * (each plugin's hooks as promises, a SHA-256 of the query text, the document
 * store, content negotiation, copies of the result) is some 35 µs of that
 * (bench/people-list.mjs, issue 16), for a document it parsed, validated,
 * measured and compiled long ago.
 *
 * So each query operation that ran through Apollo from the compiled-query
 * cache (it came at least twice) is remembered by its text and the name the
 * client sent, with what Apollo resolved (`learn`, from the executor). When
 * the same text comes again, in the same plain form (a JSON POST, no
 * extensions, an Accept header Apollo has answered before), it is run here
 * with exactly what Kontor's plugins would do (`ShortcutPipeline`): the cost
 * check, the refusal of unstorable text, the operation's name on the log
 * line, the transaction's end and the metrics. Whatever else goes back to
 * Apollo before anything has run: a check that does not pass at once, a
 * context that cannot be made. An execution whose result carries errors goes
 * back to Apollo too, which formats them and answers as always; the executor
 * then hands Apollo this execution's result (`begun`) instead of running it
 * again. Mutations never come here: they are rarer, and run on graphql-js
 * (compiled-execution.ts).
 */
export class KnownOperationShortcut implements ExecutionShortcut {
  private readonly operations: LRUCache<string, KnownOperation>;
  /** Apollo's content type for an Accept header (learnContentType): few distinct headers come, so a few are kept. */
  private readonly contentTypes = new LRUCache<string, string>({ max: 32 });
  /** Executions begun here and handed to Apollo, by request (Apollo gives the executor a copy of the context). */
  private readonly begunExecutions = new WeakMap<IncomingMessage, Promise<ExecutionResult>>();

  constructor(
    maxOperations: number,
    private readonly pipeline: ShortcutPipeline,
  ) {
    this.operations = new LRUCache({ max: maxOperations });
  }

  learn({ request, document, operation, operationName, compiled }: LearnedOperation): void {
    if (operation.operation !== 'query' || request.http?.method !== 'POST' || request.extensions || typeof request.query !== 'string') return;
    // Introspection is allowed by caller (playground/introspection-guard.ts): always left to Apollo's plugin.
    if (introspects(document)) return;
    const key = operationKey(request.query, request.operationName ?? undefined);
    if (!this.operations.has(key)) this.operations.set(key, { document, operationName, compiled });
  }

  begun(context: unknown): Promise<ExecutionResult> | undefined {
    const req = (context as Partial<RequestContext>).req;
    const execution = req && this.begunExecutions.get(req);
    if (execution && req) this.begunExecutions.delete(req);
    return execution;
  }

  /** Remembers the content type Apollo answered a POST with for its Accept header (absent: the empty string). */
  learnContentType(req: IncomingMessage, response: HTTPGraphQLResponse): void {
    const contentType = response.headers.get('content-type');
    // Only from an answer with data (status 200): an Accept header Apollo cannot answer gets a 406 in JSON.
    if (req.method === 'POST' && (response.status ?? 200) === 200 && response.body.kind === 'complete' && contentType) this.contentTypes.set(req.headers.accept ?? '', contentType);
  }

  /**
   * Answers the request if it is a known operation in the plain form and passes the checks at once; otherwise
   * nothing (and nothing has run): Apollo takes it, with the same `context` (made at most once).
   */
  async answer(req: IncomingMessage, body: unknown, context: () => Promise<RequestContext>): Promise<HTTPGraphQLResponse | undefined> {
    const startedAt = performance.now();
    const request = plainRequest(req, body);
    const contentType = request && this.contentTypes.get(req.headers.accept ?? '');
    const known = contentType && this.operations.get(operationKey(request.query, request.operationName));
    if (!known) return undefined;
    const variables = request.variables ?? {};
    const operationName = known.operationName ?? undefined;
    if (!this.pipeline.costs.fitsUnmeasured(known.document, operationName, variables) || refuseUnstorableText(known.document, variables)) return undefined;
    let contextValue: RequestContext;
    try {
      contextValue = await context();
    } catch {
      return undefined; // Apollo answers the context's failure, as for any request
    }
    noteOperationName(contextValue.res, operationLabel(known.operationName));
    // Resolvers get a copy made as Apollo makes its own (cloneObject in ApolloServer.js): one hidden class for the
    // context whichever path runs them; with the original here and Apollo's copy there, every read of the context in
    // code both paths share (access checks, parameters, services) would see two shapes.
    const execution = Promise.resolve(known.compiled.query(undefined, Object.assign(Object.create(Object.getPrototypeOf(contextValue) as object) as RequestContext, contextValue), variables));
    let result: ExecutionResult;
    try {
      result = await execution;
    } catch {
      result = { errors: [] }; // Apollo formats what the execution threw
    }
    if (result.errors) {
      this.begunExecutions.set(req, execution);
      return undefined;
    }
    const response: GraphQLResponse = { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: result.data } } };
    await this.pipeline.willSendResponse(contextValue, response, known.operationName, startedAt);
    const { singleResult } = response.body as Extract<GraphQLResponse['body'], { kind: 'single' }>;
    response.http.headers.set('content-type', contentType);
    // As Apollo writes a result: errors first, then data, and a line feed.
    return { status: response.http.status, headers: response.http.headers, body: { kind: 'complete', string: `${JSON.stringify({ errors: singleResult.errors, data: singleResult.data })}\n` } };
  }
}

function operationKey(query: string, operationName: string | undefined): string {
  return operationName === undefined ? query : `${operationName}\n${query}`;
}

/**
 * The request in the one form the shortcut takes: a JSON POST (so Apollo's CSRF prevention, which stops only the
 * content types a browser may send cross-site without asking, would let it through) of one operation, its variables
 * an object, no extensions. Anything else, even what Apollo would take, is left to Apollo.
 */
function plainRequest(req: IncomingMessage, body: unknown): PlainRequest | undefined {
  if (req.method !== 'POST' || !jsonContentTypes.has(req.headers['content-type']?.toLowerCase() ?? '')) return undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  if (typeof query !== 'string' || query === '' || extensions !== undefined) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  return { query, operationName: operationName ?? undefined, variables: (variables ?? undefined) as Record<string, unknown> | undefined };
}

const jsonContentTypes: ReadonlySet<string> = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);
