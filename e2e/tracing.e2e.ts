import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, startServer, type RunningServer } from './support/server.js';

/*
 * OpenTelemetry (no browser): a server started with OTEL_EXPORTER_OTLP_ENDPOINT sends spans for HTTP, GraphQL and
 * PostgreSQL to a local OTLP/HTTP receiver, and its request log lines carry the trace ID; one started without it
 * sends nothing and logs no trace ID.
 */
let receiver: http.Server;
const exported: { name: string; traceId: string }[] = [];
let server: RunningServer;
let plain: RunningServer;
let database: Awaited<ReturnType<typeof createDatabase>>;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const payload = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: { name: string; traceId: string }[] }[] }[] };
        for (const resource of payload.resourceSpans) for (const scope of resource.scopeSpans) for (const span of scope.spans) exported.push({ name: span.name, traceId: span.traceId });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  database = await createDatabase();
  const db: Record<string, string> = database ? { DATABASE_URL: database.url } : {};
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  server = await startServer({ ...db, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '200', LOG_LEVEL: 'info' });
  plain = await startServer({ ...db, LOG_LEVEL: 'info' });
});
afterAll(async () => {
  for (const running of [server, plain]) {
    await running?.stop();
    if (running) await fs.rm(running.dataDir, { recursive: true, force: true });
  }
  await database?.drop();
  receiver?.close();
});

/** Waits (15 s at most) until `done()` holds; spans leave the server in batches. */
async function until(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 15_000; !done(); await new Promise((resolve) => setTimeout(resolve, 200))) {
    if (Date.now() > deadline) throw new Error(`not seen in time; spans so far: ${exported.map((span) => span.name).join(', ')}`);
  }
}

const health = (url: string) => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query Health { health { databaseUp } }', operationName: 'Health' }) });

describe('OpenTelemetry', () => {
  it('exports spans of HTTP, GraphQL and PostgreSQL, and the request log line carries their trace ID', async () => {
    expect((await health(server.url)).status).toBe(200);
    const names = () => exported.map((span) => span.name);
    await until(() => names().some((name) => name.startsWith('POST')) && names().some((name) => /graphql|Health/i.test(name)) && names().some((name) => /^pg\.|^SELECT|postgres/i.test(name)));
    const line = server
      .output()
      .split('\n')
      .map((text) => {
        try {
          return JSON.parse(text) as { msg?: string; operation?: string; traceId?: string };
        } catch {
          return {};
        }
      })
      .find((entry) => entry.msg === 'request' && entry.operation === 'Health');
    expect(line?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(exported.filter((span) => span.traceId === line!.traceId).map((span) => span.name).join(' | ')).toMatch(/POST/);
  });

  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT: no trace ID in the log', async () => {
    expect((await health(plain.url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const requests = plain.output().split('\n').filter((text) => text.includes('"msg":"request"'));
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.some((text) => text.includes('traceId'))).toBe(false);
  });
});
