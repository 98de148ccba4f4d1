import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import { graphQLResponseStatus } from './graphql-response-status.js';
import { readBody, RequestBodyError } from './read-body.js';

/** The largest GraphQL request body taken (1 MB); larger ones get 413 REQUEST_TOO_LARGE. */
export const requestBodyLimitBytes = 1_000_000;

/** A way to answer a request without Apollo Server's pipeline (graphql/known-operation-shortcut.ts). */
export interface GraphQLShortcut<TContext> {
  /** The answer, or nothing when Apollo is to answer (nothing has run then; `context` was made at most once). */
  answer(req: IncomingMessage, body: unknown, context: () => Promise<TContext>): Promise<HTTPGraphQLResponse | undefined>;
  /** Told of each answer Apollo gave. */
  learnContentType(req: IncomingMessage, response: HTTPGraphQLResponse): void;
}

/**
 * Runs one HTTP request through Apollo Server (or the `shortcut`). We speak `node:http` directly
 * instead of pulling in Express: one route, no middleware stack, less work per request.
 */
export async function handleGraphQL<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  context: () => Promise<TContext>,
  shortcut?: GraphQLShortcut<TContext>,
): Promise<void> {
  let body: unknown;
  if (req.method === 'POST') {
    try {
      const raw = await readBody(req, requestBodyLimitBytes);
      body = raw.length === 0 ? undefined : JSON.parse(raw);
    } catch (error) {
      const refusal = error instanceof RequestBodyError ? error : new RequestBodyError(400, 'BAD_REQUEST', 'The request body is not valid JSON');
      const answer = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
      res.writeHead(refusal.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
      return;
    }
  }
  let made: Promise<TContext> | undefined;
  const contextOnce = () => (made ??= context());
  const response = (body !== undefined && (await shortcut?.answer(req, body, contextOnce))) || (await viaApollo(apollo, req, body, contextOnce, shortcut));
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = graphQLResponseStatus(response);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

async function viaApollo<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  body: unknown,
  context: () => Promise<TContext>,
  shortcut: GraphQLShortcut<TContext> | undefined,
): Promise<HTTPGraphQLResponse> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const path = req.url ?? '/';
  const query = path.indexOf('?');
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: query < 0 ? '' : path.slice(query), body },
    context,
  });
  shortcut?.learnContentType(req, response);
  return response;
}
