import { AccountScope } from '../request/account-scope.js';
import { Role } from '../accounts/roles.js';
import type { BillingDeps } from '../billing/invoice-run.js';
import { loadConfig } from '../config/config.js';
import { silentLogger } from '../logging/logger.js';
import type { TestApp } from './test-app.js';
import { authFields, signUpNew, TestClient } from './test-client.js';
import { withClient } from './test-database.js';

export const testBilling = loadConfig({ NODE_ENV: 'test' }).billing;

export const billingDeps = (app: TestApp, extra: Partial<BillingDeps> = {}): BillingDeps => ({
  orm: app.orm,
  billing: testBilling,
  logger: silentLogger,
  ...extra,
});

/** A new owner with a new account; the client holds a token scoped to it. */
export async function newOwner(app: TestApp, overrides: { accountName?: string; planCode?: string } = {}) {
  const client = new TestClient(app.url);
  const signedUp = await signUpNew(client, overrides);
  const account = signedUp.auth.account as { id: string; name: string; slug: string; plan: { code: string } };
  return { client, account, userId: signedUp.auth.user.id as string, email: signedUp.email };
}

/**
 * Moves an account's creation (and so its trial and first package) back in
 * time, as if it had been created at `createdAt`: billing tests need months
 * that are over.
 */
export async function backdateAccount(app: TestApp, accountId: string, createdAt: Date): Promise<void> {
  await withClient(app.database.url, async (db) => {
    await db.query('update account set created_at = $2 where id = $1', [accountId, createdAt]);
    await db.query(`update subscription set trial_ends_at = $2::timestamptz + interval '30 days' where account_id = $1`, [accountId, createdAt]);
    await db.query('update plan_change set changed_at = $2 where account_id = $1 and from_plan_code is null', [accountId, createdAt]);
  });
}

/** A member of `accountId` with `role`: a user of their own who is added to the account, with a client scoped to it. */
export async function newMember(app: TestApp, accountId: string, role: Role): Promise<TestClient> {
  const { client, userId } = await newOwner(app, { accountName: `Own ${role}` });
  await withClient(app.database.url, (db) =>
    db.query(`insert into membership (id, user_id, account_id, role, status) values (gen_random_uuid(), $1, $2, $3, 'ACTIVE')`, [userId, accountId, role]),
  );
  const switched = await client.data(`mutation($id: ID!) { switchAccount(accountId: $id) { ${authFields} } }`, { id: accountId });
  client.token = switched.switchAccount.accessToken;
  return client;
}

/** The account scope a request of the owner would get, for calling services with an injected "now". */
export async function ownerScope(app: TestApp, accountId: string): Promise<AccountScope> {
  const [row] = await app.orm.em
    .fork()
    .execute<{ name: string; slug: string; schema_name: string; plan_code: string; membership_id: string; user_id: string }[]>(
      `select a.name, a.slug, a.schema_name, a.plan_code, m.id as membership_id, m.user_id
       from account a join membership m on m.account_id = a.id and m.role = 'OWNER' where a.id = ?`,
      [accountId],
    );
  return AccountScope.verified(
    app.orm,
    {
      account: { id: accountId, name: row!.name, slug: row!.slug, schemaName: row!.schema_name, planCode: row!.plan_code },
      membership: { id: row!.membership_id, role: Role.OWNER },
    },
    row!.user_id,
  );
}

/** Runs `work` with an owner's scope and ends its transaction, as a request would. */
export async function asOwner<T>(app: TestApp, accountId: string, work: (scope: AccountScope) => Promise<T>): Promise<T> {
  const scope = await ownerScope(app, accountId);
  try {
    const result = await work(scope);
    await scope.finish(true);
    return result;
  } catch (error) {
    await scope.finish(false);
    throw error;
  }
}

/**
 * The text of an uncompressed PDF made with the standard fonts: the strings
 * of its text operators (TJ arrays of hex strings, WinAnsi), one line per operator.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  for (const [, array] of source.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ/g)) {
    let line = '';
    for (const [, hex] of array!.matchAll(/<([0-9a-fA-F]*)>/g)) line += Buffer.from(hex!, 'hex').toString('latin1');
    lines.push(line.replace(/\x80/g, '€'));
  }
  return lines.join('\n');
}
