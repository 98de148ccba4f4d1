import { describe, expect, it } from 'vitest';
import { asOwner, backdateAccount, billingDeps, newOwner, testBilling } from '../testing/billing-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { authFields, verifyEmailOf } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { MailNotSentError } from '../mail/mailer.js';
import { unitOfWork } from '../request/unit-of-work.js';
import { changePlan } from './billing.service.js';
import type { OutgoingMail } from './invoice-mail.js';
import { catchUpBilling, issueInvoice, runBillingMonth, startBillingSchedule } from './invoice-run.js';

/** Each test on a server and database of its own: invoice runs bill every account there is. */
async function withApp(work: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await startTestApp();
  try {
    await work(app);
  } finally {
    await app.stop();
  }
}

const november = { year: 2026, month: 11 };
const afterNovember = new Date('2026-12-01T03:00:00Z');

async function invoicesOf(app: TestApp, accountId?: string) {
  return withClient(app.database.url, async (db) => {
    const result = await db.query(
      `select number, account_id, to_char(period, 'YYYY-MM') as period, lines, net_cents, vat_rate_basis_points, vat_cents, gross_cents,
              reverse_charge, to_char(due_date, 'YYYY-MM-DD') as due_date
       from invoice where $1::uuid is null or account_id = $1 order by number`,
      [accountId ?? null],
    );
    return result.rows;
  });
}

/** An account created long before November 2026 on `planCode`, so November is billed in full. */
async function paidAccount(app: TestApp, planCode = 'TEAM', accountName = 'Acme') {
  const owner = await newOwner(app, { planCode, accountName });
  await backdateAccount(app, owner.account.id, new Date('2026-08-01T00:00:00Z'));
  return owner;
}

describe('the invoice run', () => {
  it('bills each package for the days it was active across a mid-month upgrade and a downgrade', () =>
    withApp(async (app) => {
      const { account } = await paidAccount(app, 'TEAM');
      await asOwner(app, account.id, (scope) => changePlan(unitOfWork(scope, app.orm), 'BUSINESS', new Date('2026-11-11T10:00:00Z')));
      await asOwner(app, account.id, (scope) => changePlan(unitOfWork(scope, app.orm), 'TEAM', new Date('2026-11-21T09:00:00Z')));

      const run = await runBillingMonth(billingDeps(app), november, { now: afterNovember });
      expect(run).toMatchObject({ month: '2026-11', ran: true, issued: [{ number: '2026-000001', accountId: account.id }] });
      const [invoice] = await invoicesOf(app, account.id);
      expect(invoice.lines.map((line: Record<string, unknown>) => [line.planCode, line.from, line.to, line.days, line.amountCents])).toEqual([
        ['TEAM', '2026-11-01', '2026-11-10', 10, 1633], // 4900 × 10/30 = 1633.33
        ['BUSINESS', '2026-11-11', '2026-11-20', 10, 4967], // 14900 × 10/30 = 4966.67
        ['TEAM', '2026-11-21', '2026-11-30', 10, 1633],
      ]);
      // 19 % of 8233 = 1564.27
      expect(invoice).toMatchObject({ period: '2026-11', net_cents: 8233, vat_rate_basis_points: 1900, vat_cents: 1564, gross_cents: 9797, reverse_charge: false });
      expect(invoice.due_date).toBe('2026-12-15');
    }));

  it('charges nothing for trial days: a trial ending inside the month bills from its end on, a month wholly in the trial not at all', () =>
    withApp(async (app) => {
      const { account } = await newOwner(app, { planCode: 'TEAM' });
      await backdateAccount(app, account.id, new Date('2026-10-20T12:00:00Z'));

      expect((await runBillingMonth(billingDeps(app), { year: 2026, month: 10 }, { now: new Date('2026-11-01T01:00:00Z') })).issued).toEqual([]);
      await runBillingMonth(billingDeps(app), november, { now: afterNovember });
      const invoices = await invoicesOf(app, account.id);
      expect(invoices).toHaveLength(1);
      expect(invoices[0].lines.map((line: Record<string, unknown>) => [line.from, line.to, line.trial, line.amountCents])).toEqual([
        ['2026-11-01', '2026-11-18', true, 0],
        ['2026-11-19', '2026-11-30', false, 1960], // 4900 × 12/30
      ]);
      expect(invoices[0]).toMatchObject({ net_cents: 1960, vat_cents: 372, gross_cents: 2332 });
    }));

  it('is idempotent: running a month again, or two runs at once, issues every invoice once with gapless numbers', () =>
    withApp(async (app) => {
      const accounts = [];
      for (let i = 0; i < 5; i++) accounts.push((await paidAccount(app, 'TEAM', `Shop ${i}`)).account.id);

      const runs = await Promise.all([1, 2, 3].map(() => runBillingMonth(billingDeps(app), november, { now: afterNovember })));
      expect(runs.flatMap((run) => run.issued)).toHaveLength(5);
      expect((await runBillingMonth(billingDeps(app), november, { now: afterNovember })).issued).toEqual([]);

      const invoices = await invoicesOf(app);
      expect(invoices.map((invoice) => invoice.number)).toEqual(['2026-000001', '2026-000002', '2026-000003', '2026-000004', '2026-000005']);
      expect(invoices.map((invoice) => invoice.account_id).sort()).toEqual([...accounts].sort());
    }));

  it('numbers gaplessly when many issuers race for the same and different accounts', () =>
    withApp(async (app) => {
      const accounts = [];
      for (let i = 0; i < 6; i++) accounts.push((await paidAccount(app, i % 2 ? 'TEAM' : 'BUSINESS', `Race ${i}`)).account.id);
      // Every account three times at once, bypassing the run lock: only the counter row's lock keeps order.
      const attempts = accounts.flatMap((id) => [id, id, id]).map((id) => issueInvoice(app.orm, testBilling, id, november, afterNovember));
      const issued = (await Promise.all(attempts)).filter((invoice) => invoice !== null);
      expect(issued).toHaveLength(6);

      const invoices = await invoicesOf(app);
      expect(invoices.map((invoice) => invoice.number)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `2026-00000${n}`));
      expect(new Set(invoices.map((invoice) => invoice.account_id)).size).toBe(6);
      // The next year starts again at 1.
      const next = await issueInvoice(app.orm, testBilling, accounts[0]!, { year: 2026, month: 12 }, new Date('2027-01-01T02:00:00Z'));
      expect(next?.number).toBe('2027-000001');
    }));

  it('gives two accounts of one owner two separate invoices, each listed only in its own account', () =>
    withApp(async (app) => {
      const { client, account: first, email } = await paidAccount(app, 'TEAM', 'First Ltd');
      await verifyEmailOf(client, email);
      const second = (await client.data(`mutation { createAccount(input: { name: "Second Ltd", planCode: "BUSINESS" }) { ${authFields} } }`)).createAccount;
      client.token = second.accessToken;
      await backdateAccount(app, second.account.id, new Date('2026-08-01T00:00:00Z'));

      await runBillingMonth(billingDeps(app), november, { now: afterNovember });
      const invoices = await invoicesOf(app);
      expect(invoices.map((invoice) => [invoice.account_id, invoice.gross_cents])).toEqual(
        expect.arrayContaining([
          [first.id, 5831], // 4900 + 19 %
          [second.account.id, 17731], // 14900 + 19 %
        ]),
      );
      expect(invoices).toHaveLength(2);

      const listed = (await client.data('{ invoices { number billedTo { accountName } grossCents } }')).invoices;
      expect(listed).toEqual([{ number: expect.any(String), billedTo: { accountName: 'Second Ltd' }, grossCents: 17731 }]);
      client.token = (await client.data(`mutation($id: ID!) { switchAccount(accountId: $id) { ${authFields} } }`, { id: first.id })).switchAccount.accessToken;
      expect((await client.data('{ invoices { billedTo { accountName } grossCents } }')).invoices).toEqual([{ billedTo: { accountName: 'First Ltd' }, grossCents: 5831 }]);
    }));

  it('keeps an issued invoice as it was: the database refuses updates and deletes', () =>
    withApp(async (app) => {
      await paidAccount(app);
      await runBillingMonth(billingDeps(app), november, { now: afterNovember });
      await withClient(app.database.url, async (db) => {
        await expect(db.query('update invoice set net_cents = 1')).rejects.toThrow('issued invoices cannot be changed or deleted (UPDATE refused)');
        await expect(db.query('delete from invoice')).rejects.toThrow('(DELETE refused)');
        await expect(db.query('truncate invoice cascade')).rejects.toThrow('(TRUNCATE refused)');
      });
      expect(await invoicesOf(app)).toHaveLength(1);
    }));

  it('applies reverse charge to a business with a VAT ID of another EU state, and German VAT otherwise', () =>
    withApp(async (app) => {
      const austrian = await paidAccount(app, 'TEAM', 'Wien GmbH');
      const german = await paidAccount(app, 'TEAM', 'Berlin GmbH');
      const input = { companyName: 'X', addressLine1: 'Street 1', postalCode: '1010', city: 'Wien', country: 'AT', invoiceEmail: 'ap@x.example' };
      const save = `mutation($input: UpdateBillingDetailsInput!) { updateBillingDetails(input: $input) { billingDetails { vatId } } }`;
      await austrian.client.data(save, { input: { ...input, vatId: 'ATU12345678' } });
      await german.client.data(save, { input: { ...input, country: 'DE', vatId: 'DE123456789' } });

      await runBillingMonth(billingDeps(app), november, { now: afterNovember });
      const [at] = await invoicesOf(app, austrian.account.id);
      const [de] = await invoicesOf(app, german.account.id);
      expect(at).toMatchObject({ reverse_charge: true, vat_rate_basis_points: 0, vat_cents: 0, net_cents: 4900, gross_cents: 4900 });
      expect(de).toMatchObject({ reverse_charge: false, vat_rate_basis_points: 1900, vat_cents: 931, gross_cents: 5831 });
    }));

  it('uses the configured VAT rate', () =>
    withApp(async (app) => {
      await paidAccount(app);
      await runBillingMonth(billingDeps(app, { billing: { ...testBilling, vatRateBasisPoints: 700 } }), november, { now: afterNovember });
      expect((await invoicesOf(app))[0]).toMatchObject({ vat_rate_basis_points: 700, vat_cents: 343, gross_cents: 5243 });
    }));

  it('refuses to bill a month that is not over yet', () =>
    withApp(async (app) => {
      await expect(runBillingMonth(billingDeps(app), november, { now: new Date('2026-11-30T23:59:00Z') })).rejects.toThrow('2026-11 is not over yet');
    }));
});

describe('the daily schedule', () => {
  it('catches up on every missed month once, and two overlapping schedules do the work once', () =>
    withApp(async (app) => {
      const { account } = await newOwner(app, { planCode: 'TEAM' });
      await backdateAccount(app, account.id, new Date('2026-06-01T00:00:00Z'));
      // September was run by the command already; the months around it were missed.
      await runBillingMonth(billingDeps(app), { year: 2026, month: 9 }, { now: new Date('2026-10-01T08:00:00Z') });

      const [one, two] = await Promise.all([
        catchUpBilling(billingDeps(app), new Date('2026-11-27T04:00:00Z')),
        catchUpBilling(billingDeps(app), new Date('2026-11-27T04:00:00Z')),
      ]);
      const months = [...one, ...two].map((run) => run.month);
      // June is the trial (June 1–30); July to October are billed.
      expect(months).toEqual(['2026-06', '2026-07', '2026-08', '2026-10']);
      expect((await invoicesOf(app)).map((invoice) => [invoice.period, invoice.gross_cents]).sort()).toEqual([
        ['2026-07', 5831],
        ['2026-08', 5831],
        ['2026-09', 5831],
        ['2026-10', 5831],
      ]);

      expect(await catchUpBilling(billingDeps(app), new Date('2026-11-28T04:00:00Z'))).toEqual([]);
      const december = await catchUpBilling(billingDeps(app), new Date('2026-12-01T04:00:00Z'));
      expect(december.map((run) => [run.month, run.issued.length])).toEqual([['2026-11', 1]]);
    }));

  it('runs in the server process: started, it bills what is due; stopped, it waits for its check to finish', () =>
    withApp(async (app) => {
      const { account } = await paidAccount(app);
      const stop = startBillingSchedule(billingDeps(app), { firstDelayMs: 0, clock: () => new Date('2026-12-02T06:00:00Z') });
      await stop();
      expect((await invoicesOf(app, account.id)).map((invoice) => invoice.period)).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
    }));
});

describe('delivery', () => {
  it('e-mails each issued invoice once, with its PDF, to the invoice recipient (the owner when none is set)', () =>
    withApp(async (app) => {
      const withRecipient = await paidAccount(app, 'TEAM', 'Has Finance');
      const withoutRecipient = await paidAccount(app, 'TEAM', 'Owner Only');
      await withRecipient.client.data(
        `mutation($input: UpdateBillingDetailsInput!) { updateBillingDetails(input: $input) { billingDetails { invoiceEmail } } }`,
        { input: { companyName: 'Has Finance', addressLine1: 'A 1', postalCode: '1', city: 'B', country: 'DE', invoiceEmail: 'finance@has.example' } },
      );

      // No mailer yet: the invoices are issued and wait.
      await runBillingMonth(billingDeps(app), november, { now: afterNovember });
      const sent: OutgoingMail[] = [];
      const sendMail = async (mail: OutgoingMail) => void sent.push(mail);
      await runBillingMonth(billingDeps(app, { sendMail }), november, { now: afterNovember });
      await runBillingMonth(billingDeps(app, { sendMail }), november, { now: afterNovember });

      expect(sent.map((mail) => mail.to).sort()).toEqual(['finance@has.example', withoutRecipient.email].sort());
      const mail = sent.find((m) => m.to === 'finance@has.example')!;
      expect(mail.subject).toMatch(/^Invoice 2026-00000\d for Has Finance$/);
      expect(mail.text).toContain('58.31 EUR');
      expect(mail.attachments).toEqual([{ filename: expect.stringMatching(/^2026-00000\d\.pdf$/), content: expect.any(Buffer), contentType: 'application/pdf' }]);
      expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    }));

  it('retries a failed delivery on the next run', () =>
    withApp(async (app) => {
      await paidAccount(app);
      let failures = 1;
      const sent: string[] = [];
      const flaky = async (mail: OutgoingMail) => {
        // As the SMTP mailer fails: the record keeps the mail server's answer, not the message meant for users.
        if (failures-- > 0) throw new MailNotSentError('421 mail server unavailable');
        sent.push(mail.to);
      };
      await runBillingMonth(billingDeps(app, { sendMail: flaky }), november, { now: afterNovember });
      expect(sent).toEqual([]);
      const [failed] = await withClient(app.database.url, async (db) => (await db.query('select attempts, sent_at, last_error from invoice_delivery')).rows);
      expect(failed).toMatchObject({ attempts: 1, sent_at: null, last_error: '421 mail server unavailable' });
      await runBillingMonth(billingDeps(app, { sendMail: flaky }), november, { now: afterNovember });
      expect(sent).toHaveLength(1);
    }));
});
