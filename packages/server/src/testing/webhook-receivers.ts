import dgram from 'node:dgram';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** Real HTTP receivers on 127.0.0.1 for webhook tests: well-behaved, hanging, trickling and flooding. */

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the receiver does with a request: answer with a status (and headers), or never answer. */
export type Answer = number | { status: number; headers: Record<string, string> } | 'hang';

/** A receiver whose answers the test chooses; `received` lists every complete request. */
export async function startReceiver() {
  const received: Received[] = [];
  let answer: (request: Received, index: number) => Answer = () => 200;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { headers: req.headers, body };
      received.push(request);
      const chosen = answer(request, received.length - 1);
      if (chosen === 'hang') return;
      if (typeof chosen === 'number') res.writeHead(chosen).end();
      else res.writeHead(chosen.status, chosen.headers).end();
    });
  });
  await listenLocally(server);
  return {
    received,
    url: (path: string) => `http://127.0.0.1:${portOf(server)}${path}`,
    port: () => portOf(server),
    answerWith: (next: typeof answer) => (answer = next),
    close: () => closeServer(server),
  };
}

/** Reads the request, then sends an answer's first bytes one at a time, every `everyMs`, never finishing its headers. */
export async function startTrickler(everyMs = 100) {
  const connections: { openedAt: number; closedAt?: number }[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const connection: { openedAt: number; closedAt?: number } = { openedAt: Date.now() };
    connections.push(connection);
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nX-Slow: ' + 'a'.repeat(100_000));
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.once('data', () => (timer = setInterval(() => socket.write(bytes.subarray(sent, ++sent)), everyMs)));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      clearInterval(timer);
      connection.closedAt = Date.now();
    });
  });
  await listenLocally(server);
  const close = () => {
    for (const socket of sockets) socket.destroy();
    return closeServer(server);
  };
  return { connections, url: (path: string) => `http://127.0.0.1:${portOf(server)}${path}`, close };
}

/** Answers 200 with a body of `size` bytes, written as fast as the client takes them; counts what it managed to write. */
export async function startFlood(size: number) {
  const state = { requests: 0, bytesWritten: 0, closed: 0 };
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server = http.createServer((req, res) => {
    state.requests++;
    req.resume();
    res.writeHead(200, { 'content-length': size });
    let left = size;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const part = chunk.subarray(0, Math.min(chunk.length, left));
        left -= part.length;
        state.bytesWritten += part.length;
        if (!res.write(part)) return void res.once('drain', pump);
      }
      if (left === 0) res.end();
    };
    res.on('close', () => state.closed++);
    pump();
  });
  await listenLocally(server);
  return { state, url: (path: string) => `http://127.0.0.1:${portOf(server)}${path}`, close: () => closeServer(server) };
}

/** A DNS server on 127.0.0.1 that takes every query and never answers; counts the queries. */
export async function startSilentDns() {
  const state = { queries: 0 };
  const socket = dgram.createSocket('udp4');
  socket.on('message', () => state.queries++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { state, server: `127.0.0.1:${socket.address().port}`, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function listenLocally(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

function portOf(server: net.Server): number {
  return (server.address() as AddressInfo).port;
}

/** Closes the server and drops connections still open (a hanging request would otherwise keep it open). */
function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if (server instanceof http.Server) server.closeAllConnections();
  });
}
