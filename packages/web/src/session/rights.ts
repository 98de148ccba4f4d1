import type { AccountRight } from '@kontor/sdk';

/** Asks whether the current member holds a right: `can('TEAM_MANAGE')`. */
export type Can = (right: AccountRight) => boolean;

/**
 * The rights the server sent with a membership (`Membership.rights`, from the
 * one rights table), as the question screens ask. The web app never works
 * rights out from roles: no membership (still loading, or none) holds none.
 * Screens only hide what a member may not do; the server refuses it anyway.
 */
export function rightsOf(membership: { rights: readonly AccountRight[] } | undefined): Can {
  const held = new Set(membership?.rights);
  return (right) => held.has(right);
}
