import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSchemaName } from '../db/account-schema.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { memberWithRole, signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

let app: TestApp;
let owner: TestClient;
let accountId: string;
let schema: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = new TestClient(app.url);
  accountId = (await signUpNew(owner, { planCode: 'BUSINESS' })).auth.account.id;
  schema = accountSchemaName(accountId);
});
afterAll(async () => {
  await app.stop();
});

const fieldSelection = 'id name type position showInList currency choices { id label }';
const valueSelection = `customFields { __typename field { id name }
  ... on TextValue { text } ... on NumberValue { number } ... on MoneyValue { amount currency } ... on DateValue { date }
  ... on BooleanValue { checked } ... on ChoiceValue { choice { id label } } ... on ChoicesValue { choices { id label } } }`;

async function defineField(input: Record<string, unknown>, client = owner): Promise<{ id: string; name: string; choices: { id: string; label: string }[] }> {
  return (await client.data(`mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { ${fieldSelection} } }`, { input })).createCustomField;
}

async function columnsOf(table: string): Promise<string[]> {
  return withClient(app.database.url, async (db) =>
    (await db.query(`select column_name from information_schema.columns where table_schema = $1 and table_name = $2 and column_name like 'cf\\_%' order by 1`, [schema, table])).rows.map(
      (row) => row.column_name as string,
    ),
  );
}

describe('custom fields', () => {
  it('are typed columns of the record table: values of every type are written, read typed, searched, named in the timeline and sent to webhooks', async () => {
    const region = await defineField({ recordType: 'PERSON', name: 'Region', type: 'TEXT', showInList: true });
    const budget = await defineField({ recordType: 'PERSON', name: 'Budget', type: 'MONEY', currency: 'eur' });
    const employees = await defineField({ recordType: 'PERSON', name: 'Employees', type: 'NUMBER' });
    const renewal = await defineField({ recordType: 'PERSON', name: 'Renewal', type: 'DATE' });
    const vip = await defineField({ recordType: 'PERSON', name: 'VIP', type: 'CHECKBOX' });
    const source = await defineField({ recordType: 'PERSON', name: 'Source', type: 'SINGLE_CHOICE', choices: [{ label: 'Fair' }, { label: 'Web' }] });
    const topics = await defineField({ recordType: 'PERSON', name: 'Topics', type: 'MULTIPLE_CHOICE', choices: [{ label: 'Sales' }, { label: 'Support' }, { label: 'Billing' }] });
    const homepage = await defineField({ recordType: 'PERSON', name: 'Homepage', type: 'URL' });
    expect((await columnsOf('person')).length).toBe(8);
    await owner.data('mutation { createWebhook(input: { url: "https://1.1.1.1/hook", events: [PERSON_CREATED, PERSON_UPDATED] }) { webhook { id } } }');

    const { createPerson } = await owner.data(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id ${valueSelection} } }`,
      {
        input: {
          lastName: 'Typed',
          customFields: [
            { fieldId: region.id, text: '  Nordwestfalen ' },
            { fieldId: budget.id, amount: 1250.5 },
            { fieldId: employees.id, number: 42 },
            { fieldId: renewal.id, date: '2027-03-31' },
            { fieldId: vip.id, checked: true },
            { fieldId: source.id, choiceId: source.choices[1]!.id },
            { fieldId: topics.id, choiceIds: [topics.choices[2]!.id, topics.choices[0]!.id] },
            { fieldId: homepage.id, text: 'https://typed.example' },
          ],
        },
      },
    );
    expect(createPerson.customFields).toEqual([
      { __typename: 'TextValue', field: { id: region.id, name: 'Region' }, text: 'Nordwestfalen' },
      { __typename: 'MoneyValue', field: { id: budget.id, name: 'Budget' }, amount: 1250.5, currency: 'EUR' },
      { __typename: 'NumberValue', field: { id: employees.id, name: 'Employees' }, number: 42 },
      { __typename: 'DateValue', field: { id: renewal.id, name: 'Renewal' }, date: '2027-03-31' },
      { __typename: 'BooleanValue', field: { id: vip.id, name: 'VIP' }, checked: true },
      { __typename: 'ChoiceValue', field: { id: source.id, name: 'Source' }, choice: source.choices[1] },
      // In the choices' order, whatever the input's.
      { __typename: 'ChoicesValue', field: { id: topics.id, name: 'Topics' }, choices: [topics.choices[0], topics.choices[2]] },
      { __typename: 'TextValue', field: { id: homepage.id, name: 'Homepage' }, text: 'https://typed.example' },
    ]);

    // Search finds text values by word prefix.
    expect((await owner.data('{ search(query: "nordwest") { id } }')).search.map((hit: { id: string }) => hit.id)).toContain(createPerson.id);
    expect((await owner.data('{ people(filter: { text: "nordwest" }) { totalCount } }')).people.totalCount).toBe(1);

    // An update: only what changed is named, by the field's name.
    await owner.data(`mutation($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { id } }`, {
      id: createPerson.id,
      input: { customFields: [{ fieldId: employees.id, number: 42 }, { fieldId: vip.id, checked: false }, { fieldId: region.id, text: null }] },
    });
    const { person } = await owner.data(`query($id: ID!) { person(id: $id) { timeline { kind changedFields changedCustomFields } ${valueSelection} } }`, { id: createPerson.id });
    expect(person.timeline[0]).toEqual({ kind: 'CHANGED', changedFields: [], changedCustomFields: ['VIP', 'Region'] });
    expect(person.customFields.map((value: { field: { name: string } }) => value.field.name)).not.toContain('Region');
    expect((await owner.data('{ search(query: "nordwest") { id } }')).search).toEqual([]);

    const payloads = await withClient(app.database.url, async (db) => (await db.query(`select event, payload from ${schema}.webhook_delivery order by created_at`)).rows);
    const updated = payloads.find((row) => row.event === 'person.updated')!.payload;
    expect(updated.changedCustomFields).toEqual(['VIP', 'Region']);
    expect(updated.record.customFields).toContainEqual({ fieldId: vip.id, name: 'VIP', type: 'CHECKBOX', value: false });
    expect(updated.record.customFields).toContainEqual({ fieldId: budget.id, name: 'Budget', type: 'MONEY', value: { amount: 1250.5, currency: 'EUR' } });
    const created = payloads.find((row) => row.event === 'person.created')!.payload;
    expect(created.record.customFields).toContainEqual({ fieldId: source.id, name: 'Source', type: 'SINGLE_CHOICE', value: source.choices[1] });
  });

  it('refuse a value of the wrong type or shape, naming the input, and change nothing', async () => {
    const size = await defineField({ recordType: 'COMPANY', name: 'Size', type: 'NUMBER' });
    const mail = await defineField({ recordType: 'COMPANY', name: 'Billing mail', type: 'EMAIL' });
    const before = (await owner.data('{ companies { totalCount } }')).companies.totalCount;
    for (const [customFields, field] of [
      [[{ fieldId: size.id, text: 'big' }], 'customFields.0.text'],
      [[{ fieldId: mail.id, text: 'not an address' }], 'customFields.0.text'],
      [[{ fieldId: '00000000-0000-4000-8000-000000000001', text: 'x' }], 'customFields.0.fieldId'],
      [[{ fieldId: size.id, number: 1 }, { fieldId: size.id, number: 2 }], 'customFields.1.fieldId'],
    ] as const) {
      const result = await owner.request('mutation($f: [CustomFieldValueInput!]) { createCompany(input: { name: "Refused", customFields: $f }) { id } }', { f: customFields });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await owner.data('{ companies { totalCount } }')).companies.totalCount).toBe(before);
  });

  it('keep values when a field or a choice is renamed or moved; a removed choice leaves the values', async () => {
    const stage = await defineField({ recordType: 'DEAL', name: 'Stage detail', type: 'MULTIPLE_CHOICE', choices: [{ label: 'Alpha' }, { label: 'Beta' }, { label: 'Gamma' }] });
    const [alpha, beta, gamma] = [stage.choices[0]!, stage.choices[1]!, stage.choices[2]!];
    const { createDeal } = await owner.data(`mutation($f: [CustomFieldValueInput!]) { createDeal(input: { title: "Choices", customFields: $f }) { id } }`, {
      f: [{ fieldId: stage.id, choiceIds: [alpha.id, beta.id] }],
    });
    const { updateCustomField } = await owner.data(
      `mutation($id: ID!, $input: UpdateCustomFieldInput!) { updateCustomField(id: $id, input: $input) { ${fieldSelection} } }`,
      { id: stage.id, input: { name: 'Stage', choices: [{ id: gamma.id, label: 'Gamma' }, { id: beta.id, label: 'Beta renamed' }] } },
    );
    expect(updateCustomField).toMatchObject({ name: 'Stage', choices: [{ id: gamma.id, label: 'Gamma' }, { id: beta.id, label: 'Beta renamed' }] });
    const { deal } = await owner.data(`query($id: ID!) { deal(id: $id) { ${valueSelection} } }`, { id: createDeal.id });
    expect(deal.customFields).toEqual([{ __typename: 'ChoicesValue', field: { id: stage.id, name: 'Stage' }, choices: [{ id: beta.id, label: 'Beta renamed' }] }]);
  });

  it('change type only when every value converts, saying how many do not', async () => {
    const code = await defineField({ recordType: 'COMPANY', name: 'Code', type: 'TEXT' });
    const ids: string[] = [];
    for (const text of ['12', ' 7.5 ', 'twelve', 'n/a']) {
      ids.push((await owner.data(`mutation($f: [CustomFieldValueInput!]) { createCompany(input: { name: "Code ${text}", customFields: $f }) { id } }`, { f: [{ fieldId: code.id, text }] })).createCompany.id);
    }
    const retype = () => owner.request(`mutation($id: ID!) { updateCustomField(id: $id, input: { type: NUMBER }) { type } }`, { id: code.id });
    const columns = await columnsOf('company');
    const refused = await retype();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CUSTOM_FIELD_TYPE_NOT_CONVERTIBLE', count: 2, field: 'type' });
    // The new column the values would have moved to is gone again.
    expect(await columnsOf('company')).toEqual(columns);
    expect((await owner.data('{ customFields(recordType: COMPANY) { name type } }')).customFields).toContainEqual({ name: 'Code', type: 'TEXT' });

    for (const id of ids.slice(2)) await owner.data(`mutation($id: ID!, $f: [CustomFieldValueInput!]) { updateCompany(id: $id, input: { customFields: $f }) { id } }`, { id, f: [{ fieldId: code.id, text: null }] });
    expect((await retype()).data).toEqual({ updateCustomField: { type: 'NUMBER' } });
    const { company } = await owner.data(`query($id: ID!) { company(id: $id) { ${valueSelection} } }`, { id: ids[1] });
    expect(company.customFields).toEqual([{ __typename: 'NumberValue', field: { id: code.id, name: 'Code' }, number: 7.5 }]);
    // The values moved to a new numeric column; the old text column is gone.
    const oldColumn = `cf_${code.id.replace(/-/g, '').slice(0, 12)}`;
    const [moved] = await withClient(app.database.url, async (db) =>
      (
        await db.query(
          `select c.column_name, c.data_type from ${schema}.custom_field f join information_schema.columns c
           on c.table_schema = $1 and c.table_name = 'company' and c.column_name = f.column_name where f.id = $2`,
          [schema, code.id],
        )
      ).rows,
    );
    expect(moved).toMatchObject({ data_type: 'numeric' });
    expect(await columnsOf('company')).toEqual([...columns.filter((name) => name !== oldColumn), moved.column_name].sort());
  });

  it('a single choice becomes a multiple one and back, keeping the choice; filters and sorts that do not fit the type are refused', async () => {
    const level = await defineField({ recordType: 'DEAL', name: 'Level', type: 'SINGLE_CHOICE', choices: [{ label: 'Low' }, { label: 'High' }] });
    const high = level.choices[1]!;
    const { createDeal } = await owner.data(`mutation($f: [CustomFieldValueInput!]) { createDeal(input: { title: "Levelled", customFields: $f }) { id } }`, {
      f: [{ fieldId: level.id, choiceId: high.id }],
    });
    const retype = async (type: string) => owner.data(`mutation($id: ID!) { updateCustomField(id: $id, input: { type: ${type} }) { type } }`, { id: level.id });
    const valueOf = async () => (await owner.data(`query($id: ID!) { deal(id: $id) { ${valueSelection} } }`, { id: createDeal.id })).deal.customFields[0];
    await retype('MULTIPLE_CHOICE');
    expect(await valueOf()).toMatchObject({ __typename: 'ChoicesValue', choices: [high] });
    const anyOf = async () =>
      (await owner.data(`query($c: [CustomFieldCondition!]) { deals(filter: { customFields: $c }) { totalCount } }`, { c: [{ fieldId: level.id, anyOf: [high.id] }] })).deals.totalCount;
    expect(await anyOf()).toBe(1);
    await retype('SINGLE_CHOICE');
    expect(await valueOf()).toMatchObject({ __typename: 'ChoiceValue', choice: high });
    expect(await anyOf()).toBe(1);

    const byText = await owner.request(`query($c: [CustomFieldCondition!]) { deals(filter: { customFields: $c }) { totalCount } }`, { c: [{ fieldId: level.id, text: 'High' }] });
    expect(byText.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.customFields.0.text' });
    const sorted = await owner.request(`query($o: CustomFieldOrder) { deals(orderByCustomField: $o) { totalCount } }`, { o: { fieldId: level.id, direction: 'ASC' } });
    expect(sorted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderByCustomField.fieldId' });
  });

  it('deleting a field drops its column, its values and their search words', async () => {
    const motto = await defineField({ recordType: 'COMPANY', name: 'Motto', type: 'LONG_TEXT' });
    await owner.data(`mutation($f: [CustomFieldValueInput!]) { createCompany(input: { name: "Mottoed", customFields: $f }) { id } }`, { f: [{ fieldId: motto.id, text: 'Quixotic endeavours' }] });
    expect((await owner.data('{ search(query: "quixotic") { id } }')).search).toHaveLength(1);
    const columns = await columnsOf('company');
    expect((await owner.data(`mutation($id: ID!) { deleteCustomField(id: $id) }`, { id: motto.id })).deleteCustomField).toBe(motto.id);
    expect(await columnsOf('company')).toHaveLength(columns.length - 1);
    expect((await owner.data('{ search(query: "quixotic") { id } }')).search).toEqual([]);
    expect((await owner.data('{ customFields(recordType: COMPANY) { name } }')).customFields.map((f: { name: string }) => f.name)).not.toContain('Motto');
  });

  it('a definition that fails after its column was added leaves no column; a column left unused by a crash goes with the next definition', async () => {
    const columns = await columnsOf('person');
    // A failure in the database after the column change: the definition's insert is refused.
    await withClient(app.database.url, (db) => db.query(`alter table ${schema}.custom_field add constraint refuse_boom check (name <> 'Boom')`));
    try {
      const failed = await owner.request('mutation { createCustomField(input: { recordType: PERSON, name: "Boom", type: TEXT }) { id } }');
      expect(failed.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await withClient(app.database.url, (db) => db.query(`alter table ${schema}.custom_field drop constraint refuse_boom`));
    }
    expect(await columnsOf('person')).toEqual(columns);
    expect((await owner.data('{ customFields(recordType: PERSON) { name } }')).customFields.map((f: { name: string }) => f.name)).not.toContain('Boom');

    // A process that stopped between adding a column and the end of its request leaves the column unnamed.
    await withClient(app.database.url, async (db) => {
      await db.query('begin');
      await db.query(`set local role ${schema}`);
      await db.query(`select ${schema}.kontor_custom_column('add', 'person', 'cf_00000000dead', 'text')`);
      await db.query('commit');
    });
    expect(await columnsOf('person')).toContain('cf_00000000dead');
    await defineField({ recordType: 'PERSON', name: 'After the crash', type: 'NUMBER' });
    expect(await columnsOf('person')).not.toContain('cf_00000000dead');
    expect(await columnsOf('person')).toHaveLength(columns.length + 1);
  });

  it('defining a field comes alone in its request (its column changes commit on their own)', async () => {
    const batch = await owner.request('mutation { a: createPerson(input: { lastName: "Batched" }) { id } b: createCustomField(input: { recordType: PERSON, name: "Batched", type: TEXT }) { id } }');
    expect(batch.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'createCustomField' });
  });

  it('names are unique per record type (case aside), and a record type has at most 100 fields', async () => {
    await defineField({ recordType: 'DEAL', name: 'Channel', type: 'TEXT' });
    const taken = await owner.request('mutation { createCustomField(input: { recordType: DEAL, name: "channel", type: NUMBER }) { id } }');
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'CUSTOM_FIELD_NAME_TAKEN', field: 'name' });
    // Another record type may use the name.
    await defineField({ recordType: 'COMPANY', name: 'Channel', type: 'TEXT' });

    // Definitions up to the limit, written directly (the limit counts definitions; their columns do not matter here).
    await withClient(app.database.url, (db) =>
      db.query(`insert into ${schema}.custom_field (id, record_type, name, type, position, column_name)
        select gen_random_uuid(), 'deal', 'Filler ' || i, 'TEXT', 100 + i, 'cf_' || substr(md5(i::text), 1, 12)
        from generate_series(1, 100 - (select count(*)::int from ${schema}.custom_field where record_type = 'deal')) i`),
    );
    const over = await owner.request('mutation { createCustomField(input: { recordType: DEAL, name: "One too many", type: TEXT }) { id } }');
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'CUSTOM_FIELD_LIMIT_REACHED', limit: 100 });
  });

  it('only owners and co-owners define fields (not API keys); every member writes values as records allow', async () => {
    const tier = await defineField({ recordType: 'PERSON', name: 'Tier', type: 'TEXT' });
    const coOwner = await memberWithRole(app.url, app.database.url, accountId, 'CO_OWNER');
    await defineField({ recordType: 'PERSON', name: 'By co-owner', type: 'TEXT' }, coOwner);
    for (const role of ['EXTENDED', 'NORMAL']) {
      const member = await memberWithRole(app.url, app.database.url, accountId, role);
      const refused = await member.request('mutation { createCustomField(input: { recordType: PERSON, name: "Sneaky", type: TEXT }) { id } }');
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', right: 'fields.manage' });
      const created = await member.data(`mutation($f: [CustomFieldValueInput!]) { createPerson(input: { lastName: "By ${role}", customFields: $f }) { ${valueSelection} } }`, {
        f: [{ fieldId: tier.id, text: 'Gold' }],
      });
      expect(created.createPerson.customFields).toHaveLength(1);
    }
    const { createApiKey } = await owner.data('mutation { createApiKey(name: "Fields", role: CO_OWNER) { secret } }');
    const key = new TestClient(app.url);
    key.token = createApiKey.secret;
    const byKey = await key.request('mutation { createCustomField(input: { recordType: PERSON, name: "By key", type: TEXT }) { id } }');
    expect(byKey.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await key.data('{ customFields(recordType: PERSON) { name } }')).customFields.length).toBeGreaterThan(0);
  });

  it("the account's role cannot run DDL itself; its one function changes only cf_ columns of its own record tables", async () => {
    await withClient(app.database.url, async (db) => {
      const refused = async (sql: string): Promise<string> => {
        await db.query('begin');
        try {
          await db.query(`set local role ${schema}`);
          await db.query(`set local search_path to ${schema}`);
          await db.query(sql);
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        } finally {
          await db.query('rollback');
        }
      };
      expect(await refused('alter table person add column sneaky text')).toMatch(/must be owner/);
      expect(await refused(`select kontor_custom_column('add', 'person', 'first_name', 'text')`)).toMatch(/cf_ and 12 hex digits/);
      expect(await refused(`select kontor_custom_column('drop', 'person', 'first_name', null)`)).toMatch(/cf_ and 12 hex digits/);
      expect(await refused(`select kontor_custom_column('add', 'custom_field', 'cf_0123456789ab', 'text')`)).toMatch(/belong to person, company or deal/);
      expect(await refused(`select kontor_custom_column('add', 'person', 'cf_0123456789ab', 'text; drop table person')`)).toMatch(/have the types/);
      expect(await refused(`select kontor_custom_column('add', 'person', 'cf_0123456789ab', 'text')`)).toBe('accepted');
    });
  });
});
