import { describe, expect, it } from 'vitest';
import { billMonth, invoiceTotals, roundHalfUp, vatCents, type PlanPrice } from './proration.js';

const plans = new Map<string, PlanPrice>([
  ['TEAM', { code: 'TEAM', name: 'Team', priceCents: 4900 }],
  ['BUSINESS', { code: 'BUSINESS', name: 'Business', priceCents: 14900 }],
  ['ODD', { code: 'ODD', name: 'Odd', priceCents: 45 }],
]);
const november = { year: 2026, month: 11 };
const at = (iso: string) => new Date(iso);
const longAgo = at('2026-01-01T00:00:00Z');

describe('billing to the day', () => {
  it('charges a whole month on one package exactly its monthly price', () => {
    const lines = billMonth(november, [{ planCode: 'TEAM', at: longAgo }], longAgo, plans);
    expect(lines).toEqual([
      { planCode: 'TEAM', planName: 'Team', from: '2026-11-01', to: '2026-11-30', days: 30, daysInMonth: 30, monthlyPriceCents: 4900, trial: false, amountCents: 4900 },
    ]);
  });

  it('splits a mid-month upgrade at the day of the change, which is billed at the new package', () => {
    const history = [
      { planCode: 'TEAM', at: longAgo },
      { planCode: 'BUSINESS', at: at('2026-11-11T10:00:00Z') },
    ];
    const lines = billMonth(november, history, longAgo, plans);
    expect(lines.map(({ planCode, from, to, days, amountCents }) => ({ planCode, from, to, days, amountCents }))).toEqual([
      // 4900 × 10 / 30 = 1633.33 -> 1633; 14900 × 20 / 30 = 9933.33 -> 9933
      { planCode: 'TEAM', from: '2026-11-01', to: '2026-11-10', days: 10, amountCents: 1633 },
      { planCode: 'BUSINESS', from: '2026-11-11', to: '2026-11-30', days: 20, amountCents: 9933 },
    ]);
    // VAT 19 % of 11566 = 2197.54 -> 2198
    expect(invoiceTotals(lines, 1900)).toEqual({ netCents: 11566, vatRateBasisPoints: 1900, vatCents: 2198, grossCents: 13764 });
  });

  it('splits a mid-month downgrade the same way', () => {
    const history = [
      { planCode: 'BUSINESS', at: longAgo },
      { planCode: 'TEAM', at: at('2026-11-21T09:00:00Z') },
    ];
    const lines = billMonth(november, history, longAgo, plans);
    expect(lines.map(({ planCode, days, amountCents }) => [planCode, days, amountCents])).toEqual([
      ['BUSINESS', 20, 9933],
      ['TEAM', 10, 1633],
    ]);
  });

  it('bills a day with several changes at the package in effect at its end', () => {
    const history = [
      { planCode: 'TEAM', at: longAgo },
      { planCode: 'BUSINESS', at: at('2026-11-05T10:00:00Z') },
      { planCode: 'TEAM', at: at('2026-11-05T15:00:00Z') },
    ];
    expect(billMonth(november, history, longAgo, plans).map(({ planCode, days, amountCents }) => [planCode, days, amountCents])).toEqual([['TEAM', 30, 4900]]);
  });

  it('charges nothing for trial days: a trial ending inside the month bills from its end date on', () => {
    const created = at('2026-10-20T12:00:00Z');
    const trialEndsAt = at('2026-11-19T12:00:00Z');
    const lines = billMonth(november, [{ planCode: 'TEAM', at: created }], trialEndsAt, plans);
    expect(lines.map(({ from, to, days, trial, amountCents }) => ({ from, to, days, trial, amountCents }))).toEqual([
      { from: '2026-11-01', to: '2026-11-18', days: 18, trial: true, amountCents: 0 },
      // 4900 × 12 / 30 = 1960
      { from: '2026-11-19', to: '2026-11-30', days: 12, trial: false, amountCents: 1960 },
    ]);
  });

  it('keeps trial and paid days of an upgrade made during the trial apart', () => {
    const created = at('2026-10-20T12:00:00Z');
    const history = [
      { planCode: 'TEAM', at: created },
      { planCode: 'BUSINESS', at: at('2026-11-10T08:00:00Z') },
    ];
    const lines = billMonth(november, history, at('2026-11-19T12:00:00Z'), plans);
    expect(lines.map(({ planCode, days, trial, amountCents }) => [planCode, days, trial, amountCents])).toEqual([
      ['TEAM', 9, true, 0],
      ['BUSINESS', 9, true, 0],
      // 14900 × 12 / 30 = 5960
      ['BUSINESS', 12, false, 5960],
    ]);
  });

  it('bills nothing before the account existed and nothing for a month wholly in the trial', () => {
    const created = at('2026-11-10T12:00:00Z');
    const lines = billMonth(november, [{ planCode: 'TEAM', at: created }], at('2026-12-10T12:00:00Z'), plans);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ from: '2026-11-10', days: 21, trial: true, amountCents: 0 });
    expect(billMonth({ year: 2026, month: 10 }, [{ planCode: 'TEAM', at: created }], created, plans)).toEqual([]);
  });

  it('rounds each period half up to whole cents', () => {
    // One day of a 45-cent package in a 30-day month: 1.5 -> 2 (half up).
    const history = [
      { planCode: 'TEAM', at: longAgo },
      { planCode: 'ODD', at: at('2026-11-02T00:00:00Z') },
      { planCode: 'TEAM', at: at('2026-11-03T00:00:00Z') },
    ];
    expect(billMonth(november, history, longAgo, plans).map((line) => line.amountCents)).toEqual([roundHalfUp(4900, 30), 2, roundHalfUp(4900 * 28, 30)]);
    expect(roundHalfUp(45, 30)).toBe(2);
    expect(roundHalfUp(45 * 29, 30)).toBe(44);
    expect(roundHalfUp(44, 30)).toBe(1);
    expect(vatCents(50, 1900)).toBe(10); // 9.5 -> 10
    expect(vatCents(47, 1900)).toBe(9); // 8.93 -> 9
    expect(vatCents(42, 1900)).toBe(8); // 7.98 -> 8
    expect(vatCents(21, 1900)).toBe(4); // 3.99 -> 4
    expect(vatCents(2, 1900)).toBe(0); // 0.38 -> 0
  });

  it('knows the length of every month, leap years included', () => {
    const wholeMonth = (year: number, month: number) => billMonth({ year, month }, [{ planCode: 'TEAM', at: longAgo }], longAgo, plans)[0]!;
    expect(wholeMonth(2026, 2).daysInMonth).toBe(28);
    expect(wholeMonth(2028, 2).daysInMonth).toBe(29);
    expect(wholeMonth(2026, 12)).toMatchObject({ to: '2026-12-31', days: 31, amountCents: 4900 });
  });
});
