import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';

/**
 * Several mutations in one request run in order and stop at the first
 * failure; the answer is then `data: null`, and nothing of the request stays
 * stored, so a client that retries does not duplicate anything.
 */
let app: TestApp;
let client: TestClient;
beforeAll(async () => {
  app = await startTestApp();
  client = new TestClient(app.url);
  await signUpNew(client);
});
afterAll(async () => {
  await app.stop();
});

const stored = async (lastName: string) =>
  (await client.data<{ people: { totalCount: number } }>('query($t: String!) { people(filter: { text: $t }) { totalCount } }', { t: lastName })).people.totalCount;

describe('several mutations in one request', () => {
  it('bad then good: the first fails, the second never runs, nothing is stored', async () => {
    const result = await client.request('mutation { a: createPerson(input: { lastName: "" }) { id } b: createPerson(input: { lastName: "Afterbad" }) { id } }');
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['a'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(await stored('Afterbad')).toBe(0);
  });

  it('good then bad: the answer is data: null, and the first one is not kept either', async () => {
    const result = await client.request('mutation { a: createPerson(input: { lastName: "Beforebad" }) { id } b: createPerson(input: { lastName: "" }) { id } }');
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['b'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(await stored('Beforebad')).toBe(0);
  });

  it('all good: each runs in order and shows in the answer', async () => {
    const result = await client.data(
      'mutation { a: createPerson(input: { lastName: "Serial" firstName: "One" }) { firstName } b: createPerson(input: { lastName: "Serial" firstName: "Two" }) { firstName } }',
    );
    expect(result).toEqual({ a: { firstName: 'One' }, b: { firstName: 'Two' } });
    expect(await stored('Serial')).toBe(2);
  });

  it('a later request is not affected by an earlier one that was rolled back', async () => {
    await client.request('mutation { a: createPerson(input: { lastName: "Rolled" }) { id } b: createTag(input: { name: "" }) { id } }');
    await client.data('mutation { createPerson(input: { lastName: "Kept" }) { id } }');
    expect([await stored('Rolled'), await stored('Kept')]).toEqual([0, 1]);
  });

  it('refuses a mutation that commits on its own beside others, before any runs', async () => {
    const result = await client.request('mutation { createPerson(input: { lastName: "Mixed" }) { id } setLocale(locale: "de") { locale } }');
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'setLocale' });
    expect(await stored('Mixed')).toBe(0);
    // Alone, it runs.
    expect((await client.data('mutation { setLocale(locale: "de") { locale } }')).setLocale.locale).toBe('de');
  });
});

describe('which mutations may share a request', () => {
  it('those that must come alone (they commit outside the request transaction) are exactly these', async () => {
    const { buildKontorSchema } = await import('../schema.js');
    const fields = Object.values((await buildKontorSchema()).getMutationType()!.getFields());
    const alone = fields.filter((field) => !field.extensions?.undoneWithRequest).map((field) => field.name);
    // Log-in and sessions, team, billing, API keys, accounts: the global schema and mails. setTaskDoneInAccount: a transaction of its own
    // in the account it names; copyRecords: one in the target account. Custom field definitions: their columns change in transactions of their own.
    // startImport, startAccountPackage: the job goes into pg-boss on its own connection. Everything else changes the
    // account's records only.
    expect(alone.sort()).toEqual([
      'acceptInvitation',
      'addPasskey',
      'changePassword',
      'changePlan',
      'completeLogInWithPasskey',
      'confirmEmailChange',
      'confirmTwoFactorSetup',
      'copyRecords',
      'createAccount',
      'createApiKey',
      'createCalendarFeed',
      'createCustomField',
      'deactivateMember',
      'deleteAccount',
      'deleteCustomField',
      'disableTwoFactor',
      'endOtherSessions',
      'endSession',
      'inviteUser',
      'leaveAccount',
      'logIn',
      'logInWithPasskey',
      'logOut',
      'mergeLogin',
      'mergeLoginByLink',
      'reactivateMember',
      'refreshSession',
      'regenerateRecoveryCodes',
      'removePasskey',
      'requestEmailChange',
      'requestLoginMergeLink',
      'requestPasswordReset',
      'resendInvitation',
      'resendVerificationEmail',
      'resetPassword',
      'revokeApiKey',
      'revokeCalendarFeed',
      'setLocale',
      'setMemberRole',
      'setTaskDoneInAccount',
      'setTwoFactorRequired',
      'signUp',
      'startAccountPackage',
      'startImport',
      'startPasskeyLogIn',
      'startPasskeyRegistration',
      'startTwoFactorSetup',
      'switchAccount',
      'transferOwnership',
      'updateBillingDetails',
      'updateCustomField',
      'updateProfile',
      'verifyEmail',
      'withdrawInvitation',
    ]);
  });
});
