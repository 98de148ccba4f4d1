import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/test-app.js';
import { signUpMutation, signUpNew, TestClient, uniqueEmail } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { acceptByToken, invite, newOwner, refusal, startTeamTestApp } from '../testing/team-fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

const activeMembers = (accountId: string) =>
  withClient(app.database.url, async (client) =>
    Number((await client.query(`select count(*) from membership where account_id = $1 and status = 'ACTIVE'`, [accountId])).rows[0].count),
  );

describe('the seat limit', () => {
  it('holds under many parallel accepts: exactly the limit stays active, the rest get PLAN_LIMIT_REACHED', async () => {
    // TEAM allows 5 active users: the owner and 4 more.
    const owner = await newOwner(app.url, 'TEAM');
    const invitees: { client: TestClient; token: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const client = new TestClient(app.url);
      const { email } = await signUpNew(client, { accountName: `Invitee ${i}` });
      invitees.push({ client, token: (await invite(owner.client, email)).token });
    }

    const results = await Promise.all(invitees.map(({ client, token }) => client.request(acceptByToken, { token })));
    const accepted = results.filter((result) => !result.errors);
    const refused = results.filter((result) => result.errors);
    expect(accepted).toHaveLength(4);
    expect(refused).toHaveLength(8);
    for (const result of refused) {
      expect(result.errors![0]).toMatchObject({
        message: 'The Team package allows 5 active users, and this account has 5. Deactivate a member or choose a larger package.',
        extensions: { code: 'PLAN_LIMIT_REACHED', limit: 'users', max: 5 },
      });
    }
    expect(await activeMembers(owner.auth.account.id)).toBe(5);
    // The refused invitations are still open: they can be accepted once a seat is free.
    expect((await owner.client.data('{ invitations { status } }')).invitations).toHaveLength(8);
  });

  it('holds for sign-ups through invitations too, which then create no login', async () => {
    const owner = await newOwner(app.url, 'SOLO');
    const email = uniqueEmail('too-many');
    const { token } = await invite(owner.client, email);
    const refused = await refusal(new TestClient(app.url), signUpMutation, { input: { email, password: 'correct horse battery', invitationToken: token } });
    expect(refused).toMatchObject({ code: 'PLAN_LIMIT_REACHED', message: expect.stringContaining('allows 1 active user') });
    const users = await withClient(app.database.url, async (client) => (await client.query('select 1 from app_user where lower(email) = lower($1)', [email])).rowCount);
    expect(users).toBe(0);
    expect(await activeMembers(owner.auth.account.id)).toBe(1);
  });
});
