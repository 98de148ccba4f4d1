import { useMutation } from '@apollo/client/react';
import { LogInWithPasskeyDocument, StartPasskeyLogInDocument, type SessionAuthFragment } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passkeyErrorMessage } from './passkey-error';
import { FormError } from '../../ui/States';

/** "Log in with a passkey": no address, no password; the browser offers this site's passkeys. */
export function PasskeyLogIn({ onLoggedIn }: { onLoggedIn(auth: SessionAuthFragment): void }) {
  const { t } = useTranslation();
  const [start] = useMutation(StartPasskeyLogInDocument);
  const [logIn, { loading }] = useMutation(LogInWithPasskeyDocument);
  const [error, setError] = useState<string>();
  async function run() {
    setError(undefined);
    try {
      const { data } = await start();
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const response = await startAuthentication({ optionsJSON: JSON.parse(data!.startPasskeyLogIn.optionsJson) });
      const answer = await logIn({ variables: { challengeId: data!.startPasskeyLogIn.challengeId, response: JSON.stringify(response) } });
      onLoggedIn(answer.data!.logInWithPasskey);
    } catch (caught) {
      setError(passkeyErrorMessage(t, caught));
    }
  }
  return (
    <div className="page__aside">
      <FormError>{error}</FormError>
      <button type="button" className="button" disabled={loading} onClick={() => void run()}>
        {t('passkeys.logIn')}
      </button>
    </div>
  );
}
