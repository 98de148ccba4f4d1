import { CombinedGraphQLErrors } from '@apollo/client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../ui/States';
import { passkeyErrorMessage } from './passkey-error';

/**
 * "Use a passkey" as the second factor of a form's step: `prove` runs the step
 * with it (withPasskeyProof). The server's refusals go to `onRefused` when
 * given (so a wrong password shows at its field); the browser's, and the
 * others, show above the button.
 */
export function UsePasskeyButton({ prove, onRefused, disabled }: { prove(): Promise<void>; onRefused?(error: unknown): void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();
  async function click() {
    setError(undefined);
    try {
      await prove();
    } catch (caught) {
      if (onRefused && CombinedGraphQLErrors.is(caught)) onRefused(caught);
      else setError(passkeyErrorMessage(t, caught));
    }
  }
  return (
    <>
      <FormError>{error}</FormError>
      <button type="button" className="button" disabled={disabled} onClick={() => void click()}>
        {t('logIn.usePasskey')}
      </button>
    </>
  );
}
