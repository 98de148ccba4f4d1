import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const setLocale = 'mutation($locale: String!) { setLocale(locale: $locale) { locale } }';

describe('setLocale', () => {
  it("remembers the user's language for the next log-in", async () => {
    const client = new TestClient(app.url);
    const { email, password } = await signUpNew(client);
    expect((await client.data(setLocale, { locale: 'es' })).setLocale.locale).toBe('es');

    const later = new TestClient(app.url);
    const { logIn } = await later.data('mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { user { locale } } }', { e: email, p: password });
    expect(logIn.user.locale).toBe('es');
  });

  it('refuses a language the app does not speak, naming the field, and keeps the old one', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    await client.data(setLocale, { locale: 'de' });
    const { errors } = await client.request(setLocale, { locale: 'fr' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'locale' });
    expect((await client.data('{ me { user { locale } } }')).me.user.locale).toBe('de');
  });

  it('is refused without a log-in', async () => {
    const { errors } = await new TestClient(app.url).request(setLocale, { locale: 'de' });
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
