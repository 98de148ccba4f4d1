import { useMutation, useQuery } from '@apollo/client/react';
import { ApiKeysDocument, CreateApiKeyDocument, RevokeApiKeyDocument, type Role } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { Field, SelectField } from '../../ui/Field';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { SecretOnce } from './SecretOnce';

const keyRoles: Role[] = ['NORMAL', 'EXTENDED', 'CO_OWNER'];

/** The account's API keys: create one (its secret shown once), the list, revoke (after a question). */
export function ApiKeysSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(ApiKeysDocument);
  const [create, creating] = useMutation(CreateApiKeyDocument, { refetchQueries: ['ApiKeys'] });
  const [revoke] = useMutation(RevokeApiKeyDocument);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('NORMAL');
  const [expiresOn, setExpiresOn] = useState('');
  const [secret, setSecret] = useState<string>();
  const [revoking, setRevoking] = useState<{ id: string; name: string }>();
  const errors = useFieldErrors(['name', 'role', 'expiresAt'] as const);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      // A date means the end of that day in the user's time zone.
      const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:59`).toISOString() : null;
      const { data } = await create({ variables: { name, role, expiresAt } });
      setSecret(data!.createApiKey.secret);
      setName('');
      setExpiresOn('');
    } catch (e) {
      errors.show(e);
    }
  }

  return (
    <section data-testid="api-keys">
      <h2>{t('integrations.apiKeys.title')}</h2>
      <p className="muted">{t('integrations.apiKeys.intro')}</p>
      {secret && <SecretOnce secret={secret} label={t('integrations.apiKeys.secret')} onDone={() => setSecret(undefined)} />}
      <form className="form form--inline" onSubmit={(e) => void submit(e)} noValidate data-testid="new-api-key">
        <FormError>{errors.formError}</FormError>
        <Field label={t('integrations.apiKeys.name')} name="name" required value={name} onChange={(e) => setName(e.target.value)} error={errors.fieldErrors.name} />
        <SelectField label={t('integrations.apiKeys.role')} name="role" value={role} onChange={(v) => setRole(v as Role)} options={keyRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} error={errors.fieldErrors.role} />
        <Field label={t('integrations.apiKeys.expires')} name="expiresAt" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} error={errors.fieldErrors.expiresAt} hint={t('integrations.apiKeys.expiresHint')} />
        <button type="submit" className="button button--primary" disabled={creating.loading}>
          {t('integrations.apiKeys.create')}
        </button>
      </form>
      <QueryStates data={data} loading={loading} error={error} onRetry={refetch} isEmpty={(d) => d.apiKeys.length === 0} empty={<Empty title={t('integrations.apiKeys.empty')} />}>
        {(data) => (
          <table className="table" data-testid="api-key-list">
            <thead>
              <tr>
                <th>{t('integrations.apiKeys.name')}</th>
                <th>{t('integrations.apiKeys.prefix')}</th>
                <th>{t('integrations.apiKeys.role')}</th>
                <th>{t('integrations.apiKeys.creator')}</th>
                <th>{t('integrations.apiKeys.lastUsed')}</th>
                <th>{t('integrations.apiKeys.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.apiKeys.map((key) => (
                <tr key={key.id} data-testid={`api-key-${key.name}`}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{t(`roles.${key.role}`)}</td>
                  <td>{key.creatorName ?? '–'}</td>
                  <td className="muted">{key.lastUsedAt ? format.dateTime(key.lastUsedAt) : t('integrations.apiKeys.never')}</td>
                  <td>
                    {t(`integrations.apiKeys.statuses.${key.status}`)}
                    {key.expiresAt && key.status === 'ACTIVE' && <span className="muted"> · {t('integrations.apiKeys.until', { date: format.date(key.expiresAt) })}</span>}
                  </td>
                  <td>
                    {!key.revokedAt && (
                      <button
                        type="button"
                        className="button button--quiet button--danger"
                        onClick={() => setRevoking(key)}
                      >
                        {t('integrations.apiKeys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryStates>
      <ConfirmDialog
        open={revoking !== undefined}
        title={t('integrations.apiKeys.confirmRevokeTitle', { name: revoking?.name ?? '' })}
        confirmLabel={t('integrations.apiKeys.revoke')}
        onConfirm={() => revoke({ variables: { id: revoking!.id } })}
        onClose={() => setRevoking(undefined)}
      >
        {t('integrations.apiKeys.confirmRevoke')}
      </ConfirmDialog>
    </section>
  );
}
