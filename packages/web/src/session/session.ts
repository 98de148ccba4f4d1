import type { ApolloClient } from '@apollo/client';
import {
  LogOutDocument,
  MeDocument,
  RefreshSessionDocument,
  SwitchAccountDocument,
  type MeQuery,
  type SessionAuthFragment,
} from '@kontor/sdk';
import { useSyncExternalStore } from 'react';
import { isLanguage, setLanguage } from '../i18n/i18n';
import { errorCode } from '../ui/errors';

/**
 * This tab's session. The access token lives here, in memory only: a reload
 * gets a new one from the HttpOnly refresh cookie. Each tab holds its own
 * token, scoped to the account in its URL, so two tabs can work in two
 * accounts at once while sharing the one cookie.
 */
export type Session =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | {
      status: 'signedIn';
      token: string;
      expiresAt: number;
      user: SessionAuthFragment['user'];
      account: SessionAuthFragment['account'];
    };

let current: Session = { status: 'loading' };
/** Counts switches, so that only the latest one adopts its token. */
let latestSwitch = 0;
const listeners = new Set<() => void>();
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let client: ApolloClient | undefined;

/** Renew the token this long before it expires, so a request never carries an expired one. */
const renewBeforeMs = 60_000;

function set(next: Session): void {
  current = next;
  clearTimeout(refreshTimer);
  if (next.status === 'signedIn') {
    const delay = Math.max(5_000, next.expiresAt - Date.now() - renewBeforeMs);
    refreshTimer = setTimeout(() => void renew(), delay);
  }
  for (const listener of listeners) listener();
}

export function getSession(): Session {
  return current;
}

export function accessToken(): string | undefined {
  return current.status === 'signedIn' ? current.token : undefined;
}

export function useSession(): Session {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

export function connectSession(apollo: ApolloClient): void {
  client = apollo;
}

function apollo(): ApolloClient {
  if (!client) throw new Error('connectSession(client) must run before the session is used.');
  return client;
}

/**
 * Tokens this tab already holds for the accounts it visited, so that going
 * back to one costs no round trip. Memory only, like the current token; the
 * server re-checks the membership on every request anyway.
 */
const tokensByAccount = new Map<string, SessionAuthFragment>();

/** Takes over the token of a log-in, sign-up, refresh or switch. */
export function adopt(auth: SessionAuthFragment): void {
  if (auth.account) tokensByAccount.set(auth.account.id, auth);
  // The language is remembered per user: signing in brings it along.
  if (current.status !== 'signedIn' && isLanguage(auth.user.locale)) setLanguage(auth.user.locale);
  set({ status: 'signedIn', token: auth.accessToken, expiresAt: Date.parse(auth.expiresAt), user: auth.user, account: auth.account });
}

/** The signed-in user's name or address changed (profile screen): the top bar shows the new one at once. */
export function updateSessionUser(user: Partial<SessionAuthFragment['user']>): void {
  if (current.status === 'signedIn') set({ ...current, user: { ...current.user, ...user } });
}

/**
 * On load: a token from the refresh cookie, scoped to the account in the URL
 * when there is one. An account the user may not open still leaves them
 * signed in (unscoped), so the app can say "no access" and show the way back.
 */
export async function restoreSession(accountSlug: string | undefined): Promise<void> {
  const refresh = (variables: { accountSlug?: string }) =>
    apollo().mutate({ mutation: RefreshSessionDocument, variables, fetchPolicy: 'no-cache' });
  try {
    const { data } = await refresh(accountSlug ? { accountSlug } : {});
    adopt(data!.refreshSession);
  } catch (error) {
    const code = errorCode(error);
    // A second factor the account requires: signed in unscoped, the account's layout shows the set-up in place.
    if (accountSlug && (code === 'NOT_FOUND' || code === 'FORBIDDEN' || code === 'TWO_FACTOR_REQUIRED')) {
      try {
        const { data } = await refresh({});
        adopt(data!.refreshSession);
        return;
      } catch {
        // Falls through to signed out.
      }
    }
    set({ status: 'signedOut' });
  }
}

let renewing: Promise<boolean> | undefined;

/** After the server refused this tab's token: one shared renewal for every request that was refused. True when the tab is signed in again. */
export function renewAfterRejection(): Promise<boolean> {
  renewing ??= renew()
    .then(() => current.status === 'signedIn')
    .finally(() => (renewing = undefined));
  return renewing;
}

/** Before the token expires: a new one for the same account. */
async function renew(): Promise<void> {
  if (current.status !== 'signedIn') return;
  const accountId = current.account?.id;
  try {
    const { data } = await apollo().mutate({
      mutation: RefreshSessionDocument,
      variables: accountId ? { accountId } : {},
      fetchPolicy: 'no-cache',
    });
    adopt(data!.refreshSession);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'UNAUTHENTICATED') return forget();
    // The account is out of reach (left, deactivated, deleted): the screens find out and say so.
    if (accountId && (code === 'FORBIDDEN' || code === 'NOT_FOUND')) accessRefused();
    if (accountId && code === 'TWO_FACTOR_REQUIRED') secondFactorRequired();
    set(current); // Or a network hiccup: try again on the next timer.
  }
}

const refusalListeners = new Set<() => void>();

/**
 * The server refused this tab's token in its account (FORBIDDEN). That is
 * either a right the role lacks or a membership that has ended in another
 * tab or by an owner; listeners re-read the memberships to tell which.
 */
export function accessRefused(): void {
  for (const listener of refusalListeners) listener();
}

export function onAccessRefused(listener: () => void): () => void {
  refusalListeners.add(listener);
  return () => refusalListeners.delete(listener);
}

const secondFactorListeners = new Set<() => void>();

/**
 * This tab's account now requires a second factor the login lacks
 * (TWO_FACTOR_REQUIRED: its owner turned the policy on): the account's
 * layout shows the set-up in place of its screens.
 */
export function secondFactorRequired(): void {
  for (const listener of secondFactorListeners) listener();
}

export function onSecondFactorRequired(listener: () => void): () => void {
  secondFactorListeners.add(listener);
  return () => secondFactorListeners.delete(listener);
}

/** A token held for an account the user no longer belongs to is of no use: the next visit asks the server. */
export function forgetAccountToken(accountId: string): void {
  tokensByAccount.delete(accountId);
}

/**
 * After the user left or deleted `accountId` in this tab: its token is
 * forgotten, the tab takes an unscoped token and an empty cache holding only
 * the user's fresh memberships, and `land` (which navigates away) runs in the
 * same tick as the new token, so the left account's screens are never shown
 * without one.
 */
export async function exitAccount(accountId: string, land: (me: MeQuery) => void): Promise<void> {
  tokensByAccount.delete(accountId);
  // A switch still in flight must not bring the left account back.
  latestSwitch++;
  const [auth, me] = await Promise.all([
    apollo().mutate({ mutation: RefreshSessionDocument, fetchPolicy: 'no-cache' }),
    apollo().query({ query: MeDocument, fetchPolicy: 'no-cache' }),
  ]);
  // Written before the cache is emptied too: screens still on show keep their last result through clearStore().
  apollo().writeQuery({ query: MeDocument, data: me.data! });
  await apollo().clearStore();
  apollo().writeQuery({ query: MeDocument, data: me.data! });
  adopt(auth.data!.refreshSession);
  land(me.data!);
}

/**
 * Switches this tab to another account: a new token scoped to it, then the
 * cache is emptied so that nothing of the previous account can be rendered.
 * The user's own data (the account bar) is kept, as it does not depend on
 * the account.
 */
export async function switchAccount(accountId: string): Promise<void> {
  const switchNumber = ++latestSwitch;
  const held = tokensByAccount.get(accountId);
  const auth =
    held && Date.parse(held.expiresAt) - Date.now() > renewBeforeMs
      ? held
      : (await apollo().mutate({ mutation: SwitchAccountDocument, variables: { accountId }, fetchPolicy: 'no-cache' })).data!.switchAccount;
  // A later click won: its token is the one this tab keeps.
  if (switchNumber !== latestSwitch) return;
  const me = apollo().readQuery({ query: MeDocument });
  await apollo().clearStore();
  if (me) apollo().writeQuery({ query: MeDocument, data: me });
  adopt(auth);
}

export async function logOut(): Promise<void> {
  try {
    await apollo().mutate({ mutation: LogOutDocument, fetchPolicy: 'no-cache' });
  } finally {
    await forget();
  }
}

async function forget(): Promise<void> {
  tokensByAccount.clear();
  set({ status: 'signedOut' });
  await apollo().clearStore();
}
