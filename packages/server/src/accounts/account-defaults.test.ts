import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { authFields, signUpNew, signUpVerified, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const pipeline = async (client: TestClient) => (await client.data('{ pipelines { name phases { name } } }')).pipelines[0];
const names = (p: { name: string; phases: { name: string }[] }) => [p.name, ...p.phases.map((phase) => phase.name)];
const createAccount = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { ${authFields} } }`;

describe("a new account's defaults", () => {
  it("are named in the language of the sign-up: German, Spanish, English", async () => {
    const german = new TestClient(app.url);
    await signUpNew(german, { locale: 'de' });
    expect(names(await pipeline(german))).toEqual(['Vertrieb', 'Lead', 'Qualifiziert', 'Angebot', 'Verhandlung']);
    const spanish = new TestClient(app.url);
    await signUpNew(spanish, { locale: 'es' });
    expect(names(await pipeline(spanish))).toEqual(['Ventas', 'Cliente potencial', 'Cualificado', 'Propuesta', 'Negociación']);
    const english = new TestClient(app.url);
    await signUpNew(english, { locale: 'en' });
    expect(names(await pipeline(english))).toEqual(['Sales', 'Lead', 'Qualified', 'Proposal', 'Negotiation']);
  });

  it("follow the creator's chosen language for a further account, or the language the app asks for", async () => {
    const client = new TestClient(app.url);
    await signUpVerified(client, { locale: 'es' });
    const second = await client.data(createAccount, { input: { name: 'Segunda', planCode: 'TEAM' } });
    client.token = second.createAccount.accessToken;
    expect((await pipeline(client)).phases[3].name).toBe('Negociación');
    // The web app sends the language on screen.
    const third = await client.data(createAccount, { input: { name: 'Dritte', planCode: 'TEAM', locale: 'de' } });
    client.token = third.createAccount.accessToken;
    expect((await pipeline(client)).phases[3].name).toBe('Verhandlung');
  });

  it('refuses a language the app does not speak, creating nothing', async () => {
    const client = new TestClient(app.url);
    const { auth } = await signUpVerified(client);
    const owned = () => withClient(app.database.url, async (db) => Number((await db.query('select count(*) from membership where user_id = $1', [auth.user.id])).rows[0].count));
    const { errors } = await client.request(createAccount, { input: { name: 'Nope', planCode: 'TEAM', locale: 'fr' } });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'locale' });
    expect(await owned()).toBe(1);
  });
});

describe('a login created without a language', () => {
  it('has none stored (the web app then follows the browser), and English defaults', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    expect((await client.data('{ me { user { locale } } }')).me.user.locale).toBeNull();
    expect(names(await pipeline(client))[1]).toBe('Lead');
    expect((await client.data('mutation { setLocale(locale: "de") { locale } }')).setLocale.locale).toBe('de');
  });
});
