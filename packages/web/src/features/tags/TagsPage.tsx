import { useMutation, useQuery } from '@apollo/client/react';
import { CreateTagDocument, DeleteTagDocument, TagsDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../session/useCurrentMembership';
import { errorMessage } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';

const palette = ['#1f4e79', '#2e7d32', '#b26a00', '#8e24aa', '#c62828', '#00838f'];

/** The account's tags: add one, remove one (not for NORMAL members). */
export default function TagsPage() {
  const { t } = useTranslation();
  const mayDelete = useCan()('RECORDS_DELETE');
  const { data, loading, error, refetch } = useQuery(TagsDocument);
  const [create, creating] = useMutation(CreateTagDocument, { refetchQueries: ['Tags'] });
  const [remove] = useMutation(DeleteTagDocument, { refetchQueries: ['Tags'] });
  const [name, setName] = useState('');
  const [color, setColor] = useState(palette[0]!);
  const [removeError, setRemoveError] = useState<string>();
  const errors = useFieldErrors(['name', 'color'] as const);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await create({ variables: { input: { name, color } } });
      setName('');
    } catch (e) {
      errors.show(e);
    }
  }

  return (
    <section data-testid="tags">
      <h1>{t('tags.title')}</h1>
      <form className="form form--inline" onSubmit={(e) => void submit(e)} noValidate>
        <FormError>{errors.formError}</FormError>
        <Field label={t('tags.name')} name="name" required value={name} onChange={(e) => setName(e.target.value)} error={errors.fieldErrors.name} />
        <div className="swatches" role="radiogroup" aria-label={t('tags.color')}>
          {palette.map((c) => (
            <button key={c} type="button" role="radio" aria-checked={c === color} aria-label={c} className={`swatch${c === color ? ' is-active' : ''}`} style={{ background: c }} onClick={() => setColor(c)} />
          ))}
        </div>
        <button type="submit" className="button button--primary" disabled={creating.loading}>
          {t('tags.add')}
        </button>
      </form>
      <FormError>{removeError}</FormError>
      <QueryStates data={data} loading={loading} error={error} onRetry={refetch} isEmpty={(d) => d.tags.length === 0} empty={<Empty title={t('tags.empty')} />}>
        {(data) => (
          <ul className="tag-list">
            {data.tags.map((tag) => (
              <li key={tag.id}>
                <span className="chip" style={{ borderColor: tag.color, color: tag.color }}>
                  {tag.name}
                </span>
                {mayDelete && (
                  <button
                    type="button"
                    className="button button--quiet button--danger"
                    onClick={() => void remove({ variables: { id: tag.id } }).catch((e: unknown) => setRemoveError(errorMessage(t, e)))}
                  >
                    {t('common.delete')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryStates>
    </section>
  );
}
