import http from 'node:http';
import type { TestClient } from './test-client.js';

/** A tiny but real PNG (1×1 pixel): file-type recognises it by its signature. */
export const pngBytes = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

export interface UploadAnswer {
  status: number;
  body: { file?: Record<string, any>; errors?: { message: string; extensions: Record<string, any> }[] };
}

/** `POST /files?<record>&name=…` as the web app sends it: the bytes as the body, the client's token. */
export async function uploadFile(client: TestClient, record: Record<string, string>, name: string, bytes: Buffer, headers: Record<string, string> = {}): Promise<UploadAnswer> {
  const query = new URLSearchParams({ ...record, name });
  const response = await fetch(`${client.url}/files?${query}`, {
    method: 'POST',
    headers: { ...(client.token ? { authorization: `Bearer ${client.token}` } : {}), 'content-type': 'application/octet-stream', ...headers },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: (await response.json()) as UploadAnswer['body'] };
}

/** An upload that declares `declared` bytes, sends `sent` of them and then drops the connection. */
export function interruptedUpload(client: TestClient, record: Record<string, string>, declared: number, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const url = new URL(`${client.url}/files?${new URLSearchParams({ ...record, name: 'broken.bin' })}`);
    const req = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-length': declared } });
    req.on('error', () => resolve());
    req.on('response', (res) => {
      res.resume();
      resolve();
    });
    req.write(Buffer.alloc(sent, 7), () => setTimeout(() => req.destroy(), 200));
  });
}

/**
 * `POST <path>` with a body of `chunks`, sent `pauseMs` apart (as a slow link would), and then, unless `stallAfter` is
 * given, its end; with `stallAfter`, only that many chunks and then nothing more. Answers the status and the body's
 * text, or status 0 when the server closed the connection without answering.
 */
export function slowUpload(
  client: TestClient,
  path: string,
  chunks: Buffer[],
  pauseMs: number,
  stallAfter?: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const req = http.request(new URL(`${client.url}${path}`), { method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-length': total } });
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const sendNext = () => {
      if (stallAfter !== undefined && sent === stallAfter) return;
      req.write(chunks[sent++]);
      if (sent < chunks.length) timer = setTimeout(sendNext, pauseMs);
      else req.end();
    };
    req.on('response', (res) => {
      clearTimeout(timer);
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => {
      clearTimeout(timer);
      resolve({ status: 0, body: '' });
    });
    sendNext();
  });
}
