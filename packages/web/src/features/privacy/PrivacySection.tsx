import { useApolloClient, useMutation } from '@apollo/client/react';
import { ErasePersonDocument, PersonDataLinkDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../session/useCurrentMembership';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { followDownload } from '../../ui/download';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/States';

/**
 * A person's privacy requests, for owners and co-owners: everything stored
 * about them as one file (GDPR Art. 15), and erasing them completely
 * (Art. 17) after typing their name, since it cannot be undone.
 */
export function PrivacySection({ person, onErased }: { person: { id: string; firstName: string; lastName: string }; onErased(): void }) {
  const { t } = useTranslation();
  const can = useCan();
  const apollo = useApolloClient();
  const [error, setError] = useState<string>();
  const [erasing, setErasing] = useState(false);
  if (!can('PRIVACY_REQUESTS')) return null;

  async function downloadData() {
    setError(undefined);
    try {
      const { data } = await apollo.query({ query: PersonDataLinkDocument, variables: { personId: person.id }, fetchPolicy: 'no-cache' });
      if (data) followDownload(data.personDataLink.url, data.personDataLink.fileName);
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }

  return (
    <section className="danger-zone" data-testid="privacy">
      <h2>{t('privacy.title')}</h2>
      <p>{t('privacy.intro')}</p>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => void downloadData()}>
          {t('privacy.download')}
        </button>
        <button type="button" className="button button--danger" onClick={() => setErasing(true)}>
          {t('privacy.erase')}
        </button>
      </div>
      <FormError>{error}</FormError>
      <Dialog open={erasing} title={t('privacy.eraseTitle')} onClose={() => setErasing(false)}>
        <EraseForm person={person} onCancel={() => setErasing(false)} onErased={onErased} />
      </Dialog>
    </section>
  );
}

function EraseForm({ person, onCancel, onErased }: { person: { id: string; firstName: string; lastName: string }; onCancel(): void; onErased(): void }) {
  const { t } = useTranslation();
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  // The person leaves the cache, and the people lists with their counts are read again when next shown.
  const [erase, { loading }] = useMutation(ErasePersonDocument, {
    update(cache) {
      cache.evict({ id: cache.identify({ __typename: 'Person', id: person.id }) });
      cache.evict({ id: 'ROOT_QUERY', fieldName: 'people' });
      cache.gc();
    },
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await erase({ variables: { id: person.id } });
      onErased();
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <p>{t('privacy.eraseWarning', { name })}</p>
      <Field label={t('privacy.typeName', { name })} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
      <FormError>{error}</FormError>
      <DialogActions submitLabel={t('privacy.eraseNow')} onCancel={onCancel} disabled={loading || typed.trim() !== name} destructive />
    </form>
  );
}
