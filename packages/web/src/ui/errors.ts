import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import type { TFunction } from 'i18next';

export interface ReadableError {
  code: string;
  /** The input field the server blamed (extensions.field), if any. */
  field?: string;
  /** The server's own (English) message, used only when there is no translation. */
  serverMessage: string;
  /** What else the error says (a limit, a count), for the translation's placeholders. */
  details?: Record<string, unknown>;
}

/** The first GraphQL error's code and field, or NETWORK when the server could not be reached. */
export function readError(error: unknown): ReadableError {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
    const field = typeof first?.extensions?.field === 'string' ? first.extensions.field : undefined;
    return { code, field, serverMessage: first?.message ?? '', details: first?.extensions };
  }
  // A 503 (the database busy or away) comes as a ServerError: its body carries SERVICE_UNAVAILABLE, worth trying again.
  if (ServerError.is(error) && error.statusCode === 503) return { code: 'SERVICE_UNAVAILABLE', serverMessage: error.message };
  return { code: 'NETWORK', serverMessage: error instanceof Error ? error.message : String(error) };
}

export function errorCode(error: unknown): string {
  return readError(error).code;
}

/** A readable message in the user's language: by field for bad input, by code otherwise. */
export function errorMessage(t: TFunction, error: unknown): string {
  const { code, field, serverMessage, details } = readError(error);
  // A custom field's value (customFields.<i>.<member>) is named by the form it stands in, not by its position.
  if (code === 'BAD_USER_INPUT' && field?.startsWith('customFields.')) return t('errors.fields.customFieldValue');
  if (code === 'BAD_USER_INPUT' && field) {
    return t(`errors.fields.${field}`, { defaultValue: serverMessage || t('errors.BAD_USER_INPUT') });
  }
  // A wrong current password (changing the password or the address) is said as such, not as a failed log-in.
  if (code === 'INVALID_CREDENTIALS' && field) return t(`errors.fields.${field}`, { defaultValue: t('errors.INVALID_CREDENTIALS') });
  return t(`errors.${code}`, { ...details, defaultValue: t('errors.INTERNAL_SERVER_ERROR') });
}
