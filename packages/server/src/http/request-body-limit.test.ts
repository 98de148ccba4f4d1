import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { silentLogger } from '../logging/logger.js';
import { requestBodyLimitBytes } from './apollo-handler.js';
import { defaultRequestTimeouts } from '../config/config.js';
import { createHttpServer } from './http-server.js';
import { readBody } from './read-body.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const port = () => Number(new URL(app.url).port);

/** Sends only the head of a request and returns whatever the server answers before the body. */
function headOnly(contentLength: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port(), '127.0.0.1', () => {
      socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`);
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      const [head, body] = answer.split('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(head ?? '')?.[1];
      if (body !== undefined && length && Buffer.byteLength(body) >= Number(length)) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within 3 s (got ${JSON.stringify(answer)})`));
    }, 3000).unref();
  });
}

/** Streams a chunked body of `totalBytes` in 64 KB chunks and resolves with the answer the client reads. */
function chunkedUpload(totalBytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: port(), path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, ' ');
    let sent = 0;
    const writeMore = () => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', writeMore);
      }
      req.end();
    };
    writeMore();
  });
}

describe('request bodies over the limit', () => {
  it('are refused with 413 from Content-Length alone, before any of the body is sent', async () => {
    const answer = await headOnly(requestBodyLimitBytes + 1);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(json.errors[0]).toMatchObject({ extensions: { code: 'REQUEST_TOO_LARGE' }, message: expect.stringMatching(/larger than/) });
  });

  it('are answered 413 (which the client reads) when a chunked body grows past the limit', async () => {
    const answer = await chunkedUpload(requestBodyLimitBytes * 2);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
  });

  it('leave bodies within the limit alone', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', padding: ' '.repeat(requestBodyLimitBytes - 100) }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('a request body sent too slowly', () => {
  it('is cut off with 408 once the request takes longer than the limit (30 s in the app)', async () => {
    expect(defaultRequestTimeouts.requestTimeoutMs).toBe(30_000);
    const route = async (req: http.IncomingMessage, res: http.ServerResponse) => void res.end(await readBody(req, requestBodyLimitBytes));
    const server = createHttpServer({ graphql: route, health: route, static: route }, silentLogger, { requestTimeoutMs: 1_000 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write('POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":');
        });
        let received = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (received += chunk));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
        setTimeout(() => socket.destroy(), 10_000).unref();
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      server.close();
    }
  });
});
