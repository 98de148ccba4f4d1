import { describe, expect, it } from 'vitest';
import { Role } from '../accounts/roles.js';
import { mayAssignRole, mayChangeMember, ownsAccount, rightToChangeMember } from './member-rules.js';

const { OWNER, CO_OWNER, EXTENDED, NORMAL } = Role;

describe('who may change whose role or access', () => {
  // Rows: the actor; columns: the member changed (OWNER, CO_OWNER, EXTENDED, NORMAL).
  const expected: Record<Role, [boolean, boolean, boolean, boolean]> = {
    [OWNER]: [true, true, true, true],
    [CO_OWNER]: [false, true, true, true],
    [EXTENDED]: [false, false, false, false],
    [NORMAL]: [false, false, false, false],
  };
  const targets = [OWNER, CO_OWNER, EXTENDED, NORMAL];
  for (const actor of Object.values(Role)) {
    for (const [i, target] of targets.entries()) {
      it(`${actor} ${expected[actor][i] ? 'may' : 'may not'} change ${target}`, () => {
        expect(mayChangeMember(actor, target)).toBe(expected[actor][i]);
      });
    }
  }

  it('names the right that is missing', () => {
    expect(Object.fromEntries(targets.map((target) => [target, rightToChangeMember(target)]))).toEqual({
      [OWNER]: 'team.manageOwner',
      [CO_OWNER]: 'team.manage',
      [EXTENDED]: 'team.manage',
      [NORMAL]: 'team.manage',
    });
  });
});

describe('the one owner', () => {
  it.each([
    [OWNER, true, false],
    [CO_OWNER, false, true],
    [EXTENDED, false, true],
    [NORMAL, false, true],
  ])('%s: owns the account %s, may be given by an invitation, a role change or an API key %s', (role, owns, assignable) => {
    expect(ownsAccount(role)).toBe(owns);
    expect(mayAssignRole(role)).toBe(assignable);
  });
});
