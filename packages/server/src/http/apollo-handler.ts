import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { graphQLResponseStatus } from './graphql-response-status.js';
import { readBody, RequestBodyError } from './read-body.js';

/** The largest GraphQL request body taken (1 MB); larger ones get 413 REQUEST_TOO_LARGE. */
export const requestBodyLimitBytes = 1_000_000;

/**
 * Runs one HTTP request through Apollo Server. We speak `node:http` directly
 * instead of pulling in Express: one route, no middleware stack, less work per request.
 */
export async function handleGraphQL<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  context: () => Promise<TContext>,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
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
  const path = req.url ?? '/';
  const query = path.indexOf('?');
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: query < 0 ? '' : path.slice(query), body },
    context,
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = graphQLResponseStatus(response);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
