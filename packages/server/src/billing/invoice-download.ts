import type { IncomingMessage, ServerResponse } from 'node:http';
import { MembershipStatus, type Role } from '../accounts/roles.js';
import { authenticate } from '../request/authenticate.js';
import { signDownloadToken, verifyDownloadToken, type DownloadGrant } from '../auth/download-token.js';
import type { SigningKeys } from '../auth/signing-keys.js';
import type { BillingConfig } from '../config/config.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logging/logger.js';
import { can } from '../policies/account-rights.js';
import { renderInvoicePdf } from './invoice-pdf.js';
import { invoiceOfAccount } from './invoice-records.js';

/**
 * Invoice PDFs at GET /invoices/<id>.pdf. The SPA holds its access token in
 * memory, so a plain link cannot carry it: `pdfUrl` adds a download token
 * (auth/download-token.ts) for this one invoice, user, session and account.
 * An `Authorization: Bearer` access token works as well. Either way the
 * session, the membership and the billing right are checked again on
 * download.
 */
export const invoicePdfPath = /^\/invoices\/([0-9a-fA-F-]{36})\.pdf$/;

interface InvoiceGrant extends DownloadGrant {
  invoiceId: string;
}

export async function invoicePdfUrl(keys: SigningKeys, grant: InvoiceGrant, now = new Date()): Promise<string> {
  const token = await signDownloadToken(keys, 'invoice', grant, { inv: grant.invoiceId }, now);
  return `/invoices/${grant.invoiceId}.pdf?token=${encodeURIComponent(token)}`;
}

async function grantFromToken(keys: SigningKeys, token: string): Promise<InvoiceGrant | undefined> {
  const verified = await verifyDownloadToken(keys, 'invoice', token);
  const invoiceId = verified?.claims.inv;
  return verified && typeof invoiceId === 'string' ? { ...verified.grant, invoiceId } : undefined;
}

/** Is the session live and the user an active member of the account with the billing right? */
async function downloadRight(orm: Orm, grant: DownloadGrant): Promise<'allowed' | 'forbidden' | 'none'> {
  const [row] = await orm.em.fork().execute<{ role: Role; status: MembershipStatus }[]>(
    `select m.role, m.status from session s join membership m on m.user_id = s.user_id and m.account_id = ?
     where s.id = ? and s.user_id = ? and s.revoked_at is null and s.expires_at > now()`,
    [grant.accountId, grant.sessionId, grant.userId],
  );
  if (!row || row.status !== MembershipStatus.ACTIVE) return 'none';
  return can(row.role, 'billing.manage') ? 'allowed' : 'forbidden';
}

export function createInvoicePdfHandler(deps: { orm: Orm; keys: SigningKeys; billing: BillingConfig; logger: Logger }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const invoiceId = invoicePdfPath.exec(url.pathname)?.[1]?.toLowerCase();
    const refuse = (status: number, message: string) =>
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(message);
    if (!invoiceId) return void refuse(404, 'Not found');

    let grant: DownloadGrant | undefined;
    const token = url.searchParams.get('token');
    if (token !== null) {
      const fromLink = await grantFromToken(deps.keys, token);
      if (fromLink && fromLink.invoiceId === invoiceId) grant = fromLink;
      if (!grant) return void refuse(401, 'This download link is not valid or has expired. Open the invoice list again for a fresh one.');
    } else {
      const caller = await authenticate(req, deps.orm, deps.keys, deps.logger);
      if (caller.kind !== 'user') return void refuse(401, caller.kind === 'rejected' ? caller.reason : 'You need to log in first.');
      if (!caller.scope) return void refuse(404, 'Not found');
      grant = { userId: caller.userId, sessionId: caller.sessionId, accountId: caller.scope.accountId };
    }

    const right = await downloadRight(deps.orm, grant);
    if (right === 'forbidden') return void refuse(403, 'Only owners and co-owners may see invoices.');
    // Another account's invoice and an unknown one look alike: 404.
    if (right === 'none') return void refuse(404, 'Not found');
    const invoice = await invoiceOfAccount(deps.orm.em.fork(), grant.accountId, invoiceId);
    if (!invoice) return void refuse(404, 'Not found');

    const pdf = await renderInvoicePdf(invoice, deps.billing.issuerLines);
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': pdf.length,
      'content-disposition': `attachment; filename="invoice-${invoice.number}.pdf"`,
      'cache-control': 'private, no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : pdf);
  };
}
