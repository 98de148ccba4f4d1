import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { de } from '../src/i18n/locales/de';
import { en } from '../src/i18n/locales/en';
import { es } from '../src/i18n/locales/es';
import { errorMessage, readError } from '../src/ui/errors';

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
    // Read from the server's own list, so a new code cannot ship without its message.
    const serverErrors = readFileSync(fileURLToPath(new URL('../../server/src/errors/errors.ts', import.meta.url)), 'utf8');
    const list = serverErrors.slice(serverErrors.indexOf('export const ErrorCode = {'), serverErrors.indexOf('} as const;'));
    const codes = [...list.matchAll(/^\s+([A-Z_]+): '\1',$/gm)].map((match) => match[1]);
    expect(codes.length).toBeGreaterThan(10);
    for (const code of codes) expect(en.errors, code).toHaveProperty(code!);
  });
});

describe('readError', () => {
  it('reads the code and the field of the first GraphQL error', () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Please enter a valid e-mail address.', extensions: { code: 'BAD_USER_INPUT', field: 'email' } }],
    });
    expect(readError(error)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'email',
      serverMessage: 'Please enter a valid e-mail address.',
      details: { code: 'BAD_USER_INPUT', field: 'email' },
    });
  });

  it("fills a message's placeholders from the error's details (a count, a limit)", () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'x', extensions: { code: 'CUSTOM_FIELD_TYPE_NOT_CONVERTIBLE', count: 3, field: 'type' } }] });
    const t = ((key: string, options?: Record<string, unknown>) => `${key}:${String(options?.count)}`) as unknown as Parameters<typeof errorMessage>[0];
    expect(errorMessage(t, error)).toBe('errors.CUSTOM_FIELD_TYPE_NOT_CONVERTIBLE:3');
  });

  it('calls anything else a network problem', () => {
    expect(readError(new TypeError('Failed to fetch')).code).toBe('NETWORK');
  });
});
