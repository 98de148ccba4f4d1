import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import type { TFunction } from 'i18next';
import { errorMessage } from '../../ui/errors';

/** The server's refusal in words, or, when the browser itself refused (cancelled, no authenticator, another site), that. */
export function passkeyErrorMessage(t: TFunction, error: unknown): string {
  if (CombinedGraphQLErrors.is(error) || ServerError.is(error)) return errorMessage(t, error);
  return t('passkeys.browserRefused');
}
