import { useMutation, useQuery } from '@apollo/client/react';
import { AddPasskeyDocument, PasskeysDocument, RemovePasskeyDocument, SecurityEventsDocument, StartPasskeyRegistrationDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { Field } from '../../ui/Field';
import { QueryStates } from '../../ui/QueryStates';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { passkeyErrorMessage } from './passkey-error';

/** The profile's passkeys: add one (the browser creates it; @simplewebauthn/browser loads only then), or remove one with the password. */
export function PasskeysSection({ onAdded }: { onAdded?(): void } = {}) {
  const { t } = useTranslation();
  const format = useFormat();
  const passkeys = useQuery(PasskeysDocument);
  const reread = { refetchQueries: [{ query: PasskeysDocument }, { query: SecurityEventsDocument }], awaitRefetchQueries: true };
  const [start] = useMutation(StartPasskeyRegistrationDocument);
  const [add, adding] = useMutation(AddPasskeyDocument, reread);
  const [remove] = useMutation(RemovePasskeyDocument, reread);
  const [name, setName] = useState('');
  const [removing, setRemoving] = useState<string>();
  const [password, setPassword] = useState('');
  const errors = useFieldErrors(['name', 'currentPassword'] as const);

  async function addOne(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    if (!name.trim()) return errors.showField('name', t('passkeys.nameNeeded'));
    try {
      const { data } = await start();
      const { startRegistration } = await import('@simplewebauthn/browser');
      const response = await startRegistration({ optionsJSON: JSON.parse(data!.startPasskeyRegistration.optionsJson) });
      await add({ variables: { challengeId: data!.startPasskeyRegistration.challengeId, response: JSON.stringify(response), name } });
      setName('');
      onAdded?.();
    } catch (error) {
      errors.showField('name', passkeyErrorMessage(t, error));
    }
  }

  async function removeOne(event: FormEvent, id: string) {
    event.preventDefault();
    errors.clear();
    try {
      await remove({ variables: { id, password } });
      setRemoving(undefined);
      setPassword('');
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <div data-testid="passkeys">
      <p className="page__lead">{t('passkeys.lead')}</p>
      <FormError>{errors.formError}</FormError>
      <QueryStates data={passkeys.data?.passkeys} loading={passkeys.loading} error={passkeys.error} onRetry={passkeys.refetch}>
        {(list) => (
          <ul className="security-events">
            {list.map((p) => (
              <li key={p.id} data-testid="passkey">
                <strong>{p.name}</strong> <span className="muted">{t('passkeys.added', { date: format.dateTime(p.createdAt) })}</span>{' '}
                {removing === p.id ? (
                  <form className="form form--inline" onSubmit={(e) => void removeOne(e, p.id)} noValidate>
                    <Field label={t('password.current')} name="currentPassword" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fieldErrors.currentPassword} />
                    <button type="submit" className="button button--danger">
                      {t('passkeys.remove')}
                    </button>
                  </form>
                ) : (
                  <button type="button" className="button button--quiet" onClick={() => setRemoving(p.id)}>
                    {t('passkeys.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryStates>
      <form className="form" onSubmit={(e) => void addOne(e)} noValidate data-testid="add-passkey">
        <Field label={t('passkeys.name')} name="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fieldErrors.name} hint={t('passkeys.nameHint')} />
        <button type="submit" className="button" disabled={adding.loading}>
          {t('passkeys.add')}
        </button>
      </form>
    </div>
  );
}
