import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { addMember, membersQuery, newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';
import { signUpMutation, TestClient, uniqueEmail } from '../testing/test-client.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

const updateProfile = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { name firstName lastName } }';
const meName = '{ me { user { name firstName lastName } } }';
const signUpInput = (extra: Record<string, unknown>) => ({ email: uniqueEmail(), password: 'correct horse battery', accountName: 'Acme', planCode: 'TEAM', ...extra });
const usersWithEmail = (email: string) =>
  withClient(app.database.url, async (db) => (await db.query(`select count(*)::int as n from app_user where email = $1`, [email])).rows[0].n as number);

describe('the name at sign-up', () => {
  it('takes first and last name and shows them as the name', async () => {
    const client = new TestClient(app.url);
    const { signUp } = await client.data(signUpMutation, { input: signUpInput({ firstName: ' Ada ', lastName: 'Lovelace' }) });
    expect(signUp.auth.user.name).toBe('Ada Lovelace');
    client.token = signUp.auth.accessToken;
    expect((await client.data(meName)).me.user).toEqual({ name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace' });
  });

  it('refuses a first name without a last name, naming the field, and creates no login', async () => {
    const input = signUpInput({ firstName: 'Ada' });
    expect(await refusal(new TestClient(app.url), signUpMutation, { input })).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'lastName' } });
    expect(await usersWithEmail(input.email)).toBe(0);
  });
});

describe('updateProfile', () => {
  it('changes the name, which members of every account then see', async () => {
    const owner = await newOwner(app.url);
    const member = await addMember(owner.client);
    const { updateProfile: user } = await member.client.data(updateProfile, { input: { firstName: 'Grace', lastName: 'Hopper' } });
    expect(user).toEqual({ name: 'Grace Hopper', firstName: 'Grace', lastName: 'Hopper' });
    const { members } = await owner.client.data(membersQuery);
    expect((members as { email: string; name: string }[]).find((m) => m.email === member.email)?.name).toBe('Grace Hopper');
  });

  it('refuses an empty or multi-line name, naming the field, and keeps the old one', async () => {
    const client = new TestClient(app.url);
    const { signUp } = await client.data(signUpMutation, { input: signUpInput({ firstName: 'Ada', lastName: 'Lovelace' }) });
    client.token = signUp.auth.accessToken;
    expect(await refusal(client, updateProfile, { input: { firstName: ' ', lastName: 'X' } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'firstName' } });
    expect(await refusal(client, updateProfile, { input: { firstName: 'A', lastName: 'B\nC' } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'lastName' } });
    expect(await refusal(client, updateProfile, { input: { firstName: 'A', lastName: 'x'.repeat(101) } })).toMatchObject({ extensions: { field: 'lastName' } });
    expect((await client.data(meName)).me.user.name).toBe('Ada Lovelace');
  });

  it('needs a log-in', async () => {
    expect(await refusal(new TestClient(app.url), updateProfile, { input: { firstName: 'A', lastName: 'B' } })).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
