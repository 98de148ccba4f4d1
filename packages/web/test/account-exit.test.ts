import { describe, expect, it } from 'vitest';
import { confirmsAccountName, landingAfterExit } from '../src/features/accounts/account-exit';

const membership = (id: string, status: 'ACTIVE' | 'DEACTIVATED') => ({ status, account: { id, slug: `slug-${id}` } });

describe('landingAfterExit', () => {
  it('opens another account the user is still an active member of', () => {
    const memberships = [membership('a', 'DEACTIVATED'), membership('left', 'ACTIVE'), membership('b', 'ACTIVE')];
    expect(landingAfterExit(memberships, 'left')).toBe('/a/slug-b');
  });

  it('skips the left account even while the memberships still show it active', () => {
    expect(landingAfterExit([membership('left', 'ACTIVE')], 'left')).toBe('/accounts');
  });

  it('offers the choice of accounts when none is left', () => {
    expect(landingAfterExit([membership('left', 'DEACTIVATED'), membership('c', 'DEACTIVATED')], 'left')).toBe('/accounts');
    expect(landingAfterExit([], 'left')).toBe('/accounts');
  });
});

describe('confirmsAccountName', () => {
  it('accepts the exact name, ignoring surrounding spaces as the server does', () => {
    expect(confirmsAccountName('Nordwind GmbH', 'Nordwind GmbH')).toBe(true);
    expect(confirmsAccountName('  Nordwind GmbH ', 'Nordwind GmbH')).toBe(true);
  });

  it('refuses anything else, case included', () => {
    expect(confirmsAccountName('', 'Nordwind GmbH')).toBe(false);
    expect(confirmsAccountName('nordwind gmbh', 'Nordwind GmbH')).toBe(false);
    expect(confirmsAccountName('Nordwind', 'Nordwind GmbH')).toBe(false);
  });
});
