import yauzl from 'yauzl';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes, uploadFile } from '../testing/file-fixtures.js';
import { addMember, newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import type { TestApp } from '../testing/test-app.js';
import { mailsTo, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { newAccountOf, packageOf, pause } from '../testing/package-fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp({ cleanup: { jobWorker: true, schedule: '17 * * * *', retentionDays: 30, scheduleCheckSeconds: 30 } });
});
afterAll(async () => {
  await app?.stop();
});

/** Every entry of a ZIP with its bytes. */
async function entriesOf(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(zip, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    file.on('entry', (entry: yauzl.Entry) => {
      file.openReadStream(entry, async (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        entries.set(entry.fileName, Buffer.concat(chunks));
        file.readEntry();
      });
    });
    file.on('end', resolve);
    file.on('error', reject);
    file.readEntry();
  });
  return entries;
}

const jsonl = (entries: Map<string, Buffer>, name: string) =>
  entries
    .get(name)!
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, any>);

/**
 * Uploads a package: `status` and `body` are the upload's answer; once it is
 * taken (202), `accepted` is that answer's import, `state` where its job left
 * it (DONE or FAILED, followed through the status route), and `body.report`
 * the report the job wrote.
 */
async function importInto(client: TestClient, zip: Buffer) {
  const headers = { authorization: `Bearer ${client.token}` };
  const response = await fetch(`${app.url}/account-packages`, { method: 'POST', headers: { ...headers, 'content-type': 'application/zip' }, body: new Uint8Array(zip) });
  const body = (await response.json()) as Record<string, any>;
  if (response.status !== 202) return { status: response.status, body, accepted: undefined, state: undefined };
  let state = body.import;
  for (let i = 0; i < 300 && (state.status === 'QUEUED' || state.status === 'RUNNING'); i++) {
    await pause();
    state = ((await (await fetch(`${app.url}/account-packages/imports/${body.import.id}`, { headers })).json()) as Record<string, any>).import;
  }
  return { status: response.status, body: { report: state.report } as Record<string, any>, accepted: body.import as Record<string, any>, state: state as Record<string, any> };
}

/** A ZIP with one entry: a ZIP, but no package. */
async function zipOf(name: string, text: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An account with a bit of everything: custom fields and values, tags, a company, people, a deal moved on, tasks, notes, a file. */
async function seeded(client: TestClient) {
  const field = (input: Record<string, unknown>) => client.data(`mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id choices { id label } } }`, { input });
  const region = (await field({ recordType: 'PERSON', name: 'Region', type: 'TEXT' })).createCustomField;
  const level = (await field({ recordType: 'PERSON', name: 'Level', type: 'SINGLE_CHOICE', choices: [{ label: 'Gold' }, { label: 'Silver' }] })).createCustomField;
  const size = (await field({ recordType: 'COMPANY', name: 'Employees', type: 'NUMBER' })).createCustomField;
  const vip = (await client.data(`mutation { createTag(input: { name: "VIP" }) { id } }`)).createTag.id;
  const partner = (await client.data(`mutation { createTag(input: { name: "Partner" }) { id } }`)).createTag.id;
  const company = (
    await client.data(`mutation($f: [CustomFieldValueInput!], $t: [ID!]) { createCompany(input: { name: "Müller & Söhne", website: "https://mueller.example", tagIds: $t, customFields: $f }) { id } }`, {
      f: [{ fieldId: size.id, number: 42 }],
      t: [partner],
    })
  ).createCompany.id;
  const person = (
    await client.data(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
      input: {
        firstName: 'Jürgen',
        lastName: 'Müller',
        emails: ['juergen@example.com'],
        phones: ['+49 89 1234'],
        companyId: company,
        birthday: '1970-05-17',
        tagIds: [vip, partner],
        customFields: [
          { fieldId: region.id, text: 'Bayern' },
          { fieldId: level.id, choiceId: level.choices[0].id },
        ],
      },
    })
  ).createPerson.id;
  const ada = (await client.data(`mutation { createPerson(input: { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" }) { id } }`)).createPerson.id;
  await client.data(`mutation { createCompany(input: { name: "Alone Ltd" }) { id } }`);
  const phases = (await client.data('{ pipelines { phases { id } } }')).pipelines[0].phases as { id: string }[];
  const deal = (await client.data(`mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }`, { input: { title: 'Big order', companyId: company, personIds: [person, ada], tagIds: [vip], value: { amountCents: 1250000, currency: 'EUR' } } })).createDeal.id;
  await client.data(`mutation($id: ID!, $p: ID!) { moveDeal(id: $id, phaseId: $p) { id } }`, { id: deal, p: phases[2]!.id });
  const task = (await client.data(`mutation($p: ID!) { createTask(input: { title: "Call back", dueDate: "2026-12-01", personId: $p }) { id } }`, { p: person })).createTask.id;
  await client.data(`mutation($id: ID!) { updateTask(id: $id, input: { done: true }) { id } }`, { id: task });
  await client.data(`mutation($d: ID!) { createTask(input: { title: "Send offer", dealId: $d }) { id } }`, { d: deal });
  const note = (await client.data(`mutation($p: ID!) { createNote(input: { body: "Met at the fair", personId: $p }) { id } }`, { p: person })).createNote.id;
  await client.data(`mutation($c: ID!) { createNote(input: { body: "Confidential terms", companyId: $c, confidential: true }) { id } }`, { c: company });
  expect((await uploadFile(client, { personId: person }, 'card.png', pngBytes)).status).toBe(201);
  expect((await uploadFile(client, { noteId: note }, 'fair notes.txt', Buffer.from('hello package'))).status).toBe(201);
  await client.data(`mutation($id: ID!) { updatePerson(id: $id, input: { position: "CEO" }) { id } }`, { id: ada });
  return { person, company, deal };
}

/** A package's JSON Lines with every ID replaced by its place of first appearance: what must be equal between two packages of the same data. */
function normalised(entries: Map<string, Buffer>): Record<string, string> {
  const labels = new Map<string, string>();
  const out: Record<string, string> = {};
  const names = [...entries.keys()].filter((name) => name.endsWith('.jsonl') && name !== 'users.jsonl');
  const order = ['custom_fields', 'tags', 'companies', 'people', 'pipelines', 'phases', 'deals', 'deal_phase_changes', 'tasks', 'notes', 'files', 'timeline'].map((name) => `${name}.jsonl`);
  expect([...names].sort()).toEqual([...order].sort());
  for (const name of order) {
    out[name] = entries
      .get(name)!
      .toString('utf8')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
        if (!labels.has(id)) labels.set(id, `id${labels.size}`);
        return labels.get(id)!;
      });
  }
  return out;
}

describe('the whole account as one package', () => {
  it('is a ZIP with a manifest, every record as JSON Lines, the files and CSV copies; its link works once; the owner is mailed', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Paket GmbH');
    const { person, company } = await seeded(owner.client);
    const { job, zip } = await packageOf(owner.client);
    expect(job.recordsDone).toBe(job.recordsTotal);
    expect(job.byteSize).toBe(zip.length);
    const entries = await entriesOf(zip);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({
      format: 'kontor-account-package',
      version: 1,
      account: { id: owner.auth.account.id, name: 'Paket GmbH' },
      createdBy: { id: owner.auth.user.id, email: owner.email },
      records: { 'people.jsonl': 2, 'companies.jsonl': 2, 'deals.jsonl': 1, 'tasks.jsonl': 2, 'notes.jsonl': 2, 'files.jsonl': 2, 'tags.jsonl': 2, 'custom_fields.jsonl': 3 },
    });
    const [jurgen] = jsonl(entries, 'people.jsonl').filter((row) => row.id === person);
    const fields = jsonl(entries, 'custom_fields.jsonl');
    const level = fields.find((field) => field.name === 'Level')!;
    expect(jurgen).toMatchObject({ first_name: 'Jürgen', last_name: 'Müller', company_id: company, emails: ['juergen@example.com'], birthday: '1970-05-17' });
    expect(jurgen!.tag_ids).toHaveLength(2);
    expect(jurgen!.custom_fields).toEqual({ [fields.find((field) => field.name === 'Region')!.id]: 'Bayern', [level.id]: level.choices[0].id });
    expect(jurgen).not.toHaveProperty('search_vector');
    const [deal] = jsonl(entries, 'deals.jsonl');
    expect(deal!.person_ids).toHaveLength(2);
    expect(jsonl(entries, 'deal_phase_changes.jsonl')).toMatchObject([{ deal_id: deal!.id }]);
    expect(jsonl(entries, 'timeline.jsonl').some((entry) => entry.kind === 'PHASE_MOVED' && entry.subject_id === deal!.id)).toBe(true);
    const files = jsonl(entries, 'files.jsonl');
    expect(files.map((file) => file.path).sort()).toEqual([`files/${files.find((f) => f.name === 'card.png')!.id}/card.png`, `files/${files.find((f) => f.name !== 'card.png')!.id}/fair notes.txt`].sort());
    expect(entries.get(files.find((f) => f.name === 'card.png')!.path)).toEqual(pngBytes);
    expect(entries.get('csv/people.csv')!.toString('utf8')).toContain('Jürgen');
    expect(jsonl(entries, 'users.jsonl').map((user) => user.email)).toEqual([owner.email.toLowerCase()]);

    const again = await fetch(`${app.url}${job.usedUrl}`);
    expect(again.status).toBe(410);
    expect(((await again.json()) as any).errors[0].extensions.code).toBe('DOWNLOAD_LINK_USED');
    const { auditEvents } = await owner.client.data(`{ auditEvents(filter: { actions: [ACCOUNT_PACKAGE_DOWNLOADED] }) { edges { node { targetId changes } } } }`);
    expect(auditEvents.edges.map((edge: any) => edge.node)).toEqual([{ targetId: job.id, changes: JSON.stringify({ bytes: zip.length }) }]);
    const mails = await mailsTo(app.url, owner.email);
    expect(mails.at(-1)!.subject).toContain('Paket GmbH');
    expect(mails.at(-1)!.text).toContain(`/a/${owner.auth.account.slug}/team`);
  });

  it('comes into a new account faithfully: exported again, the two packages are equal but for IDs and the run', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Quelle');
    await seeded(owner.client);
    const first = await entriesOf((await packageOf(owner.client)).zip);
    const target = await newAccountOf(owner.client, 'Ziel');
    const imported = await importInto(target, (await packageOf(owner.client)).zip);
    // The upload was answered before the import ran: its answer is the queued job, the report came from the job afterwards.
    expect(imported.status).toBe(202);
    expect(imported.accepted).toEqual({ id: expect.any(String), status: 'QUEUED' });
    expect(imported.state).toMatchObject({ status: 'DONE', error: null, recordsTotal: expect.any(Number) });
    expect(imported.state!.recordsDone).toBe(imported.state!.recordsTotal);
    expect(imported.body.report).toMatchObject({ source: { id: owner.auth.account.id, name: 'Quelle' }, files: 2, mappedUsers: [], records: { 'people.jsonl': 2, 'timeline.jsonl': first.get('timeline.jsonl')!.toString().split('\n').filter(Boolean).length } });
    const { auditEvents } = await target.data(`{ auditEvents(filter: { actions: [ACCOUNT_PACKAGE_IMPORTED] }) { edges { node { targetLabel } } } }`);
    expect(auditEvents.edges.map((edge: any) => edge.node.targetLabel)).toEqual(['Quelle']);
    const second = await entriesOf((await packageOf(target)).zip);
    expect(normalised(second)).toEqual(normalised(first));
    const files = jsonl(second, 'files.jsonl');
    expect(second.get(files.find((f) => f.name === 'card.png')!.path)).toEqual(pngBytes);
    // The records work in the new account as any other: found by search, their company's name with them, their choice shown.
    const { people } = await target.data(`{ people(filter: { text: "Müller" }) { edges { node { lastName company { name } tags { name } customFields { field { name } ... on ChoiceValue { choice { label } } } } } } }`);
    expect(people.edges).toHaveLength(1);
    expect(people.edges[0].node.company.name).toBe('Müller & Söhne');
    expect(people.edges[0].node.customFields.find((value: any) => value.field.name === 'Level').choice.label).toBe('Gold');
  });

  it('names the authors who are not members here (their records become the importer\'s), and refuses an account with records or over its limits', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Mit Team');
    const colleague = await addMember(owner.client, 'EXTENDED');
    const person = (await colleague.client.data(`mutation { createPerson(input: { lastName: "By colleague" }) { id } }`)).createPerson.id;
    await colleague.client.data(`mutation($p: ID!) { createNote(input: { body: "Colleague's note", personId: $p }) { id } }`, { p: person });
    await owner.client.data(`mutation { createCompany(input: { name: "Without people" }) { id } }`);
    const { zip } = await packageOf(owner.client);

    const full = await newAccountOf(owner.client, 'Nicht leer');
    await full.data(`mutation { createPerson(input: { lastName: "Already here" }) { id } }`);
    const refused = await importInto(full, zip);
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'ACCOUNT_NOT_EMPTY', records: 1 });

    // A package over the target's contact limit is refused whole (this test database's SOLO package allows one contact; the package holds a person and a company without people).
    await withClient(app.database.url, (db) => db.query(`update plan set max_contacts = 1 where code = 'SOLO'`));
    const small = await newAccountOf(owner.client, 'Zu klein', 'SOLO');
    // The upload is taken; its job opens the package, refuses it and says why, bringing nothing in.
    const tooMany = await importInto(small, zip);
    expect(tooMany.status).toBe(202);
    expect(tooMany.state).toMatchObject({ status: 'FAILED', report: null, error: { code: 'PLAN_LIMIT_REACHED', extensions: { limit: 'contacts', max: 1, requested: 2 } } });
    expect((await small.data(`{ people { edges { node { id } } } pipelines { phases { name } } }`)).people.edges).toEqual([]);

    const target = await newAccountOf(owner.client, 'Ohne Team');
    const { status, body, state } = await importInto(target, zip);
    expect(status).toBe(202);
    expect(state).toMatchObject({ status: 'DONE' });
    expect(body.report.mappedUsers).toEqual([{ name: expect.any(String), email: colleague.email.toLowerCase() }]);
    const { people } = await target.data(`{ people { edges { node { lastName createdBy { id } responsibleUser { id } } } } }`);
    expect(people.edges.map((edge: any) => edge.node)).toEqual([{ lastName: 'By colleague', createdBy: { id: owner.auth.user.id }, responsibleUser: { id: owner.auth.user.id } }]);

    expect((await importInto(target, zip)).body.errors[0].extensions.code).toBe('ACCOUNT_NOT_EMPTY');
    const broken = await newAccountOf(owner.client, 'Kaputt');
    expect((await importInto(broken, Buffer.from('not a zip'))).body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect((await importInto(broken, await zipOf('hello.txt', 'hello'))).state).toMatchObject({ status: 'FAILED', error: { code: 'BAD_USER_INPUT', extensions: { field: 'file' } } });
    // A failed import keeps nothing and no longer holds the account: it takes records again, and packages.
    expect((await broken.data(`mutation { createTag(input: { name: "After" }) { name } }`)).createTag.name).toBe('After');
  });

  it('is for owners and co-owners only', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Rechte');
    const member = await addMember(owner.client, 'EXTENDED');
    expect((await refusal(member.client, `mutation { startAccountPackage { id } }`))?.code).toBe('FORBIDDEN');
    const coOwner = await addMember(owner.client, 'CO_OWNER');
    expect((await coOwner.client.data(`mutation { startAccountPackage { id status } }`)).startAccountPackage.status).toMatch(/QUEUED|RUNNING|READY/);
    const upload = await importInto(member.client, Buffer.from('PK'));
    expect(upload.status).toBe(403);
  });
});
