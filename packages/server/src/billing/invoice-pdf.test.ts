import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../accounts/roles.js';
import { backdateAccount, billingDeps, newMember, newOwner, pdfText, testBilling } from '../testing/billing-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { renderInvoicePdf, reverseChargeNote } from './invoice-pdf.js';
import type { InvoiceRecord } from './invoice-records.js';
import { runBillingMonth } from './invoice-run.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const sample: InvoiceRecord = {
  id: '00000000-0000-4000-8000-000000000001',
  number: '2026-000042',
  accountId: '00000000-0000-4000-8000-000000000002',
  period: '2026-11',
  billedTo: {
    accountName: 'Acme Sales',
    companyName: 'Acme GmbH',
    addressLines: ['Hauptstraße 5', '2. OG'],
    postalCode: '10115',
    city: 'Berlin',
    country: 'DE',
    vatId: 'DE123456789',
  },
  lines: [
    { planCode: 'TEAM', planName: 'Team', from: '2026-11-01', to: '2026-11-10', days: 10, daysInMonth: 30, monthlyPriceCents: 4900, trial: false, amountCents: 1633 },
    { planCode: 'BUSINESS', planName: 'Business', from: '2026-11-11', to: '2026-11-30', days: 20, daysInMonth: 30, monthlyPriceCents: 14900, trial: false, amountCents: 9933 },
  ],
  netCents: 11566,
  vatRateBasisPoints: 1900,
  vatCents: 2198,
  grossCents: 13764,
  currency: 'EUR',
  reverseCharge: false,
  issuedAt: new Date('2026-12-01T03:00:00Z'),
  dueDate: '2026-12-15',
};

describe('the invoice PDF', () => {
  it('is a valid PDF showing the account, its address, the number, the items and the totals', async () => {
    const pdf = await renderInvoicePdf(sample, testBilling.issuerLines);
    const source = pdf.toString('latin1');
    expect(source.startsWith('%PDF-1.')).toBe(true);
    expect(source.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(source).toMatch(/startxref\s+\d+/);
    // The cross-reference offset points at the xref table, as readers require.
    const offset = Number(/startxref\s+(\d+)/.exec(source)![1]);
    expect(source.slice(offset, offset + 4)).toBe('xref');

    const text = pdfText(pdf);
    for (const expected of ['Invoice 2026-000042', 'Acme GmbH', 'Account: Acme Sales', 'Hauptstraße 5', '10115 Berlin', 'VAT ID: DE123456789', 'Billing period: 2026-11', 'Due: 2026-12-15']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('Team package, 2026-11-01 to 2026-11-10 (10 days)');
    expect(text).toContain('16.33 EUR');
    expect(text).toContain('99.33 EUR');
    expect(text).toContain('115.66 EUR');
    expect(text).toContain('VAT 19 %');
    expect(text).toContain('21.98 EUR');
    expect(text).toMatch(/Total\n137\.64 EUR/);
    expect(text).not.toContain('Reverse charge');
  });

  it('carries the reverse charge note when it applies', async () => {
    const text = pdfText(await renderInvoicePdf({ ...sample, reverseCharge: true, vatRateBasisPoints: 0, vatCents: 0, grossCents: 11566 }, testBilling.issuerLines));
    expect(text).toContain('VAT 0 % (reverse charge)');
    expect(text.replace(/\n/g, ' ')).toContain(reverseChargeNote);
  });
});

describe('downloading an invoice', () => {
  async function ownerWithInvoice(accountName: string) {
    const owner = await newOwner(app, { accountName, planCode: 'TEAM' });
    await backdateAccount(app, owner.account.id, new Date('2025-01-01T00:00:00Z'));
    // Each call bills only accounts that have no invoice for the month yet.
    await runBillingMonth(billingDeps(app), { year: 2026, month: 10 }, { now: new Date('2026-11-01T02:00:00Z') });
    const [invoice] = (await owner.client.data('{ invoices { id number grossCents pdfUrl } }')).invoices;
    return { ...owner, invoice };
  }

  it('works through the signed link from the invoice list, without an Authorization header', async () => {
    const { invoice } = await ownerWithInvoice('Link Ltd');
    expect(invoice.pdfUrl).toMatch(new RegExp(`^/invoices/${invoice.id}\\.pdf\\?token=`));
    const response = await fetch(app.url + invoice.pdfUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="invoice-${invoice.number}.pdf"`);
    const text = pdfText(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain(`Invoice ${invoice.number}`);
    expect(text).toContain('Account: Link Ltd');
    expect(text).toMatch(/Total\n58\.31 EUR/);
  });

  it('works with a Bearer access token', async () => {
    const { client, invoice } = await ownerWithInvoice('Bearer Ltd');
    const response = await fetch(`${app.url}/invoices/${invoice.id}.pdf`, { headers: { authorization: `Bearer ${client.token}` } });
    expect(response.status).toBe(200);
    expect(pdfText(Buffer.from(await response.arrayBuffer()))).toContain(`Invoice ${invoice.number}`);
  });

  it("refuses another account's user (not found), a member without the billing right (forbidden), and nobody (401)", async () => {
    const { account, invoice } = await ownerWithInvoice('Guarded Ltd');
    const stranger = await newOwner(app, { accountName: 'Stranger' });
    const normal = await newMember(app, account.id, Role.NORMAL);
    const get = (headers: Record<string, string>) => fetch(`${app.url}/invoices/${invoice.id}.pdf`, { headers });

    const asStranger = await get({ authorization: `Bearer ${stranger.client.token}` });
    expect(asStranger.status).toBe(404);
    expect(await asStranger.text()).not.toContain('Guarded');
    expect((await get({ authorization: `Bearer ${normal.token}` })).status).toBe(403);
    expect((await get({})).status).toBe(401);
  });

  it('refuses a link that was tampered with, taken to another invoice, or outlived the session', async () => {
    const first = await ownerWithInvoice('First Link');
    const second = await ownerWithInvoice('Second Link');
    const token = new URL(first.invoice.pdfUrl, app.url).searchParams.get('token')!;

    expect((await fetch(`${app.url}/invoices/${second.invoice.id}.pdf?token=${token}`)).status).toBe(401);
    const forged = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await fetch(`${app.url}/invoices/${first.invoice.id}.pdf?token=${forged}`)).status).toBe(401);
    // An access token is not a download token.
    expect((await fetch(`${app.url}/invoices/${first.invoice.id}.pdf?token=${first.client.token}`)).status).toBe(401);

    await first.client.data('mutation { logOut }');
    expect((await fetch(app.url + first.invoice.pdfUrl)).status).toBe(404);
  });
});
