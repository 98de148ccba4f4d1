import { describe, expect, it } from 'vitest';
import { billingDetailsProblems, countryProblem, emailProblem, ibanProblem, vatIdProblem, type BillingDetailsValues } from '../src/features/billing/billing-checks';

describe('ibanProblem', () => {
  it('accepts real IBANs in print and electronic form, of the shortest and a long length', () => {
    for (const iban of ['DE89370400440532013000', 'DE89 3704 0044 0532 0130 00', 'gb82 west 1234 5698 7654 32', 'NO9386011117947', 'MT84MALT011000012345MTLCAST001S']) {
      expect(ibanProblem(iban), iban).toBeUndefined();
    }
  });

  it('finds a typo by the mod-97 check digits', () => {
    expect(ibanProblem('DE89370400440532013001')).toBe('ibanChecksum');
    // Two neighbouring digits swapped.
    expect(ibanProblem('DE89370400440532010300')).toBe('ibanChecksum');
  });

  it('refuses what is not shaped like an IBAN, or too short or too long', () => {
    expect(ibanProblem('89370400440532013000')).toBe('ibanFormat');
    expect(ibanProblem('DE8937040044053201300!')).toBe('ibanFormat');
    expect(ibanProblem('DE893704004405')).toBe('ibanLength');
    expect(ibanProblem(`DE89${'1'.repeat(31)}`)).toBe('ibanLength');
  });
});

describe('vatIdProblem', () => {
  it('accepts VAT IDs of member states, with spaces and dots, and EL for Greece', () => {
    for (const vatId of ['DE123456789', 'de 123.456.789', 'ATU12345678', 'FR12345678901', 'NL123456789B01', 'EL123456789', 'IE1234567FA']) {
      expect(vatIdProblem(vatId), vatId).toBeUndefined();
    }
  });

  it('names an unknown prefix apart from a bad format', () => {
    expect(vatIdProblem('US123456789')).toBe('vatIdCountry');
    expect(vatIdProblem('GR123456789')).toBe('vatIdCountry');
    expect(vatIdProblem('DE1')).toBe('vatIdFormat');
    expect(vatIdProblem('DE1234567890123')).toBe('vatIdFormat');
    expect(vatIdProblem('DEABCDEFGHI')).toBe('vatIdFormat');
  });
});

describe('countryProblem and emailProblem', () => {
  it('wants two letters and an address with a domain', () => {
    expect(countryProblem('de')).toBeUndefined();
    expect(countryProblem('DEU')).toBe('country');
    expect(countryProblem('D1')).toBe('country');
    expect(emailProblem('finance@example.com')).toBeUndefined();
    expect(emailProblem('finance@example')).toBe('email');
    expect(emailProblem('finance example.com')).toBe('email');
    // The pattern the server used to share took quadratic time on this (36 s at 160 k characters): refused at once now.
    const started = performance.now();
    expect(emailProblem(`a@${'x.'.repeat(80_000)}@`)).toBe('email');
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('billingDetailsProblems', () => {
  const complete: BillingDetailsValues = {
    companyName: 'Alpha GmbH',
    addressLine1: 'Hauptstraße 1',
    addressLine2: '',
    postalCode: '10115',
    city: 'Berlin',
    country: 'DE',
    vatId: '',
    invoiceEmail: 'finance@example.com',
    accountHolder: '',
    iban: '',
  };

  it('has nothing to say about a complete form without a new IBAN or a VAT ID', () => {
    expect(billingDetailsProblems(complete)).toEqual({});
  });

  it('names every missing or malformed field, and wants the account holder with a new IBAN', () => {
    expect(
      billingDetailsProblems({ ...complete, companyName: ' ', city: '', country: 'Germany', vatId: 'XX1', invoiceEmail: 'nope', iban: 'DE89370400440532013001' }),
    ).toEqual({ companyName: 'required', city: 'required', country: 'country', vatId: 'vatIdCountry', invoiceEmail: 'email', iban: 'ibanChecksum', accountHolder: 'required' });
    expect(billingDetailsProblems({ ...complete, iban: 'DE89370400440532013000', accountHolder: 'Alpha GmbH' })).toEqual({});
  });
});
