import { describe, expect, it } from 'vitest';
import { ibanMod97, validateCountry, validateEmail, validateIban, validateVatId, vatIdCountry } from './billing-details.validation.js';

function refusal(work: () => unknown): { code?: unknown; field?: unknown; message: string } {
  try {
    work();
  } catch (error) {
    const { extensions, message } = error as { extensions: Record<string, unknown>; message: string };
    return { code: extensions.code, field: extensions.field, message };
  }
  throw new Error('expected a refusal');
}

describe('IBAN (ISO 13616)', () => {
  it.each(['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'AT611904300234573201', 'NL91ABNA0417164300', 'fr14 2004 1010 0505 0001 3M02 606'])(
    'accepts %s and keeps it without spaces, upper case',
    (iban) => {
      expect(validateIban(iban, 'iban')).toBe(iban.replace(/\s/g, '').toUpperCase());
    },
  );

  it('checks the mod-97 check digits', () => {
    expect(ibanMod97('DE89370400440532013000')).toBe(1);
    expect(refusal(() => validateIban('DE89370400440532013001', 'iban'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'iban', message: expect.stringContaining('check digits') });
    // Two digits swapped: the classic typo mod 97 catches.
    expect(refusal(() => validateIban('DE89370400440532031000', 'iban')).field).toBe('iban');
  });

  it("checks the length of the IBAN's country", () => {
    expect(refusal(() => validateIban('DE8937040044053201300', 'iban')).message).toBe('An IBAN from DE has 22 characters; this one has 21.');
  });

  it('refuses unknown countries and garbage, naming the field it was given', () => {
    expect(refusal(() => validateIban('XX89370400440532013000', 'iban')).message).toContain('"XX"');
    expect(refusal(() => validateIban('not an iban', 'sepaIban'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sepaIban' });
  });
});

describe('VAT ID (EU formats)', () => {
  it.each([
    ['DE 123 456 789', 'DE123456789'],
    ['atu12345678', 'ATU12345678'],
    ['FR40303265045', 'FR40303265045'],
    ['NL123456789B01', 'NL123456789B01'],
    ['EL123456789', 'EL123456789'],
    ['ESX1234567X', 'ESX1234567X'],
    ['IE1234567T', 'IE1234567T'],
    ['SE123456789001', 'SE123456789001'],
  ])('accepts %s as %s', (raw, normalised) => {
    expect(validateVatId(raw, 'vatId')).toBe(normalised);
  });

  it.each(['DE12345678', 'ATU1234567', 'NL123456789A01', 'GR123456789', 'US123456789', 'CHE-123.456.789', ''])('refuses %j naming the field', (raw) => {
    expect(refusal(() => validateVatId(raw, 'vatId'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'vatId' });
  });

  it('maps the Greek prefix EL to the country GR', () => {
    expect(vatIdCountry('EL123456789')).toBe('GR');
    expect(vatIdCountry('ATU12345678')).toBe('AT');
  });
});

describe('country and e-mail', () => {
  it('accepts ISO 3166-1 alpha-2 codes only', () => {
    expect(validateCountry(' at ', 'country')).toBe('AT');
    expect(refusal(() => validateCountry('Germany', 'country')).field).toBe('country');
    expect(refusal(() => validateCountry('XY', 'country')).field).toBe('country');
  });

  it('accepts any address, e.g. a finance team', () => {
    expect(validateEmail(' finance@example.org ', 'invoiceEmail')).toBe('finance@example.org');
    expect(refusal(() => validateEmail('finance at example', 'invoiceEmail')).field).toBe('invoiceEmail');
    expect(refusal(() => validateEmail('finance\u0000@example.org', 'invoiceEmail')).field).toBe('invoiceEmail');
  });
});
