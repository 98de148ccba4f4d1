/**
 * Billing to the day. A month's invoice charges each package for the days it
 * was active; the rule, stated in the README and tested in proration.test.ts:
 *
 *  - Days are calendar days in UTC. A day is billed at the package in effect
 *    at its end, so the day of a change is billed at the new package.
 *  - Days before the trial's end date (UTC) cost nothing.
 *  - Consecutive days on one package (and one trial state) form a period; each
 *    period costs round_half_up(monthly price × days / days in the month) cents.
 *    A whole month on one package therefore costs exactly its monthly price.
 *  - VAT = round_half_up(net × rate) cents, on the invoice's net total.
 */

export interface BillingMonth {
  year: number;
  /** 1–12 */
  month: number;
}

export interface PlanPrice {
  code: string;
  name: string;
  priceCents: number;
}

/** One package change: from `at` on, `planCode` is the package (the first one is the account's creation). */
export interface PlanSince {
  planCode: string;
  at: Date;
}

export interface InvoiceLine {
  planCode: string;
  planName: string;
  /** First and last day of the period, YYYY-MM-DD, both included. */
  from: string;
  to: string;
  days: number;
  daysInMonth: number;
  monthlyPriceCents: number;
  trial: boolean;
  amountCents: number;
}

const dayMs = 24 * 60 * 60 * 1000;

export function parseBillingMonth(text: string): BillingMonth | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return { year: Number(match[1]), month };
}

export const formatBillingMonth = ({ year, month }: BillingMonth): string => `${year}-${String(month).padStart(2, '0')}`;

export const monthStart = ({ year, month }: BillingMonth): Date => new Date(Date.UTC(year, month - 1, 1));

export const nextMonth = ({ year, month }: BillingMonth): BillingMonth => (month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 });

export const previousMonth = ({ year, month }: BillingMonth): BillingMonth => (month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 });

export const monthOf = (date: Date): BillingMonth => ({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 });

export const compareMonths = (a: BillingMonth, b: BillingMonth): number => a.year - b.year || a.month - b.month;

export const daysInMonth = ({ year, month }: BillingMonth): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

const startOfUtcDay = (date: Date): number => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

/** round_half_up(numerator / denominator) for whole, non-negative numbers, without floating point. */
export function roundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator < 0 || denominator <= 0) {
    throw new RangeError(`roundHalfUp needs whole numbers, numerator >= 0 and denominator > 0 (got ${numerator}/${denominator})`);
  }
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** VAT on a net amount; the rate in basis points (19 % = 1900). */
export const vatCents = (netCents: number, rateBasisPoints: number): number => roundHalfUp(netCents * rateBasisPoints, 10_000);

/**
 * The invoice lines of one month: a line per period of consecutive days on
 * one package and trial state. `history` must hold every change up to the
 * month's end, oldest first. Days before the first change are not billed.
 */
export function billMonth(month: BillingMonth, history: PlanSince[], trialEndsAt: Date, plans: ReadonlyMap<string, PlanPrice>): InvoiceLine[] {
  const total = daysInMonth(month);
  const firstDay = monthStart(month).getTime();
  const trialEndDay = startOfUtcDay(trialEndsAt);
  const lines: InvoiceLine[] = [];
  let open: { planCode: string; trial: boolean; from: number; days: number } | undefined;

  const close = () => {
    if (!open) return;
    const plan = plans.get(open.planCode);
    if (!plan) throw new Error(`package ${open.planCode} is not in the price list`);
    lines.push({
      planCode: plan.code,
      planName: plan.name,
      from: isoDay(new Date(open.from)),
      to: isoDay(new Date(open.from + (open.days - 1) * dayMs)),
      days: open.days,
      daysInMonth: total,
      monthlyPriceCents: plan.priceCents,
      trial: open.trial,
      amountCents: open.trial ? 0 : roundHalfUp(plan.priceCents * open.days, total),
    });
    open = undefined;
  };

  for (let day = 0; day < total; day++) {
    const dayStart = firstDay + day * dayMs;
    const planCode = planAtEndOfDay(history, dayStart + dayMs);
    if (planCode === undefined) {
      close();
      continue;
    }
    const trial = dayStart < trialEndDay;
    if (open && open.planCode === planCode && open.trial === trial) {
      open.days++;
    } else {
      close();
      open = { planCode, trial, from: dayStart, days: 1 };
    }
  }
  close();
  return lines;
}

function planAtEndOfDay(history: PlanSince[], dayEnd: number): string | undefined {
  let planCode: string | undefined;
  for (const change of history) {
    if (change.at.getTime() >= dayEnd) break;
    planCode = change.planCode;
  }
  return planCode;
}

export interface InvoiceTotals {
  netCents: number;
  vatRateBasisPoints: number;
  vatCents: number;
  grossCents: number;
}

export function invoiceTotals(lines: InvoiceLine[], vatRateBasisPoints: number): InvoiceTotals {
  const netCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
  const vat = vatCents(netCents, vatRateBasisPoints);
  return { netCents, vatRateBasisPoints, vatCents: vat, grossCents: netCents + vat };
}
