import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { authFields, memberWithRole, signUpNew, signUpVerified, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  // A package small enough to reach its contact limit in a test.
  await withClient(app.database.url, (db) =>
    db.query(`insert into plan (code, name, price_cents, max_users, max_contacts, storage_bytes, sort_order) values ('TINY', 'Tiny', 0, 5, 3, 1000000000, 99)`),
  );
});
afterAll(async () => {
  await app.stop();
});

type Account = { id: string; name: string; slug: string };

/** One login with two accounts: `source` scoped to "Quelle GmbH", `target` to "Ziel AG". */
async function loginWithTwoAccounts() {
  const source = new TestClient(app.url);
  const { auth } = await signUpVerified(source, { accountName: "Quelle GmbH" });
  const sourceToken = source.token;
  const created = (await source.data(`mutation { createAccount(input: { name: "Ziel AG", planCode: "TEAM" }) { ${authFields} } }`)).createAccount;
  source.token = sourceToken;
  const target = new TestClient(app.url);
  target.token = created.accessToken;
  return { source, target, userId: auth.user.id as string, sourceAccount: auth.account as Account, targetAccount: created.account as Account };
}

const copyMutation = `mutation($input: CopyRecordsInput!) { copyRecords(input: $input) {
  target { id name slug } peopleCopied peopleSkipped companiesCopied companiesSkipped notesCopied tasksCopied tasksUnassigned dealsCopied
  customFieldsDropped confidentialNotesLeft filesLeft } }`;

const peopleQuery = `{ people(first: 100) { totalCount edges { node { id firstName lastName emails phones position address { street postalCode city country }
  company { name } tags { name } timeline { kind accountName } } } } }`;

/** Every row of the records' tables, as JSON text: what "nothing of the source changes" compares. */
async function recordRows(accountId: string): Promise<string> {
  return withClient(app.database.url, async (db) => {
    const [{ schema_name }] = (await db.query(`select schema_name from account where id = $1`, [accountId])).rows;
    const tables = ['person', 'company', 'note', 'task', 'deal', 'deal_person', 'tag', 'person_tag', 'company_tag'];
    const parts: string[] = [];
    for (const table of tables) {
      const rows = (await db.query(`select row_to_json(t)::text as row from "${schema_name}".${table} t order by 1`)).rows;
      parts.push(`${table}: ${rows.map((r) => r.row).join('\n')}`);
    }
    return parts.join('\n');
  });
}

async function person(client: TestClient, input: string): Promise<string> {
  return (await client.data(`mutation { createPerson(input: { ${input} }) { id } }`)).createPerson.id;
}

describe('copying people and companies into another of your accounts', () => {
  it('copies people with their fields, company, tags, matching custom values, notes and tasks; both timelines and audit trails say so; the source is unchanged', async () => {
    const { source, target, userId, sourceAccount, targetAccount } = await loginWithTwoAccounts();
    const colleague = await memberWithRole(app.url, app.database.url, sourceAccount.id, 'NORMAL');
    const colleagueId = (await colleague.data('{ me { user { id } } }')).me.user.id;
    const shoe = (await source.data('mutation { createCustomField(input: { recordType: PERSON, name: "Shoe size", type: NUMBER }) { id } }')).createCustomField;
    const level = (await source.data('mutation { createCustomField(input: { recordType: PERSON, name: "Level", type: SINGLE_CHOICE, choices: [{ label: "Gold" }, { label: "Silver" }] }) { id choices { id label } } }')).createCustomField;
    await target.data('mutation { createCustomField(input: { recordType: PERSON, name: "level", type: SINGLE_CHOICE, choices: [{ label: "Silver" }, { label: "GOLD" }] }) { id } }');
    await target.data('mutation { createTag(input: { name: "vip" }) { id } }');
    const { createCompany } = await source.data('mutation { createCompany(input: { name: "Acme GmbH", website: "https://acme.example" }) { id } }');
    const tagIds = [(await source.data('mutation { createTag(input: { name: "VIP" }) { id } }')).createTag.id, (await source.data('mutation { createTag(input: { name: "Messe" }) { id } }')).createTag.id];
    const ada = await person(
      source,
      `firstName: "Ada", lastName: "Lang", emails: ["ada@example.com"], phones: ["+49 30 1234"], position: "CTO", companyId: "${createCompany.id}",
       address: { street: "Hauptstr. 1", postalCode: "10115", city: "Berlin", country: "DE" }, tagIds: ${JSON.stringify(tagIds)},
       customFields: [{ fieldId: "${shoe.id}", number: 42 }, { fieldId: "${level.id}", choiceId: "${level.choices[0].id}" }]`,
    );
    const bob = await person(source, 'firstName: "Bob", lastName: "Berg"');
    await source.data(`mutation { createNote(input: { personId: "${ada}", body: "Met at the fair" }) { id } }`);
    await source.data(`mutation { createNote(input: { personId: "${ada}", body: "Secret terms", confidential: true }) { id } }`);
    await source.data(`mutation { createTask(input: { personId: "${ada}", title: "Call back", dueDate: "2026-12-01" }) { id } }`);
    await source.data(`mutation { createTask(input: { personId: "${bob}", title: "Colleague's call", assigneeUserId: "${colleagueId}" }) { id } }`);
    const before = await recordRows(sourceAccount.id);

    const { copyRecords } = await source.data(copyMutation, { input: { targetAccountId: targetAccount.id, personIds: [ada, bob] } });
    expect(copyRecords).toEqual({
      target: { id: targetAccount.id, name: 'Ziel AG', slug: targetAccount.slug },
      peopleCopied: 2,
      peopleSkipped: 0,
      companiesCopied: 1,
      companiesSkipped: 0,
      notesCopied: 2,
      tasksCopied: 2,
      tasksUnassigned: 1,
      dealsCopied: 0,
      customFieldsDropped: ['Person: Shoe size'],
      confidentialNotesLeft: 0,
      filesLeft: 0,
    });

    const copied = (await target.data(peopleQuery)).people;
    expect(copied.totalCount).toBe(2);
    copied.nodes = copied.edges.map((e: { node: unknown }) => e.node);
    const copiedAda = copied.nodes.find((p: { lastName: string }) => p.lastName === 'Lang');
    expect(copiedAda).toMatchObject({
      firstName: 'Ada',
      emails: ['ada@example.com'],
      phones: ['+49 30 1234'],
      position: 'CTO',
      address: { street: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      company: { name: 'Acme GmbH' },
    });
    // The tag "VIP" met the target's "vip"; "Messe" was made.
    expect(copiedAda.tags.map((t: { name: string }) => t.name).sort()).toEqual(['Messe', 'vip']);
    expect(copiedAda.timeline.map((a: { kind: string }) => a.kind)).toContain('COPIED_FROM');
    expect(copiedAda.timeline.find((a: { kind: string }) => a.kind === 'COPIED_FROM').accountName).toBe('Quelle GmbH');
    const values = (await target.data(`query($id: ID!) { person(id: $id) { customFields { field { name } ... on ChoiceValue { choice { label } } } notes { body confidential } tasks { title dueDate assignee { id } } } }`, { id: copiedAda.id })).person;
    expect(values.customFields).toEqual([{ field: { name: 'level' }, choice: { label: 'GOLD' } }]);
    expect(values.notes.map((n: { body: string; confidential: boolean }) => [n.body, n.confidential]).sort()).toEqual([['Met at the fair', false], ['Secret terms', true]]);
    expect(values.tasks).toEqual([{ title: 'Call back', dueDate: '2026-12-01', assignee: { id: userId } }]);
    const copiedBob = copied.nodes.find((p: { lastName: string }) => p.lastName === 'Berg');
    const bobTasks = (await target.data(`query($id: ID!) { person(id: $id) { tasks { title assignee { id } } } }`, { id: copiedBob.id })).person.tasks;
    expect(bobTasks).toEqual([{ title: "Colleague's call", assignee: null }]);

    // The source: its records are byte for byte as before; its timeline and audit trail name the target.
    expect(await recordRows(sourceAccount.id)).toBe(before);
    const sourceTimeline = (await source.data(`query($id: ID!) { person(id: $id) { timeline { kind accountName } } }`, { id: ada })).person.timeline;
    expect(sourceTimeline).toContainEqual({ kind: 'COPIED_TO', accountName: 'Ziel AG' });
    const auditQuery = '{ auditEvents(first: 20, filter: { actions: [RECORDS_COPIED_OUT, RECORDS_COPIED_IN] }) { edges { node { action targetLabel clientAddress } } } }';
    expect((await source.data(auditQuery)).auditEvents.edges.map((e: { node: unknown }) => e.node)).toEqual([{ action: 'RECORDS_COPIED_OUT', targetLabel: 'Ziel AG', clientAddress: expect.any(String) }]);
    expect((await target.data(auditQuery)).auditEvents.edges.map((e: { node: unknown }) => e.node)).toEqual([{ action: 'RECORDS_COPIED_IN', targetLabel: 'Quelle GmbH', clientAddress: expect.any(String) }]);
  });

  it('copies chosen companies with their notes, and deals when asked, into the phase of the same name', async () => {
    const { source, target, targetAccount } = await loginWithTwoAccounts();
    const { createCompany } = await source.data('mutation { createCompany(input: { name: "Beta AG", emails: ["info@beta.example"] }) { id } }');
    await source.data(`mutation { createNote(input: { companyId: "${createCompany.id}", body: "Big customer" }) { id } }`);
    const { pipelines } = await source.data('{ pipelines { id phases { id name } } }');
    const phase = pipelines[0].phases[1];
    await source.data(`mutation { createDeal(input: { title: "Beta rollout", companyId: "${createCompany.id}", phaseId: "${phase.id}", value: { amountCents: 500000, currency: "EUR" }, probability: 40 }) { id } }`);
    const result = (await source.data(copyMutation, { input: { targetAccountId: targetAccount.id, companyIds: [createCompany.id], withDeals: true } })).copyRecords;
    expect(result).toMatchObject({ companiesCopied: 1, notesCopied: 1, dealsCopied: 1 });
    const { deals } = await target.data('{ deals(first: 10) { edges { node { title value { amountCents currency } probability phase { name } company { name } } } } }');
    expect(deals.edges.map((e: { node: unknown }) => e.node)).toEqual([{ title: 'Beta rollout', value: { amountCents: 500000, currency: 'EUR' }, probability: 40, phase: { name: phase.name }, company: { name: 'Beta AG' } }]);
  });

  it('skips people whose e-mail address the target has, or copies them anyway, as the user chooses', async () => {
    const { source, target, targetAccount } = await loginWithTwoAccounts();
    await person(target, 'lastName: "Already", emails: ["SAME@example.com"]');
    const same = await person(source, 'lastName: "Same", emails: ["same@example.com"]');
    const other = await person(source, 'lastName: "Other", emails: ["other@example.com"]');
    const skipped = (await source.data(copyMutation, { input: { targetAccountId: targetAccount.id, personIds: [same, other], duplicates: 'SKIP' } })).copyRecords;
    expect([skipped.peopleCopied, skipped.peopleSkipped]).toEqual([1, 1]);
    const anyway = (await source.data(copyMutation, { input: { targetAccountId: targetAccount.id, personIds: [same], duplicates: 'CREATE' } })).copyRecords;
    expect([anyway.peopleCopied, anyway.peopleSkipped]).toEqual([1, 0]);
    // Companies likewise, by their e-mail addresses.
    await target.data('mutation { createCompany(input: { name: "Known", emails: ["info@known.example"] }) { id } }');
    const { createCompany } = await source.data('mutation { createCompany(input: { name: "Known GmbH", emails: ["INFO@known.example"] }) { id } }');
    const company = (await source.data(copyMutation, { input: { targetAccountId: targetAccount.id, companyIds: [createCompany.id] } })).copyRecords;
    expect([company.companiesCopied, company.companiesSkipped]).toEqual([0, 1]);
    const names = (await target.data(peopleQuery)).people.edges.map((e: { node: { lastName: string } }) => e.node.lastName).sort();
    expect(names).toEqual(['Already', 'Other', 'Same']);
  });

  it("applies the target's contact limit to the whole copy: PLAN_LIMIT_REACHED naming how many would fit, nothing copied anywhere", async () => {
    const { source, target, sourceAccount, targetAccount } = await loginWithTwoAccounts();
    await withClient(app.database.url, (db) => db.query(`update account set plan_code = 'TINY' where id = $1`, [targetAccount.id]));
    await person(target, 'lastName: "One"');
    await person(target, 'lastName: "Two"');
    const ids = [await person(source, 'lastName: "A"'), await person(source, 'lastName: "B"')];
    const before = await recordRows(sourceAccount.id);
    const refused = await source.request(copyMutation, { input: { targetAccountId: targetAccount.id, personIds: ids } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'PLAN_LIMIT_REACHED', limit: 'contacts', max: 3, fits: 1 });
    expect((await target.data(peopleQuery)).people.totalCount).toBe(2);
    expect(await recordRows(sourceAccount.id)).toBe(before);
    const timeline = (await source.data(`query($id: ID!) { person(id: $id) { timeline { kind } } }`, { id: ids[0] })).person.timeline;
    expect(timeline.map((a: { kind: string }) => a.kind)).toEqual(['CREATED']);
    // One fits.
    expect((await source.data(copyMutation, { input: { targetAccountId: targetAccount.id, personIds: [ids[0]] } })).copyRecords.peopleCopied).toBe(1);
  });
});

describe('who may copy where', () => {
  it('refuses an account the caller is not an active member of, a member without records.export here, the same account and foreign IDs; nothing changes', async () => {
    const { source, target, sourceAccount, targetAccount } = await loginWithTwoAccounts();
    const ada = await person(source, 'lastName: "Ada"');
    const before = await recordRows(sourceAccount.id);
    const stranger = new TestClient(app.url);
    const strangers = (await signUpNew(stranger, { accountName: 'Fremd KG' })).auth.account;
    const code = async (client: TestClient, input: Record<string, unknown>) => (await client.request(copyMutation, { input })).errors?.[0]?.extensions;

    expect(await code(source, { targetAccountId: strangers.id, personIds: [ada] })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await code(source, { targetAccountId: 'not-an-id', personIds: [ada] })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await code(source, { targetAccountId: sourceAccount.id, personIds: [ada] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'targetAccountId' });
    expect(await code(source, { targetAccountId: targetAccount.id, personIds: [] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personIds' });
    // A person of another account is not found here, whatever account it is in.
    const foreign = await person(stranger, 'lastName: "Foreign"');
    expect(await code(source, { targetAccountId: targetAccount.id, personIds: [foreign] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personIds' });

    // A NORMAL member of the source may not take records out (records.export).
    const normal = await memberWithRole(app.url, app.database.url, sourceAccount.id, 'NORMAL');
    expect(await code(normal, { targetAccountId: targetAccount.id, personIds: [ada] })).toMatchObject({ code: 'FORBIDDEN', right: 'records.export' });

    // Deactivated in the target: refused there.
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1`, [targetAccount.id]));
    expect(await code(source, { targetAccountId: targetAccount.id, personIds: [ada] })).toMatchObject({ code: 'FORBIDDEN' });
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'ACTIVE' where account_id = $1`, [targetAccount.id]));

    expect(await recordRows(sourceAccount.id)).toBe(before);
    expect((await target.data(peopleQuery)).people.totalCount).toBe(0);
    expect((await stranger.data(peopleQuery)).people.totalCount).toBe(1);
  });

  it('comes alone in its request, and is refused to API keys', async () => {
    const { source, targetAccount } = await loginWithTwoAccounts();
    const ada = await person(source, 'lastName: "Ada"');
    const mixed = await source.request(
      `mutation($input: CopyRecordsInput!) { createPerson(input: { lastName: "Mixed" }) { id } copyRecords(input: $input) { peopleCopied } }`,
      { input: { targetAccountId: targetAccount.id, personIds: [ada] } },
    );
    expect(mixed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'copyRecords' });
    const key = new TestClient(app.url);
    key.token = (await source.data('mutation { createApiKey(name: "k", role: CO_OWNER) { secret } }')).createApiKey.secret;
    expect((await key.request(copyMutation, { input: { targetAccountId: targetAccount.id, personIds: [ada] } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
