import { Role } from '../accounts/roles.js';
import { can, type Right } from './account-rights.js';

/**
 * Who may change whom in an account's team, and the one-owner rule, as named
 * predicates over the rights table: the team services ask these rather than
 * comparing roles themselves.
 */

/** The right needed to change a member's role or access: touching the owner needs more than managing the team. */
export function rightToChangeMember(targetRole: Role): Right {
  return ownsAccount(targetRole) ? 'team.manageOwner' : 'team.manage';
}

/** Whether a member with `actorRole` may change the role or access of a member with `targetRole`. */
export function mayChangeMember(actorRole: Role, targetRole: Role): boolean {
  return can(actorRole, rightToChangeMember(targetRole));
}

/**
 * Whether the role is the account's one owner. The owner cannot leave, nor be
 * demoted or deactivated (not even by themselves), or the account would have
 * none: ownership moves only by transferOwnership.
 */
export function ownsAccount(role: Role): boolean {
  return role === Role.OWNER;
}

/** The roles an invitation, a role change or an API key may give: every role but the owner's, which only transferOwnership hands on. */
export const assignableRoles: readonly Role[] = Object.values(Role).filter((role) => !ownsAccount(role));

export function mayAssignRole(role: Role): boolean {
  return assignableRoles.includes(role);
}
