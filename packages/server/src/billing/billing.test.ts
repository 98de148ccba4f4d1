import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../accounts/roles.js';
import { backdateAccount, newMember, newOwner } from '../testing/billing-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { accountSchemaName } from '../db/account-schema.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const subscriptionFields = `plan { code } trialEndsAt inTrial trialDaysLeft usage { activeUsers contacts storageBytes }
  billingDetails { companyName addressLine1 addressLine2 postalCode city country vatId invoiceEmail sepaMandate { ibanLast4 accountHolder mandateReference signedAt } }
  currentMonthEstimate { period netCents grossCents lines { planCode days trial amountCents } }
  planChanges { fromPlan { code } toPlan { code } changedAt changedByUserId }`;

const subscriptionQuery = `{ subscription { ${subscriptionFields} } }`;
const updateDetails = `mutation($input: UpdateBillingDetailsInput!) { updateBillingDetails(input: $input) { ${subscriptionFields} } }`;
const changePlan = `mutation($planCode: String!) { changePlan(planCode: $planCode) { ${subscriptionFields} } }`;
const preview = `query($planCode: String!) { previewPlanChange(planCode: $planCode) {
  currentPlan { code } newPlan { code } allowed limitsExceeded { limit usage allowed }
  nextInvoiceWithoutChange { netCents grossCents } nextInvoiceWithChange { netCents grossCents lines { planCode days trial amountCents } } grossDifferenceCents } }`;

const details = {
  companyName: 'Acme GmbH',
  addressLine1: 'Hauptstraße 5',
  addressLine2: '2. OG',
  postalCode: '10115',
  city: 'Berlin',
  country: 'DE',
  vatId: 'DE123456789',
  invoiceEmail: 'finance@acme.example',
  iban: 'DE89 3704 0044 0532 0130 00',
  accountHolder: 'Acme GmbH',
};

describe('subscription', () => {
  it('starts every new account with a 30-day trial and its package in the history', async () => {
    const { client, userId } = await newOwner(app, { planCode: 'TEAM' });
    const { subscription } = await client.data(subscriptionQuery);
    expect(subscription).toMatchObject({ plan: { code: 'TEAM' }, inTrial: true, trialDaysLeft: 30, usage: { activeUsers: 1, contacts: 0 } });
    expect(subscription.usage.storageBytes).toBeGreaterThan(0);
    expect(new Date(subscription.trialEndsAt).getTime() - Date.now()).toBeGreaterThan(29.9 * 24 * 3600 * 1000);
    expect(subscription.planChanges).toEqual([{ fromPlan: null, toPlan: { code: 'TEAM' }, changedAt: expect.any(String), changedByUserId: userId }]);
    expect(subscription.billingDetails).toMatchObject({ companyName: null, sepaMandate: null });
    // The trial's days of this month cost nothing. Only days past its end are billed: none when the month ends first,
    // the last day of a 31-day month for an account made on its first.
    const lines = subscription.currentMonthEstimate.lines as { days: number; trial: boolean; amountCents: number }[];
    const now = new Date();
    const daysInMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
    const trialDaysThisMonth = Math.min(30, daysInMonth - now.getUTCDate() + 1);
    expect(lines.filter((line) => line.trial)).toEqual([{ planCode: 'TEAM', days: trialDaysThisMonth, trial: true, amountCents: 0 }]);
    const billedDays = lines.filter((line) => !line.trial).reduce((days, line) => days + line.days, 0);
    expect(billedDays).toBe(daysInMonth - now.getUTCDate() + 1 - trialDaysThisMonth);
    expect(subscription.currentMonthEstimate.netCents).toBe(lines.reduce((cents, line) => cents + line.amountCents, 0));
    if (billedDays === 0) expect(subscription.currentMonthEstimate).toMatchObject({ netCents: 0, grossCents: 0 });
  });
});

describe('billing details', () => {
  it('are saved, and the IBAN is never shown again beyond its last four digits', async () => {
    const { client, account } = await newOwner(app);
    const saved = (await client.data(updateDetails, { input: details })).updateBillingDetails;
    expect(saved.billingDetails).toMatchObject({
      companyName: 'Acme GmbH',
      country: 'DE',
      vatId: 'DE123456789',
      invoiceEmail: 'finance@acme.example',
      sepaMandate: { ibanLast4: '3000', accountHolder: 'Acme GmbH', mandateReference: expect.stringMatching(/^KONTOR-/) },
    });
    expect(JSON.stringify(saved)).not.toContain('0532013000');

    const stored = await withClient(app.database.url, (db) => db.query('select * from subscription where account_id = $1', [account.id]));
    expect(JSON.stringify(stored.rows[0])).not.toContain('0532013000');
    expect(stored.rows[0].iban_encrypted.length).toBeGreaterThan(22);

    // Saving again without an IBAN keeps the mandate on file.
    const again = (await client.data(updateDetails, { input: { ...details, city: 'Potsdam', iban: null, accountHolder: null } })).updateBillingDetails;
    expect(again.billingDetails).toMatchObject({ city: 'Potsdam', sepaMandate: { ibanLast4: '3000' } });
  });

  it.each([
    ['iban', { iban: 'DE89 3704 0044 0532 0130 01' }, 'check digits'],
    ['iban', { iban: 'DE89 3704 0044 0532 0130' }, '22 characters'],
    ['vatId', { vatId: 'DE12345' }, 'format of a DE VAT ID'],
    ['vatId', { vatId: 'XX123456789' }, 'EU member state'],
    ['country', { country: 'Germany' }, 'ISO 3166-1'],
    ['invoiceEmail', { invoiceEmail: 'finance' }, 'e-mail address'],
    ['companyName', { companyName: '  ' }, 'must not be empty'],
    ['accountHolder', { accountHolder: '' }, 'account holder'],
  ])('refuse a bad %s with the field named, changing nothing', async (field, change, message) => {
    const { client } = await newOwner(app);
    await client.data(updateDetails, { input: { ...details, iban: null } });
    const before = (await client.data(subscriptionQuery)).subscription;

    const result = await client.request(updateDetails, { input: { ...details, city: 'Hamburg', ...change } });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field }, message: expect.stringContaining(message) });
    expect((await client.data(subscriptionQuery)).subscription).toEqual(before);
  });
});

describe('changing the package', () => {
  it('takes effect at once and is recorded', async () => {
    const { client, userId } = await newOwner(app, { planCode: 'TEAM' });
    const { changePlan: changed } = await client.data(changePlan, { planCode: 'business' });
    expect(changed.plan.code).toBe('BUSINESS');
    expect(changed.planChanges[0]).toMatchObject({ fromPlan: { code: 'TEAM' }, toPlan: { code: 'BUSINESS' }, changedByUserId: userId });
    expect((await client.data('{ currentAccount { plan { code } } }')).currentAccount.plan.code).toBe('BUSINESS');

    const down = (await client.data(changePlan, { planCode: 'SOLO' })).changePlan;
    expect(down.planChanges.map((c: { toPlan: { code: string } }) => c.toPlan.code)).toEqual(['SOLO', 'BUSINESS', 'TEAM']);
  });

  it('refuses a downgrade below current usage with PLAN_LIMIT_REACHED naming the limit, and changes nothing', async () => {
    const { client, account } = await newOwner(app, { planCode: 'TEAM' });
    await newMember(app, account.id, Role.NORMAL);

    const previewed = (await client.data(preview, { planCode: 'SOLO' })).previewPlanChange;
    expect(previewed).toMatchObject({ allowed: false, limitsExceeded: [{ limit: 'ACTIVE_USERS', usage: 2, allowed: 1 }] });

    const result = await client.request(changePlan, { planCode: 'SOLO' });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]).toMatchObject({
      message: 'The account cannot move to the Solo package while it uses more than the package allows: 2 active users (the package allows 1).',
      extensions: { code: 'PLAN_LIMIT_REACHED', limits: [{ limit: 'ACTIVE_USERS', usage: 2, allowed: 1 }] },
    });
    const after = (await client.data(subscriptionQuery)).subscription;
    expect(after.plan.code).toBe('TEAM');
    expect(after.planChanges).toHaveLength(1);
  });

  it('counts contacts as people plus companies without people, and refuses a downgrade below them', async () => {
    const { client, account } = await newOwner(app, { planCode: 'TEAM' });
    const schema = accountSchemaName(account.id);
    await withClient(app.database.url, async (db) => {
      await db.query(`insert into ${schema}.company (id, name) values ('00000000-0000-4000-8000-00000000000a', 'With people'),
        ('00000000-0000-4000-8000-00000000000b', 'Alone 1'), ('00000000-0000-4000-8000-00000000000c', 'Alone 2')`);
      await db.query(`insert into ${schema}.person (id, last_name, company_id)
        select gen_random_uuid(), 'P' || n, case when n <= 10 then '00000000-0000-4000-8000-00000000000a'::uuid end from generate_series(1, 999) n`);
    });
    // 999 people + 2 companies without people; the company with people counts through them.
    expect((await client.data(subscriptionQuery)).subscription.usage.contacts).toBe(1001);
    const refused = await client.request(changePlan, { planCode: 'SOLO' });
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringContaining('1001 contacts (the package allows 1000)'),
      extensions: { code: 'PLAN_LIMIT_REACHED', limits: [{ limit: 'CONTACTS', usage: 1001, allowed: 1000 }] },
    });

    await withClient(app.database.url, (db) => db.query(`delete from ${schema}.company where name = 'Alone 2'`));
    expect((await client.data(changePlan, { planCode: 'SOLO' })).changePlan).toMatchObject({ plan: { code: 'SOLO' }, usage: { contacts: 1000 } });
  });

  it('does not count deactivated members', async () => {
    const { client, account } = await newOwner(app, { planCode: 'TEAM' });
    await newMember(app, account.id, Role.NORMAL);
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1 and role = 'NORMAL'`, [account.id]));
    expect((await client.data(changePlan, { planCode: 'SOLO' })).changePlan.plan.code).toBe('SOLO');
  });

  it('refuses an unknown package and the package the account is on, naming planCode', async () => {
    const { client } = await newOwner(app, { planCode: 'TEAM' });
    expect((await client.request(changePlan, { planCode: 'GOLD' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'planCode' });
    expect((await client.request(changePlan, { planCode: 'TEAM' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'planCode' });
    expect((await client.data(subscriptionQuery)).subscription.planChanges).toHaveLength(1);
  });

  it("previews the change's effect on this month's invoice without changing anything", async () => {
    const { client, account } = await newOwner(app, { planCode: 'TEAM' });
    // Out of the trial long ago, so this month is billed in full.
    await backdateAccount(app, account.id, new Date(Date.UTC(2025, 0, 1)));
    const previewed = (await client.data(preview, { planCode: 'BUSINESS' })).previewPlanChange;
    expect(previewed).toMatchObject({ currentPlan: { code: 'TEAM' }, newPlan: { code: 'BUSINESS' }, allowed: true, limitsExceeded: [] });
    expect(previewed.nextInvoiceWithoutChange.netCents).toBe(4900);
    const lines = previewed.nextInvoiceWithChange.lines;
    expect(lines.at(-1)).toMatchObject({ planCode: 'BUSINESS', trial: false });
    expect(lines.reduce((days: number, line: { days: number }) => days + line.days, 0)).toBeGreaterThanOrEqual(28);
    expect(previewed.grossDifferenceCents).toBe(previewed.nextInvoiceWithChange.grossCents - previewed.nextInvoiceWithoutChange.grossCents);
    expect(previewed.grossDifferenceCents).toBeGreaterThan(0);
    expect((await client.data(subscriptionQuery)).subscription.plan.code).toBe('TEAM');
  });
});

describe('who may see and change billing', () => {
  const operations: [string, string, Record<string, unknown>][] = [
    ['subscription', subscriptionQuery, {}],
    ['previewPlanChange', preview, { planCode: 'BUSINESS' }],
    ['invoices', '{ invoices { id number pdfUrl } }', {}],
    ['changePlan', changePlan, { planCode: 'BUSINESS' }],
    ['updateBillingDetails', updateDetails, { input: details }],
  ];

  it.each([Role.NORMAL, Role.EXTENDED])('a %s member gets FORBIDDEN for every billing operation, and nothing changes', async (role) => {
    const { client: owner, account } = await newOwner(app, { planCode: 'TEAM' });
    const member = await newMember(app, account.id, role);
    for (const [name, query, variables] of operations) {
      const result = await member.request(query, variables);
      expect(result.data, name).toBeNull();
      expect(result.errors?.[0]?.extensions, name).toMatchObject({ code: 'FORBIDDEN', right: 'billing.manage' });
    }
    const after = (await owner.data(subscriptionQuery)).subscription;
    expect(after).toMatchObject({ plan: { code: 'TEAM' }, billingDetails: { companyName: null } });
  });

  it('a co-owner may', async () => {
    const { account } = await newOwner(app, { planCode: 'TEAM' });
    const coOwner = await newMember(app, account.id, Role.CO_OWNER);
    expect((await coOwner.data(changePlan, { planCode: 'BUSINESS' })).changePlan.plan.code).toBe('BUSINESS');
  });

  it("another account's user only ever reaches their own account's billing", async () => {
    const { client: owner, account } = await newOwner(app, { accountName: 'Private Billing Ltd', planCode: 'TEAM' });
    await owner.data(updateDetails, { input: { ...details, companyName: 'Private Billing Ltd' } });
    const { client: stranger } = await newOwner(app, { accountName: 'Stranger', planCode: 'SOLO' });

    for (const [name, query, variables] of operations) {
      const result = await stranger.request(query, variables);
      expect(JSON.stringify(result), name).not.toContain('Private Billing');
      expect(JSON.stringify(result), name).not.toContain(account.id);
    }
    expect((await owner.data(subscriptionQuery)).subscription.plan.code).toBe('TEAM');
    // The stranger cannot even scope a token to the account.
    const switched = await stranger.request(`mutation($id: ID!) { switchAccount(accountId: $id) { accessToken } }`, { id: account.id });
    expect(switched.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('needs a signed-in user', async () => {
    const anonymous = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: subscriptionQuery }),
    }).then((response) => response.json());
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
