import type { AccountRight } from '@kontor/sdk';
import { describe, expect, it } from 'vitest';
import { rightsOf } from '../src/session/rights';

describe('rightsOf: can(right) from the rights the server sent', () => {
  it('answers yes exactly for the rights the membership holds', () => {
    const can = rightsOf({ rights: ['RECORDS_WRITE', 'RECORDS_DELETE', 'NOTES_READ_CONFIDENTIAL'] });
    expect(can('RECORDS_DELETE')).toBe(true);
    expect(can('RECORDS_WRITE')).toBe(true);
    expect(can('TEAM_MANAGE')).toBe(false);
    expect(can('BILLING_MANAGE')).toBe(false);
    expect(can('ACCOUNT_DELETE')).toBe(false);
  });

  it('holds nothing without a membership (still loading, or none in this account)', () => {
    const can = rightsOf(undefined);
    for (const right of ['RECORDS_WRITE', 'TEAM_MANAGE', 'ACCOUNT_DELETE'] as AccountRight[]) expect(can(right)).toBe(false);
  });

  it('holds nothing for a deactivated membership, which the server sends without rights', () => {
    expect(rightsOf({ rights: [] })('RECORDS_WRITE')).toBe(false);
  });

  it('never works a right out from the role: a membership is only what its rights say', () => {
    const owner = { role: 'OWNER', rights: ['RECORDS_WRITE'] as AccountRight[] };
    expect(rightsOf(owner)('ACCOUNT_DELETE')).toBe(false);
  });
});
