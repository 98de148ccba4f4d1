import { describe, expect, it } from 'vitest';
import { Role } from '../accounts/roles.js';
import { can, lowerRole, maxDeletesPerRequest, peopleOnlyRights, rights, rolesByRights, type Right } from './account-rights.js';

// The rights of the four roles, written out role by role: a change to the rights must change this test.
const expected: Record<Role, Right[]> = {
  [Role.OWNER]: Object.keys(rights) as Right[],
  [Role.CO_OWNER]: ['records.write', 'records.delete', 'records.bulkDelete', 'records.import', 'records.export', 'notes.readConfidential', 'team.manage', 'account.settings', 'billing.manage', 'apiKeys.manage', 'webhooks.manage', 'privacy.requests', 'fields.manage', 'audit.read', 'account.package'],
  [Role.EXTENDED]: ['records.write', 'records.delete', 'records.export', 'notes.readConfidential'],
  [Role.NORMAL]: ['records.write'],
};

describe('account rights', () => {
  for (const role of Object.values(Role)) {
    for (const right of Object.keys(rights) as Right[]) {
      const allowed = expected[role].includes(right);
      it(`${role} ${allowed ? 'may' : 'may not'} ${right}`, () => {
        expect(can(role, right)).toBe(allowed);
      });
    }
  }
});

describe('rights an API key never holds', () => {
  // What a key could use to outlast its own revocation: grant access, mint keys, send data out, or end the account.
  const expectedPeopleOnly: Right[] = [
    'team.manage',
    'team.manageOwner',
    'account.transferOwnership',
    'account.delete',
    'account.settings',
    'account.security',
    'billing.manage',
    'apiKeys.manage',
    'webhooks.manage',
    'privacy.requests',
    'fields.manage',
    'audit.read',
    'account.package',
  ];

  it("are exactly the rights that decide access, money, keys, webhooks, privacy requests, reading the audit trail, the whole account as a package and the account's shape (settings, custom fields)", () => {
    expect([...peopleOnlyRights].sort()).toEqual([...expectedPeopleOnly].sort());
  });
});

describe('the order of roles', () => {
  // An API key is capped at the lower of its role and its creator's: that is only safe while the rights are nested.
  it('is nested: each role holds every right of the roles below it', () => {
    expect([...rolesByRights].sort()).toEqual(Object.values(Role).sort());
    for (const [i, role] of rolesByRights.entries()) {
      for (const lower of rolesByRights.slice(i + 1)) {
        for (const right of Object.keys(rights) as Right[]) {
          if (can(lower, right)) expect(can(role, right), `${role} lacks ${right}, which ${lower} holds`).toBe(true);
        }
      }
    }
  });

  it('gives the lower of two roles', () => {
    expect(lowerRole(Role.CO_OWNER, Role.NORMAL)).toBe(Role.NORMAL);
    expect(lowerRole(Role.EXTENDED, Role.OWNER)).toBe(Role.EXTENDED);
    expect(lowerRole(Role.CO_OWNER, Role.CO_OWNER)).toBe(Role.CO_OWNER);
  });
});

describe('records deleted per request', () => {
  it.each([
    [Role.OWNER, Infinity],
    [Role.CO_OWNER, Infinity],
    [Role.EXTENDED, 10],
    [Role.NORMAL, 0],
  ])('%s: at most %s', (role, max) => {
    expect(maxDeletesPerRequest(role)).toBe(max);
  });
});
