import { downloadLink } from '../auth/download-token.js';
import type { RequestContext } from '../request/context.js';
import type { AccountScope } from '../request/account-scope.js';
import { specClaims, type ExportSpec } from './export-spec.js';

export const exportPath = '/exports';

/**
 * A link that makes the export when it is opened (export-download.ts). A
 * signed-in user's carries a download token of their session; an API key's
 * names the key, and the download must send the same key's `Authorization`.
 */
export async function exportLinkOf(ctx: RequestContext, scope: AccountScope, spec: ExportSpec, now = new Date()): Promise<{ url: string; expiresAt: Date }> {
  const { caller } = ctx;
  const grant =
    caller.kind === 'user'
      ? { userId: caller.userId, sessionId: caller.sessionId, accountId: scope.accountId }
      : { userId: scope.userId, sessionId: '', accountId: scope.accountId };
  const claims = scope.apiKeyId ? { ...specClaims(spec), key: scope.apiKeyId } : specClaims(spec);
  return downloadLink(ctx.keys, 'export', grant, claims, exportPath, now);
}
