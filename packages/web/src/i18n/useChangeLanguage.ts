import { useMutation } from '@apollo/client/react';
import { SetLocaleDocument } from '@kontor/sdk';
import { isLanguage, setLanguage } from './i18n';
import { useSession } from '../session/session';

/** Switches the app's language at once and, when signed in, remembers it for the user's next log-in on any device. */
export function useChangeLanguage(): (value: string) => void {
  const session = useSession();
  const [saveLocale] = useMutation(SetLocaleDocument);
  return (value: string) => {
    if (!isLanguage(value)) return;
    setLanguage(value);
    if (session.status === 'signedIn') void saveLocale({ variables: { locale: value } }).catch(() => undefined);
  };
}
