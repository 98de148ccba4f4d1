import type { CustomValueFragment } from '@kontor/sdk';
import { describe, expect, it } from 'vitest';
import { formValuesOf, valueInputs } from '../src/features/customfields/custom-values';
import { field } from './custom-field-fixtures';

const fields = [field('region', 'TEXT'), field('budget', 'MONEY'), field('vip', 'CHECKBOX'), field('topics', 'MULTIPLE_CHOICE', [{ id: 'c1', label: 'Sales' }])];
const stored: CustomValueFragment[] = [
  { __typename: 'TextValue', field: { id: 'region' }, text: 'Nord' },
  { __typename: 'MoneyValue', field: { id: 'budget' }, amount: 12.5, currency: 'EUR' },
];

describe('custom values in a form', () => {
  it('start from the stored values, empty where there is none', () => {
    expect(formValuesOf(fields, stored)).toEqual({ region: 'Nord', budget: '12.5', vip: false, topics: [] });
  });

  it('send only what changed, typed after the field, an emptied one as null', () => {
    const before = formValuesOf(fields, stored);
    expect(valueInputs(fields, { ...before, region: '', budget: '12,75', topics: ['c1'] }, before)).toEqual([
      { fieldId: 'region', text: null },
      { fieldId: 'budget', amount: 12.75 },
      { fieldId: 'topics', choiceIds: ['c1'] },
    ]);
    expect(valueInputs(fields, before, before)).toEqual([]);
  });

  it('for a new record, send the fields that were filled in', () => {
    const empty = formValuesOf(fields);
    expect(valueInputs(fields, { ...empty, vip: true })).toEqual([{ fieldId: 'vip', checked: true }]);
  });
});
