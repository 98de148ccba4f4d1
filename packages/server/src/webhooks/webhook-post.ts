import http from 'node:http';
import https from 'node:https';
import { addressLiteral, guardedLookup, isPublicAddress, type WebhookAddressSettings } from './webhook-url.js';

export interface PostSettings extends WebhookAddressSettings {
  /** One bound for the whole delivery: lookup, connect, sending, the answer's headers and the part of its body that is read. */
  timeoutMs: number;
  /** How much of the answer's body is read before the connection is dropped; the body is never used. */
  responseBodyBytes: number;
}

export interface PostOutcome {
  /** The answer's HTTP status, when one arrived in time. */
  status?: number;
  error: string | null;
  /** The delivery was cut off by `signal` (the worker stopping), not by the receiver. */
  interrupted?: boolean;
}

/**
 * POSTs a webhook body and reports the answer's status. Redirects are not
 * followed (a 3xx is a failed attempt), so a receiver cannot send the
 * request on to an internal address. The connection is made without the
 * keep-alive pool: each delivery owns its socket, which is destroyed when the
 * status is known and a few KB of the body are read, when `timeoutMs` has
 * passed since the start, or when `signal` aborts.
 */
export function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, settings: PostSettings, signal: AbortSignal): Promise<PostOutcome> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve({ error: 'Interrupted: the worker stopped before sending.', interrupted: true });
      return;
    }
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      resolve({ error: 'The URL is not valid.' });
      return;
    }
    const literal = addressLiteral(url);
    if (!settings.allowPrivateUrls && literal !== undefined && !isPublicAddress(literal)) {
      resolve({ error: `${literal} is not a public address; refused.` });
      return;
    }

    let status: number | undefined;
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      resolve(outcome);
    };
    const answered = (code: number): PostOutcome => ({ status: code, error: code >= 200 && code < 300 ? null : `The endpoint answered HTTP ${code}.` });
    // Once the status has arrived, it decides: a receiver that is slow to finish its body has still answered.
    const cutOff = (error: string, interrupted = false) => finish(status !== undefined ? answered(status) : { error, ...(interrupted ? { interrupted } : {}) });
    const onAbort = () => cutOff('Interrupted: the worker stopped before an answer arrived.', true);
    const deadline = setTimeout(() => cutOff(`No answer within ${settings.timeoutMs} ms.`), settings.timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });

    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'user-agent': 'Kontor-Webhooks/1', 'content-length': Buffer.byteLength(body), ...headers },
        lookup: guardedLookup(settings) as never,
      },
      (response) => {
        status = response.statusCode ?? 0;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read >= settings.responseBodyBytes) finish(answered(status!));
        });
        response.on('end', () => finish(answered(status!)));
        response.on('error', () => finish(answered(status!)));
      },
    );
    request.on('error', (error) => cutOff(error.message));
    request.end(body);
  });
}
