import type { DealDetailsFragment } from '@kontor/sdk';
import { describe, expect, it } from 'vitest';
import { createDealInput, dealChanges, dealValues, newDealValues, parseAmountCents } from '../src/features/deals/deal-form-values';

const deal: DealDetailsFragment = {
  id: 'd1',
  title: 'Website relaunch',
  status: 'OPEN',
  probability: 20,
  targetDate: null,
  value: { amountCents: 1_250_000, currency: 'EUR' },
  phase: { id: 'ph1', name: 'Lead' },
  company: { id: 'c1', name: 'Nordwind GmbH' },
  people: [{ id: 'p1', firstName: 'Anna', lastName: 'Alpha' }],
  responsibleUser: { id: 'u1', name: 'Uma User' },
  tags: [
    { id: 't1', name: 'Hot', color: '#c00', createdAt: '2026-11-01T00:00:00.000Z' },
    { id: 't2', name: 'Web', color: '#00c', createdAt: '2026-11-01T00:00:00.000Z' },
  ],
  customFields: [],
  notes: [],
};

describe('parseAmountCents', () => {
  it('reads whole amounts, decimals after either separator, and thousands groups', () => {
    expect(parseAmountCents('')).toBe(0);
    expect(parseAmountCents('12500')).toBe(1_250_000);
    expect(parseAmountCents('12,5')).toBe(1250);
    expect(parseAmountCents('12.50')).toBe(1250);
    expect(parseAmountCents('12,500')).toBe(1_250_000);
    expect(parseAmountCents('12.500')).toBe(1_250_000);
    expect(parseAmountCents('1.234.567')).toBe(123_456_700);
    expect(parseAmountCents('1.234,56')).toBe(123_456);
    expect(parseAmountCents('1,234.56')).toBe(123_456);
    expect(parseAmountCents(' 18 000 ')).toBe(1_800_000);
    expect(parseAmountCents('0.05')).toBe(5);
  });

  it('refuses negatives, letters and more than two decimals', () => {
    for (const typed of ['-5', '12a', '1.2.3,456', '€5', '.', '1.0055']) {
      expect(parseAmountCents(typed), typed).toBeUndefined();
    }
  });
});

describe('dealValues', () => {
  it('prefills the form from the deal, amounts in the main unit', () => {
    expect(dealValues(deal)).toEqual({
      title: 'Website relaunch',
      amount: '12500',
      currency: 'EUR',
      probability: 20,
      targetDate: '',
      status: 'OPEN',
      phaseId: 'ph1',
      companyId: 'c1',
      people: [{ id: 'p1', firstName: 'Anna', lastName: 'Alpha' }],
      responsibleUserId: 'u1',
      tagIds: ['t1', 't2'],
    });
    expect(dealValues({ ...deal, value: { amountCents: 1050, currency: 'USD' } }).amount).toBe('10.50');
  });
});

describe('dealChanges', () => {
  it('sends nothing when nothing changed, tags in another order included', () => {
    const before = dealValues(deal);
    expect(dealChanges(before, { ...before, tagIds: ['t2', 't1'] })).toEqual({});
  });

  it('sends only what changed, with cleared choices as null', () => {
    const before = dealValues(deal);
    const after = { ...before, title: 'Relaunch 2.0', amount: '18.000', status: 'WON' as const, companyId: '', targetDate: '2027-03-31', people: [] };
    expect(dealChanges(before, after)).toEqual({
      title: 'Relaunch 2.0',
      value: { amountCents: 1_800_000, currency: 'EUR' },
      status: 'WON',
      companyId: null,
      targetDate: '2027-03-31',
      personIds: [],
    });
    expect(dealChanges(before, { ...before, currency: 'USD' })).toEqual({ value: { amountCents: 1_250_000, currency: 'USD' } });
  });
});

describe('createDealInput', () => {
  it('leaves unchosen phase and company out, so the server picks its defaults', () => {
    expect(createDealInput({ ...newDealValues('u1'), title: 'New', amount: '99' }, 'pl1')).toEqual({
      title: 'New',
      pipelineId: 'pl1',
      phaseId: undefined,
      companyId: undefined,
      responsibleUserId: 'u1',
      value: { amountCents: 9900, currency: 'EUR' },
      probability: 0,
      targetDate: null,
      status: 'OPEN',
      personIds: [],
      tagIds: [],
    });
  });
});
