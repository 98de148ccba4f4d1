import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../errors/errors.js';

export class RequestBodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How long the rest of a refused body is read and thrown away after the
 * refusal. Closing a socket that still has unread data makes the kernel send
 * a reset, which can reach the client before it has read our 413; reading
 * on for a moment lets it see the answer. After this the socket is closed
 * whatever the client is still sending.
 */
const discardAfterRefusalMs = 5_000;

/**
 * Reads a request body as UTF-8, refusing one larger than `limitBytes` with
 * a 413 `RequestBodyError`: at once when `Content-Length` announces it
 * (nothing of the body is read), else as soon as a chunked body grows past
 * it. Either way the rest of the body is discarded, not buffered.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const tooLarge = () => new RequestBodyError(413, ErrorCode.REQUEST_TOO_LARGE, `The request body is larger than ${limitBytes} bytes.`);
  const announced = Number(req.headers['content-length']);
  if (announced > limitBytes) {
    discardRest(req);
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      req.off('data', onData);
      chunks.length = 0;
      discardRest(req);
      reject(tooLarge());
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function discardRest(req: IncomingMessage): void {
  const closeSocket = setTimeout(() => req.socket.destroy(), discardAfterRefusalMs);
  closeSocket.unref();
  req.on('close', () => clearTimeout(closeSocket));
  req.resume();
}
