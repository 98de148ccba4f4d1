import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCountingLogger } from '../testing/query-counter.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { authFields, signUpNew, signUpVerified, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

const counter = queryCountingLogger();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ config: { logLevel: 'debug' }, logger: counter.logger });
});
afterAll(async () => {
  await app.stop();
});

type Hit = { kind: string; title: string; subtitle: string | null; account: { name: string } };
const searchQuery = 'query($q: String!) { search(query: $q) { kind id title subtitle rank account { name } } }';
const allQuery = 'query($q: String!) { searchAllAccounts(query: $q) { kind id title account { id name slug } } }';

describe('search in an account', () => {
  it('answers in one round trip when the name hits fill the page: the caller check (the statement the connection prepared) and the settings travel with the query', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client, { accountName: 'One Trip' });
    await client.data('mutation { createPerson(input: { firstName: "Olga", lastName: "Tripp" }) { id } }');
    const page = 'query($q: String!, $n: Int!) { search(query: $q, first: $n) { title account { name } } }';
    const { result, roundTrips } = await counter.count(() => client.data(page, { q: 'trip', n: 1 }));
    expect(result.search.map((h: Hit) => [h.title, h.account.name])).toEqual([['Olga Tripp', 'One Trip']]);
    expect(roundTrips).toHaveLength(1);
    expect(roundTrips[0]).toMatch(/^EXECUTE kontor_check_caller_plan\(.*\);\nSET LOCAL transaction_read_only = on;\nSET LOCAL ROLE "acct_[0-9a-f]{32}";\nSET LOCAL search_path TO "acct_[0-9a-f]{32}";\n\s*select h.kind/);
    // A page the name hits leave room on: the other hits are asked for next, in the same transaction.
    const second = await counter.count(() => client.data(page, { q: 'trip', n: 2 }));
    expect(second.result.search.map((h: Hit) => h.title)).toEqual(['Olga Tripp']);
    expect(second.roundTrips).toHaveLength(2);
    expect(second.roundTrips[1]).toMatch(/\n\s*select kind, id, title, subtitle, least\(rank/);
    expect(second.roundTrips[1]).not.toContain('kontor_check_caller');
  });

  it('finds people, companies and deals by name prefix, e-mail, phone and company, case-insensitively, best first', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client, { accountName: 'Searchers' });
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "Hansen Logistik", website: "https://hansen.example" }) { id } }');
    await client.data(`mutation($c: ID!) { createPerson(input: { firstName: "Jens", lastName: "Hansen", email: "jens@hansen.example", phones: ["+49 40 555-0101"], companyId: $c }) { id } }`, { c: createCompany.id });
    await client.data('mutation { createPerson(input: { firstName: "Hanna", lastName: "Berg", email: "hb@berg.example" }) { id } }');
    await client.data(`mutation($c: ID!) { createDeal(input: { title: "Hafen expansion", companyId: $c }) { id } }`, { c: createCompany.id });

    const hits: Hit[] = (await client.data(searchQuery, { q: 'HAN' })).search;
    // The deal matches through its company's name.
    expect(hits.map((h) => h.title).sort()).toEqual(['Hafen expansion', 'Hanna Berg', 'Hansen Logistik', 'Jens Hansen']);
    expect(hits.every((h) => h.account.name === 'Searchers')).toBe(true);

    const titles = async (q: string) => ((await client.data(searchQuery, { q })).search as Hit[]).map((h) => h.title);
    expect(await titles('jens@hans')).toEqual(['Jens Hansen']);
    expect(await titles('555')).toEqual(['Jens Hansen']);
    expect((await titles('hansen log')).sort()).toEqual(['Hafen expansion', 'Hansen Logistik', 'Jens Hansen']);
    expect(await titles('haf')).toEqual(['Hafen expansion']);
    expect(await titles('')).toEqual([]);
    expect(await titles("'); drop table person; --")).toEqual([]);
  });

  it('ranks a record whose name starts with the word above one that only mentions it', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "Nordwind GmbH" }) { id } }');
    await client.data(`mutation($c: ID!) { createPerson(input: { firstName: "Ulla", lastName: "Ziegler", companyId: $c }) { id } }`, { c: createCompany.id });
    const hits: Hit[] = (await client.data(searchQuery, { q: 'nordwind' })).search;
    expect(hits.map((h) => [h.kind, h.title])).toEqual([
      ['COMPANY', 'Nordwind GmbH'],
      ['PERSON', 'Ulla Ziegler'],
    ]);
    expect(hits[1]!.subtitle).toBe('Nordwind GmbH');
  });

  it('lists name hits first, as an address book does (by the name that matched: a last name as "last, first"), then the rest by rank', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    const { createCompany } = await client.data('mutation { createCompany(input: { name: "Marlin AG" }) { id } }');
    for (const [firstName, lastName] of [['Anna', 'Martin'], ['Marco', 'Zorn'], ['Maria', 'Martin']]) {
      await client.data('mutation($f: String!, $l: String!) { createPerson(input: { firstName: $f, lastName: $l }) { id } }', { f: firstName, l: lastName });
    }
    // Works at Marlin AG: mentions the word, not a name that starts with it.
    await client.data(`mutation($c: ID!) { createPerson(input: { firstName: "Olaf", lastName: "Berg", companyId: $c }) { id } }`, { c: createCompany.id });

    const hits: (Hit & { rank: number })[] = (await client.data(searchQuery, { q: 'mar' })).search;
    expect(hits.map((h) => h.title)).toEqual(['Marco Zorn', 'Maria Martin', 'Marlin AG', 'Anna Martin', 'Olaf Berg']);
    expect(hits.map((h) => h.rank === 1)).toEqual([true, true, true, true, false]);
    expect(hits[4]!.rank).toBeGreaterThan(0);

    const titles = async (q: string, first = 20) => ((await client.data('query($q: String!, $n: Int!) { search(query: $q, first: $n) { title } }', { q, n: first })).search as Hit[]).map((h) => h.title);
    expect(await titles('mar', 2)).toEqual(['Marco Zorn', 'Maria Martin']);
    // Every word must match, a name hit too.
    expect(await titles('mar zo')).toEqual(['Marco Zorn']);
    expect(await titles('martin a')).toEqual(['Anna Martin']);
    expect(await titles('MARTIN')).toEqual(['Anna Martin', 'Maria Martin']);
  });
  it('follows a company that is renamed, changed or deleted into its people and deals, with no trigger on people, companies or deals', async () => {
    const client = new TestClient(app.url);
    const { auth } = await signUpNew(client);
    const company = async (name: string) => (await client.data('mutation($n: String!) { createCompany(input: { name: $n }) { id } }', { n: name })).createCompany.id;
    const [westwind, ostsee] = [await company('Westwind AG'), await company('Ostsee KG')];
    const { createPerson } = await client.data(`mutation($c: ID!) { createPerson(input: { lastName: "Krause", companyId: $c }) { id } }`, { c: westwind });
    await client.data(`mutation($c: ID!) { createDeal(input: { title: "Windpark", companyId: $c }) { id } }`, { c: westwind });
    const titles = async (q: string) => ((await client.data(searchQuery, { q })).search as Hit[]).map((h) => h.title).sort();

    await client.data('mutation($id: ID!) { updateCompany(id: $id, input: { name: "Suedwind AG" }) { id } }', { id: westwind });
    expect(await titles('westwind')).toEqual([]);
    expect(await titles('suedwind')).toEqual(['Krause', 'Suedwind AG', 'Windpark']);

    await client.data('mutation($id: ID!, $c: ID!) { updatePerson(id: $id, input: { companyId: $c }) { id } }', { id: createPerson.id, c: ostsee });
    expect(await titles('ostsee')).toEqual(['Krause', 'Ostsee KG']);
    expect(await titles('suedwind')).toEqual(['Suedwind AG', 'Windpark']);

    await client.data('mutation($ids: [ID!]!) { deleteCompanies(ids: $ids) }', { ids: [ostsee] });
    expect(await titles('ostsee')).toEqual([]);
    expect(await titles('krause')).toEqual(['Krause']);

    const triggers = await withClient(app.database.adminUrl, async (db) =>
      (await db.query(`select count(*)::int as n from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
                       where n.nspname = $1 and c.relname in ('person', 'company', 'deal') and not t.tgisinternal`, [`acct_${auth.account.id.replace(/-/g, '')}`])).rows[0].n,
    );
    expect(triggers).toBe(0);
  });
});

describe('search across all my accounts', () => {
  it('returns hits of every account I am an active member of, each naming its account, and never of others', async () => {
    const me = new TestClient(app.url);
    const first = await signUpVerified(me, { accountName: 'Ostsee GmbH' });
    await me.data('mutation { createPerson(input: { firstName: "Greta", lastName: "Quast" }) { id } }');
    const second = (await me.data(`mutation { createAccount(input: { name: "Alpen AG", planCode: "TEAM" }) { ${authFields} } }`)).createAccount;
    me.token = second.accessToken;
    await me.data('mutation { createCompany(input: { name: "Quastenhof" }) { id } }');

    const stranger = new TestClient(app.url);
    await signUpNew(stranger, { accountName: 'Fremd KG' });
    await stranger.data('mutation { createPerson(input: { lastName: "Quastler" }) { id } }');

    const hits = (await me.data(allQuery, { q: 'quast' })).searchAllAccounts as (Hit & { account: { id: string } })[];
    expect(hits.map((h) => `${h.title} @ ${h.account.name}`).sort()).toEqual(['Greta Quast @ Ostsee GmbH', 'Quastenhof @ Alpen AG']);

    // Deactivated in the first account: it is no longer searched, whatever the token.
    await withClient(app.database.url, (db) => db.query(`update membership set status = 'DEACTIVATED' where account_id = $1`, [first.auth.account.id]));
    const after = (await me.data(allQuery, { q: 'quast' })).searchAllAccounts as Hit[];
    expect(after.map((h) => h.account.name)).toEqual(['Alpen AG']);
  });

  it("merges the accounts' hits in the order each account lists them: name hits by name, whichever account they are in", async () => {
    const me = new TestClient(app.url);
    await signUpVerified(me, { accountName: 'Nord' });
    await me.data('mutation { createPerson(input: { firstName: "Marco", lastName: "Zorn" }) { id } }');
    await me.data('mutation { createPerson(input: { firstName: "Anna", lastName: "Martin" }) { id } }');
    await me.data('mutation { createPerson(input: { firstName: "Olaf", lastName: "Berg", email: "olaf@berg.example" }) { id } }');
    me.token = (await me.data(`mutation { createAccount(input: { name: "Sued", planCode: "TEAM" }) { ${authFields} } }`)).createAccount.accessToken;
    await me.data('mutation { createPerson(input: { firstName: "Maria", lastName: "Martin" }) { id } }');
    await me.data('mutation { createCompany(input: { name: "Marlin AG", emails: ["info@marlin.example"] }) { id } }');

    const across = async (q: string, first = 20) =>
      ((await me.data('query($q: String!, $n: Int!) { searchAllAccounts(query: $q, first: $n) { title account { name } } }', { q, n: first })).searchAllAccounts as Hit[]).map(
        (h) => `${h.title} @ ${h.account.name}`,
      );
    expect(await across('mar')).toEqual(['Marco Zorn @ Nord', 'Maria Martin @ Sued', 'Marlin AG @ Sued', 'Anna Martin @ Nord']);
    expect(await across('mar', 3)).toEqual(['Marco Zorn @ Nord', 'Maria Martin @ Sued', 'Marlin AG @ Sued']);
  });

  it('works with an unscoped token too', async () => {
    const me = new TestClient(app.url);
    const { email, password } = await signUpNew(me, { accountName: 'Solo' });
    await me.data('mutation { createPerson(input: { lastName: "Unscoped" }) { id } }');
    const unscoped = new TestClient(app.url);
    const signIn = await unscoped.data(`mutation($i: SignUpInput!) { signUp(input: $i) { auth { accessToken account { id } } } }`, {
      i: { email, password, accountName: 'ignored', planCode: 'TEAM' },
    });
    unscoped.token = signIn.signUp.auth.accessToken;
    expect(signIn.signUp.auth.account).toBeNull();
    expect((await unscoped.data(allQuery, { q: 'unsc' })).searchAllAccounts.map((h: Hit) => h.title)).toEqual(['Unscoped']);
  });
});
