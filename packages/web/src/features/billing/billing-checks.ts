/**
 * Checks the billing details form makes while the user types, so that a typo
 * shows before anything is sent. The server checks again and more strictly
 * (IBAN length per country, VAT ID format per member state); its refusal
 * then shows next to the same field.
 */

/** Why a value was not accepted; each has a message under billing.details.problems. */
export type Problem = 'required' | 'email' | 'country' | 'ibanFormat' | 'ibanLength' | 'ibanChecksum' | 'vatIdCountry' | 'vatIdFormat';

/** The IBAN in its electronic form: no spaces or dashes, upper case. */
export const normaliseIban = (raw: string): string => raw.replace(/[\s-]/g, '').toUpperCase();

/** ISO 7064 mod 97-10 of an IBAN: the first four characters move to the end, letters become 10–35. */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : Number(char);
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return remainder;
}

/** ISO 13616 allows 15 (Norway) to 34 characters; the exact length per country is the server's check. */
export function ibanProblem(raw: string): Problem | undefined {
  const iban = normaliseIban(raw);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return 'ibanFormat';
  if (iban.length < 15 || iban.length > 34) return 'ibanLength';
  if (ibanMod97(iban) !== 1) return 'ibanChecksum';
  return undefined;
}

/** VAT ID prefixes of the EU member states; Greece uses EL, Northern Ireland XI. */
const vatIdPrefixes = new Set(
  'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI'.split(' '),
);

/** The basic shape of an EU VAT ID: a member state's prefix and 2–12 letters or digits. */
export function vatIdProblem(raw: string): Problem | undefined {
  const vatId = raw.replace(/[\s.-]/g, '').toUpperCase();
  if (!vatIdPrefixes.has(vatId.slice(0, 2))) return 'vatIdCountry';
  if (!/^[A-Z]{2}[0-9A-Z+*]{2,12}$/.test(vatId) || !/\d/.test(vatId)) return 'vatIdFormat';
  return undefined;
}

export const countryProblem = (raw: string): Problem | undefined => (/^[A-Za-z]{2}$/.test(raw.trim()) ? undefined : 'country');

/** As the server checks it (server/src/mail/email-address.ts): the length first, then a pattern that cannot backtrack. */
export const emailProblem = (raw: string): Problem | undefined => {
  const email = raw.trim();
  return email.length <= 254 && /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(email) ? undefined : 'email';
};

export interface BillingDetailsValues {
  companyName: string;
  addressLine1: string;
  addressLine2: string;
  postalCode: string;
  city: string;
  country: string;
  vatId: string;
  invoiceEmail: string;
  accountHolder: string;
  /** A new IBAN; empty keeps the mandate on file. */
  iban: string;
}

export type BillingField = keyof BillingDetailsValues;

/** Every problem of the form, by field. */
export function billingDetailsProblems(values: BillingDetailsValues): Partial<Record<BillingField, Problem>> {
  const problems: Partial<Record<BillingField, Problem>> = {};
  for (const field of ['companyName', 'addressLine1', 'postalCode', 'city'] as const) {
    if (values[field].trim() === '') problems[field] = 'required';
  }
  const country = countryProblem(values.country);
  if (country) problems.country = country;
  const vatId = values.vatId.trim() ? vatIdProblem(values.vatId) : undefined;
  if (vatId) problems.vatId = vatId;
  const email = emailProblem(values.invoiceEmail);
  if (email) problems.invoiceEmail = email;
  if (values.iban.trim()) {
    const iban = ibanProblem(values.iban);
    if (iban) problems.iban = iban;
    // The server needs the holder's name with every new mandate.
    if (values.accountHolder.trim() === '') problems.accountHolder = 'required';
  }
  return problems;
}
