import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enumNameOf, rightsOf } from '../policies/account-right.enum.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { memberWithRole, signUpNew, TestClient } from '../testing/test-client.js';
import { withClient } from '../testing/test-database.js';
import { Role } from './roles.js';

let app: TestApp;
let owner: TestClient;
let accountId: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = new TestClient(app.url);
  accountId = (await signUpNew(owner, { planCode: 'BUSINESS' })).auth.account.id;
});
afterAll(async () => {
  await app.stop();
});

async function rightsIn(client: TestClient, id: string): Promise<string[]> {
  const { me } = await client.data('{ me { memberships { rights account { id } } } }');
  return (me.memberships as { rights: string[]; account: { id: string } }[]).find((m) => m.account.id === id)!.rights;
}

describe('Membership.rights', () => {
  it('answers, for every role, exactly the rights the table gives it, as AccountRight values', async () => {
    const members: Record<Role, TestClient> = {
      [Role.OWNER]: owner,
      [Role.CO_OWNER]: await memberWithRole(app.url, app.database.url, accountId, 'CO_OWNER'),
      [Role.EXTENDED]: await memberWithRole(app.url, app.database.url, accountId, 'EXTENDED'),
      [Role.NORMAL]: await memberWithRole(app.url, app.database.url, accountId, 'NORMAL'),
    };
    for (const role of Object.values(Role)) {
      expect(await rightsIn(members[role], accountId), role).toEqual(rightsOf(role).map(enumNameOf));
    }
    // Spelled out, so a change of the table or of the names shows here too.
    expect(await rightsIn(members.NORMAL, accountId)).toEqual(['RECORDS_WRITE']);
    expect(await rightsIn(members.EXTENDED, accountId)).toEqual(['RECORDS_WRITE', 'RECORDS_DELETE', 'RECORDS_EXPORT', 'NOTES_READ_CONFIDENTIAL']);
    expect(await rightsIn(owner, accountId)).toEqual([
      'RECORDS_WRITE',
      'RECORDS_DELETE',
      'RECORDS_BULK_DELETE',
      'RECORDS_IMPORT',
      'RECORDS_EXPORT',
      'NOTES_READ_CONFIDENTIAL',
      'TEAM_MANAGE',
      'TEAM_MANAGE_OWNER',
      'ACCOUNT_TRANSFER_OWNERSHIP',
      'ACCOUNT_DELETE',
      'ACCOUNT_SETTINGS',
      'ACCOUNT_SECURITY',
      'BILLING_MANAGE',
      'API_KEYS_MANAGE',
      'WEBHOOKS_MANAGE',
      'PRIVACY_REQUESTS',
      'FIELDS_MANAGE',
      'AUDIT_READ',
      'ACCOUNT_PACKAGE',
    ]);
  });

  it('is empty while the membership is deactivated: such a member may do nothing there', async () => {
    const member = await memberWithRole(app.url, app.database.url, accountId, 'CO_OWNER');
    const { me } = await member.data('{ me { user { id } } }');
    await withClient(app.database.url, (db) =>
      db.query(`update membership set status = 'DEACTIVATED' where user_id = $1 and account_id = $2`, [me.user.id, accountId]),
    );
    expect(await rightsIn(member, accountId)).toEqual([]);
  });

  it('lists every right of the enum in the schema, each with a description', async () => {
    const { __type } = await owner.data('{ __type(name: "AccountRight") { enumValues { name description } } }');
    expect(__type.enumValues.map((v: { name: string }) => v.name)).toEqual(rightsOf(Role.OWNER).map(enumNameOf));
    for (const value of __type.enumValues) expect(value.description, value.name).toBeTruthy();
  });
});
