import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { de } from '../src/i18n/locales/de';
import { en } from '../src/i18n/locales/en';
import { es } from '../src/i18n/locales/es';
import { readError } from '../src/ui/errors';

/** Every key path of a nested resource object. */
function keys(resource: object, prefix = ''): string[] {
  return Object.entries(resource).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
  );
}

describe('translations', () => {
  it('German and Spanish have exactly the English keys, none empty', () => {
    const english = keys(en).sort();
    expect(keys(de).sort()).toEqual(english);
    expect(keys(es).sort()).toEqual(english);
    for (const resource of [en, de, es]) {
      for (const key of keys(resource)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], resource);
        expect(value, key).not.toBe('');
      }
    }
  });

  it('has a message for every error code the server may send', () => {
    for (const code of ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'INVALID_CREDENTIALS', 'PLAN_LIMIT_REACHED', 'RATE_LIMITED', 'MAIL_NOT_SENT', 'REQUEST_TOO_LARGE', 'INTERNAL_SERVER_ERROR']) {
      expect(en.errors).toHaveProperty(code);
    }
  });
});

describe('readError', () => {
  it('reads the code and the field of the first GraphQL error', () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Please enter a valid e-mail address.', extensions: { code: 'BAD_USER_INPUT', field: 'email' } }],
    });
    expect(readError(error)).toEqual({ code: 'BAD_USER_INPUT', field: 'email', serverMessage: 'Please enter a valid e-mail address.' });
  });

  it('calls anything else a network problem', () => {
    expect(readError(new TypeError('Failed to fetch')).code).toBe('NETWORK');
  });
});
