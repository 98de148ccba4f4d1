import type { CreateDealInput, DealDetailsFragment, DealStatus, UpdateDealInput } from '@kontor/sdk';

/** A contact person as the deal form shows it. */
export interface DealPerson {
  id: string;
  firstName: string;
  lastName: string;
}

/** What the deal form holds: the text as typed, IDs as '' when none is chosen. */
export interface DealFormValues {
  title: string;
  /** The amount as typed, in the currency's main unit ("12500", "12.500,50"). */
  amount: string;
  currency: string;
  /** 0–100 in steps of 5. */
  probability: number;
  /** YYYY-MM-DD, or '' for none. */
  targetDate: string;
  status: DealStatus;
  /** Only for a new deal ('' = the pipeline's first phase); an existing one moves on the board. */
  phaseId: string;
  companyId: string;
  people: DealPerson[];
  responsibleUserId: string;
  tagIds: string[];
}

/** Input fields the server answers for (extensions.field), as the form names them. */
export const dealFields = [
  'title',
  'value',
  'value.amountCents',
  'value.currency',
  'probability',
  'targetDate',
  'status',
  'phaseId',
  'pipelineId',
  'companyId',
  'personIds',
  'responsibleUserId',
  'tagIds',
] as const;
export type DealField = (typeof dealFields)[number];

export const probabilities = Array.from({ length: 21 }, (_, i) => i * 5);
export const currencies = ['EUR', 'USD', 'GBP', 'CHF'];

/** A new deal: open, in the first phase, the signed-in user responsible. */
export function newDealValues(responsibleUserId: string): DealFormValues {
  return {
    title: '',
    amount: '',
    currency: 'EUR',
    probability: 0,
    targetDate: '',
    status: 'OPEN',
    phaseId: '',
    companyId: '',
    people: [],
    responsibleUserId,
    tagIds: [],
  };
}

export function dealValues(deal: DealDetailsFragment): DealFormValues {
  const { amountCents, currency } = deal.value;
  return {
    title: deal.title,
    amount: amountCents % 100 === 0 ? String(amountCents / 100) : (amountCents / 100).toFixed(2),
    currency,
    probability: deal.probability,
    targetDate: deal.targetDate ?? '',
    status: deal.status,
    phaseId: deal.phase.id,
    companyId: deal.company?.id ?? '',
    people: deal.people.map(({ id, firstName, lastName }) => ({ id, firstName, lastName })),
    responsibleUserId: deal.responsibleUser?.id ?? '',
    tagIds: deal.tags.map((tag) => tag.id),
  };
}

/**
 * An amount typed in the main unit as cents, or undefined when it is not a
 * number of 0 or more. Either "." or "," may separate the decimals; the other,
 * or the same one followed by three digits, groups thousands ("12,500" and
 * "12.500" are 12500, "12,5" and "1.234,50" have decimals).
 */
export function parseAmountCents(typed: string): number | undefined {
  const text = typed.replace(/[\s\u00a0']/g, '');
  if (text === '') return 0;
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return undefined;
  const at = decimalSeparatorAt(text);
  const whole = (at >= 0 ? text.slice(0, at) : text).replace(/[.,]/g, '');
  const fraction = at >= 0 ? text.slice(at + 1) : '';
  if (!/^\d{0,2}$/.test(fraction)) return undefined;
  const cents = Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : undefined;
}

/** Where the decimals start, or -1 when every separator groups thousands. */
function decimalSeparatorAt(text: string): number {
  const last = Math.max(text.lastIndexOf('.'), text.lastIndexOf(','));
  if (last < 0) return -1;
  if (text.includes('.') && text.includes(',')) return last;
  const once = text.indexOf(text.charAt(last)) === last;
  return once && text.length - last - 1 !== 3 ? last : -1;
}

/** The fields both createDeal and updateDeal take, from valid values (the amount parses). */
function inputOf(values: DealFormValues) {
  return {
    title: values.title,
    value: { amountCents: parseAmountCents(values.amount) ?? 0, currency: values.currency },
    probability: values.probability,
    targetDate: values.targetDate || null,
    status: values.status,
    companyId: values.companyId || null,
    personIds: values.people.map((p) => p.id),
    responsibleUserId: values.responsibleUserId || null,
    tagIds: values.tagIds,
  };
}

export function createDealInput(values: DealFormValues, pipelineId: string): CreateDealInput {
  const { companyId, responsibleUserId, ...rest } = inputOf(values);
  return { ...rest, pipelineId, phaseId: values.phaseId || undefined, companyId: companyId ?? undefined, responsibleUserId: responsibleUserId ?? undefined };
}

/** Only what changed between `before` and `after`, so the deal's timeline names just those fields. */
export function dealChanges(before: DealFormValues, after: DealFormValues): UpdateDealInput {
  const was: Record<string, unknown> = inputOf(before);
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inputOf(after))) {
    if (comparable(value) !== comparable(was[key])) changes[key] = value;
  }
  return changes as UpdateDealInput;
}

/** Lists of IDs compare as sets. */
const comparable = (value: unknown) => JSON.stringify(Array.isArray(value) ? [...value].sort() : value);
