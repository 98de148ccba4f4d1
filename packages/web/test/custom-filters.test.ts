import { describe, expect, it } from 'vitest';
import { choicesOf, conditionsOf, filterOf, filtersOfParams, paramsWithFilters, parseNumber } from '../src/features/customfields/custom-filters';
import { field } from './custom-field-fixtures';

const text = field('aaaa-1', 'TEXT');
const money = field('bbbb-2', 'MONEY');
const date = field('cccc-3', 'DATE');
const tick = field('dddd-4', 'CHECKBOX');
const stage = field('eeee-5', 'SINGLE_CHOICE', [
  { id: 'c1', label: 'Lead' },
  { id: 'c2', label: 'Kunde' },
]);
const fields = [text, money, date, tick, stage];

describe('custom-field filters of a list', () => {
  it('offer per field kind the operators the server answers', () => {
    expect(choicesOf('TEXT')).toEqual(['contains', 'equals', 'set', 'empty']);
    expect(choicesOf('MONEY')).toEqual(['equals', 'min', 'max', 'set', 'empty']);
    expect(choicesOf('DATE')).toEqual(['equals', 'from', 'to', 'set', 'empty']);
    expect(choicesOf('CHECKBOX')).toEqual(['checked', 'unchecked']);
    expect(choicesOf('MULTIPLE_CHOICE')).toEqual(['anyOf', 'set', 'empty']);
  });

  it('survive the URL as they were, next to its other parameters, a value with dots and spaces included', () => {
    const filters = [filterOf(text.id, 'contains', 'Dr. Müller & Co'), filterOf(money.id, 'min', '1.000,50'), filterOf(stage.id, 'anyOf', 'c1,c2'), filterOf(date.id, 'empty', '')];
    const params = paramsWithFilters(new URLSearchParams('q=ada&sort=NAME_DESC'), filters);
    const again = new URLSearchParams(params.toString());
    expect(filtersOfParams(again)).toEqual(filters);
    expect(again.get('q')).toBe('ada');
    expect(again.get('sort')).toBe('NAME_DESC');
    expect(filtersOfParams(new URLSearchParams('cf=nonsense&cf=aaaa-1.drop.x'))).toEqual([]);
  });

  it('become one condition per field, a range from "at least" and "at most", typed after the field', () => {
    const filters = [
      filterOf(money.id, 'min', '1.000,50'),
      filterOf(money.id, 'max', '2000'),
      filterOf(text.id, 'equals', ' Berlin '),
      filterOf(date.id, 'from', '2026-01-01'),
      filterOf(tick.id, 'unchecked', ''),
      filterOf(stage.id, 'anyOf', 'c2,gone'),
      filterOf(text.id, 'set', ''),
    ];
    expect(conditionsOf(filters, fields)).toEqual([
      { fieldId: money.id, min: 1000.5, max: 2000 },
      { fieldId: text.id, text: 'Berlin', isSet: true },
      { fieldId: date.id, from: '2026-01-01' },
      { fieldId: tick.id, checked: false },
      { fieldId: stage.id, anyOf: ['c2'] },
    ]);
  });

  it('leave out what no longer fits: a deleted field, an operator of another kind, a value that is no number or date', () => {
    const filters = [filterOf('ffff-9', 'contains', 'x'), filterOf(tick.id, 'contains', 'x'), filterOf(money.id, 'min', 'viel'), filterOf(date.id, 'to', '31.12.2026')];
    expect(conditionsOf(filters, fields)).toEqual([]);
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('1234.5')).toBe(1234.5);
    expect(parseNumber('')).toBeUndefined();
  });
});
