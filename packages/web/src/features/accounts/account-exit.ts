import type { MeQuery } from '@kontor/sdk';
import { paths } from '../../ui/paths';

type Membership = Pick<MeQuery['me']['memberships'][number], 'status'> & { account: { id: string; slug: string } };

/**
 * Where a user lands after leaving or deleting an account: the first other
 * account they are still an active member of, else the screen that lets
 * them choose or create one.
 */
export function landingAfterExit(memberships: readonly Membership[], leftAccountId: string): string {
  const next = memberships.find((m) => m.status === 'ACTIVE' && m.account.id !== leftAccountId);
  return next ? paths.account(next.account.slug) : '/accounts';
}

/** Whether the typed name confirms deleting the account; the server compares the same way (trimmed, exact). */
export function confirmsAccountName(typed: string, accountName: string): boolean {
  return typed.trim() === accountName;
}
