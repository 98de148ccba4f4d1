import { badUserInput } from '../errors/errors.js';
import { isEmailAddress } from '../mail/email-address.js';

/** IBAN length per country (ISO 13616 registry, SWIFT release 2024). */
const ibanLengths: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28,
  LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24,
  SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** The IBAN in its electronic form (no spaces, upper case), or a refusal naming `field`. */
export function validateIban(raw: string, field: string): string {
  // The longest IBAN has 34 characters; room for the spaces of its printed form, checked before any pattern.
  if (raw.length > 50) throw badUserInput(field, 'An IBAN has at most 34 characters.');
  const iban = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) {
    throw badUserInput(field, 'An IBAN starts with a country code and two check digits, followed by letters and digits.');
  }
  const country = iban.slice(0, 2);
  const length = ibanLengths[country];
  if (length === undefined) throw badUserInput(field, `IBANs from "${country}" are not accepted: no such IBAN country.`);
  if (iban.length !== length) throw badUserInput(field, `An IBAN from ${country} has ${length} characters; this one has ${iban.length}.`);
  if (ibanMod97(iban) !== 1) throw badUserInput(field, 'This IBAN has a typo: its check digits do not match (ISO 13616).');
  return iban;
}

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

/**
 * VAT identification numbers of the EU member states (and XI, Northern
 * Ireland), by the format each state publishes. Greece uses the prefix EL.
 */
const vatIdPatterns: Record<string, RegExp> = {
  AT: /^ATU\d{8}$/,
  BE: /^BE[01]\d{9}$/,
  BG: /^BG\d{9,10}$/,
  CY: /^CY\d{8}[A-Z]$/,
  CZ: /^CZ\d{8,10}$/,
  DE: /^DE\d{9}$/,
  DK: /^DK\d{8}$/,
  EE: /^EE\d{9}$/,
  EL: /^EL\d{9}$/,
  ES: /^ES[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^FI\d{8}$/,
  FR: /^FR[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^HR\d{11}$/,
  HU: /^HU\d{8}$/,
  IE: /^IE(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^IT\d{11}$/,
  LT: /^LT(\d{9}|\d{12})$/,
  LU: /^LU\d{8}$/,
  LV: /^LV\d{11}$/,
  MT: /^MT\d{8}$/,
  NL: /^NL\d{9}B\d{2}$/,
  PL: /^PL\d{10}$/,
  PT: /^PT\d{9}$/,
  RO: /^RO\d{2,10}$/,
  SE: /^SE\d{10}01$/,
  SI: /^SI\d{8}$/,
  SK: /^SK\d{10}$/,
  XI: /^XI(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/** The country (ISO 3166-1) a VAT ID prefix stands for. */
export const vatIdCountry = (vatId: string): string => {
  const prefix = vatId.slice(0, 2);
  return prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix;
};

/** The VAT ID normalised (upper case, no spaces, dots or dashes), or a refusal naming `field`. */
export function validateVatId(raw: string, field: string): string {
  if (raw.length > 30) throw badUserInput(field, 'A VAT ID has at most 14 characters.');
  const vatId = raw.replace(/[\s.-]/g, '').toUpperCase();
  const pattern = vatIdPatterns[vatId.slice(0, 2)];
  if (!pattern) {
    throw badUserInput(field, 'A VAT ID starts with the code of an EU member state (e.g. DE, FR, EL for Greece).');
  }
  if (!pattern.test(vatId)) throw badUserInput(field, `"${vatId}" does not have the format of a ${vatId.slice(0, 2)} VAT ID.`);
  return vatId;
}

/** EU member states, by ISO 3166-1 alpha-2 code: reverse charge applies to businesses there outside Germany. */
export const euCountries = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);

/** Officially assigned ISO 3166-1 alpha-2 codes. */
const isoCountries = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG ' +
    'CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL ' +
    'GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA ' +
    'LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP ' +
    'NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

export function validateCountry(raw: string, field: string): string {
  const country = raw.trim().toUpperCase();
  if (!isoCountries.has(country)) throw badUserInput(field, `"${raw.trim()}" is not an ISO 3166-1 alpha-2 country code (e.g. DE, AT, FR).`);
  return country;
}

export function validateEmail(raw: string, field: string): string {
  const email = raw.trim();
  if (!isEmailAddress(email)) throw badUserInput(field, 'This is not an e-mail address.');
  return email;
}

/** A required line of text, trimmed, at most `max` characters. */
export function requiredText(raw: string, field: string, label: string, max = 200): string {
  const text = raw.trim();
  if (text === '') throw badUserInput(field, `${label} must not be empty.`);
  if (text.length > max) throw badUserInput(field, `${label} must be at most ${max} characters long.`);
  return text;
}

export function optionalText(raw: string | null | undefined, field: string, label: string, max = 200): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  return requiredText(raw, field, label, max);
}
