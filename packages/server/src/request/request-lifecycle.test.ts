import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createRequestContext, type ContextDeps } from './request-lifecycle.js';
import { sameHiddenClass } from '../testing/hidden-class.js';

describe('the request context', () => {
  it('has the same hidden class on every request', async () => {
    const deps = { orm: {}, config: { trustProxy: { kind: 'off' } }, keys: {}, logger: {}, mailer: {}, jobs: {} } as unknown as ContextDeps;
    const request = () => ({ headers: {}, socket: { remoteAddress: '127.0.0.1' } }) as unknown as IncomingMessage;
    const contexts = [];
    // Enough for the inline caches of the code that makes them to settle, as on a running server.
    for (let i = 0; i < 50; i++) contexts.push(await createRequestContext(deps, request(), {} as ServerResponse));
    expect(contexts[0]!.caller).toEqual({ kind: 'anonymous' });
    expect(sameHiddenClass(contexts[48]!, contexts[49]!)).toBe(true);
  });
});
