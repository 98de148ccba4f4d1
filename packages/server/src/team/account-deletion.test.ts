import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../db/migrate.js';
import { silentLogger } from '../logging/logger.js';
import type { TestApp } from '../testing/test-app.js';
import { withClient } from '../testing/test-database.js';
import { addMember, invite, newOwner, refusal, startTeamTestApp, uniqueEmail } from '../testing/team-fixtures.js';
import { accountSchemaName } from '../db/account-schema.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTeamTestApp();
});
afterAll(async () => {
  await app.stop();
});

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(app.database.url, async (client) => (await client.query(text, params)).rows as T[]);
const schemaExists = async (schema: string) => (await sql('select 1 from pg_namespace where nspname = $1', [schema])).length === 1;
const roleExists = async (role: string) => (await sql('select 1 from pg_roles where rolname = $1', [role])).length === 1;
const deleteAccount = (name: string) => `mutation { deleteAccount(confirmName: ${JSON.stringify(name)}) }`;

describe('deleteAccount', () => {
  it("drops the account's schema and role and its global rows; every token for it stops working; other accounts stay intact", async () => {
    const doomed = await newOwner(app.url, 'TEAM', 'Doomed Ltd');
    const member = await addMember(doomed.client, 'CO_OWNER');
    await invite(doomed.client, uniqueEmail());
    const survivor = await newOwner(app.url, 'TEAM', 'Survivor Inc');
    const person = randomUUID();
    await sql(`insert into ${accountSchemaName(survivor.auth.account.id)}.person (id, last_name) values ($1, 'Still here')`, [person]);
    const doomedId = doomed.auth.account.id;
    const doomedSchema = accountSchemaName(doomedId);

    expect((await doomed.client.data(deleteAccount('Doomed Ltd'))).deleteAccount).toBe(true);

    expect(await schemaExists(doomedSchema)).toBe(false);
    expect(await roleExists(doomedSchema)).toBe(false);
    for (const table of ['account where id', 'membership where account_id', 'invitation where account_id', 'mail_outbox where account_id']) {
      expect(await sql(`select 1 from ${table} = $1`, [doomedId])).toEqual([]);
    }
    // Users are kept: they log in to their other accounts.
    expect(await sql('select 1 from app_user where id = any($1)', [[doomed.auth.user.id, member.userId]])).toHaveLength(2);

    expect(await refusal(doomed.client, '{ members { id } }')).toMatchObject({ code: 'FORBIDDEN', message: 'You are no longer a member of this account.' });
    expect(await refusal(member.client, '{ members { id } }')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(member.client, `mutation { switchAccount(accountId: "${doomedId}") { accessToken } }`)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await doomed.client.data('{ me { memberships { id } } }')).me.memberships).toEqual([]);
    const { switchAccount } = await member.client.data(`mutation { switchAccount(accountId: "${member.ownAccountId}") { accessToken } }`);
    member.client.token = switchAccount.accessToken;
    expect((await member.client.data('{ currentAccount { name } }')).currentAccount.name).toBe('Own');

    expect(await schemaExists(accountSchemaName(survivor.auth.account.id))).toBe(true);
    expect(await schemaExists(accountSchemaName(member.ownAccountId))).toBe(true);
    expect(await sql(`select last_name from ${accountSchemaName(survivor.auth.account.id)}.person where id = $1`, [person])).toEqual([{ last_name: 'Still here' }]);
    expect((await survivor.client.data('{ members { role } }')).members).toEqual([{ role: 'OWNER' }]);
  });

  it('keeps an anonymised row when records that must be kept refer to the account, deleting everything else', async () => {
    // Stands for invoices: kept by law, so they refuse the account row's deletion.
    await sql(`create table if not exists kept_record (id serial primary key, account_id uuid not null references account (id))`);
    const doomed = await newOwner(app.url, 'TEAM', 'Invoiced GmbH');
    const member = await addMember(doomed.client, 'NORMAL');
    await invite(doomed.client, uniqueEmail());
    const id = doomed.auth.account.id;
    await sql('insert into kept_record (account_id) values ($1)', [id]);

    expect((await doomed.client.data(deleteAccount('Invoiced GmbH'))).deleteAccount).toBe(true);

    expect(await schemaExists(accountSchemaName(id))).toBe(false);
    expect(await roleExists(accountSchemaName(id))).toBe(false);
    expect(await sql('select name, slug, created_by_user_id, deleted_at is not null as deleted from account where id = $1', [id])).toEqual([
      { name: 'Deleted account', slug: `deleted-${id.replace(/-/g, '')}`, created_by_user_id: null, deleted: true },
    ]);
    for (const table of ['membership', 'invitation', 'mail_outbox']) expect(await sql(`select 1 from ${table} where account_id = $1`, [id])).toEqual([]);
    expect(await sql('select 1 from kept_record where account_id = $1', [id])).toHaveLength(1);
    expect(await refusal(member.client, '{ members { id } }')).toMatchObject({ code: 'FORBIDDEN' });
    // The next start migrates every account schema but the dropped one.
    await expect(migrateDatabase(app.orm, silentLogger)).resolves.toBeDefined();
    // The name is free again.
    expect((await newOwner(app.url, 'TEAM', 'Invoiced GmbH')).auth.account.name).toBe('Invoiced GmbH');
  });

  it('refuses a name that does not match, and changes nothing', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Keep Me');
    expect(await refusal(owner.client, deleteAccount('keep me'))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'confirmName' } });
    expect(await schemaExists(accountSchemaName(owner.auth.account.id))).toBe(true);
    expect((await owner.client.data('{ currentAccount { name } }')).currentAccount.name).toBe('Keep Me');
  });

  it('is refused to co-owners, extended and normal members', async () => {
    const owner = await newOwner(app.url, 'TEAM', 'Protected');
    for (const role of ['CO_OWNER', 'EXTENDED', 'NORMAL'] as const) {
      const member = await addMember(owner.client, role);
      expect(await refusal(member.client, deleteAccount('Protected'))).toMatchObject({ code: 'FORBIDDEN', extensions: { right: 'account.delete' } });
    }
    expect(await schemaExists(accountSchemaName(owner.auth.account.id))).toBe(true);
  });
});
