import { useState } from 'react';
import { useNavigate } from 'react-router';
import { exitAccount } from '../../session/session';
import { landingAfterExit } from './account-exit';

/**
 * After the user left or deleted an account in this tab: a token without
 * it, fresh memberships (the account bar drops it at once), and a landing
 * in another account of theirs or on the choice of accounts.
 */
export function useExitAccount() {
  const navigate = useNavigate();
  const [exiting, setExiting] = useState(false);
  return {
    /** From the server's answer until the landing elsewhere, e.g. to keep a dialog's button off. */
    exiting,
    async exit(accountId: string): Promise<void> {
      setExiting(true);
      try {
        await exitAccount(accountId, (me) => navigate(landingAfterExit(me.me.memberships, accountId), { replace: true }));
      } catch {
        // The account is gone either way; a fresh start from the cookie lands the user on what is left.
        window.location.assign('/');
      }
    },
  };
}
