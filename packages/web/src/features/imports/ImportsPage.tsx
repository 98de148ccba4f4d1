import { useQuery } from '@apollo/client/react';
import { ImportRunsDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../session/useCurrentMembership';
import { paths } from '../../ui/paths';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';
import { uploadImport } from './upload-import';

/** Imports: upload a CSV file of people or companies, and the account's recent imports. */
export default function ImportsPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const can = useCan();
  const navigate = useNavigate();
  const [kind, setKind] = useState<'PEOPLE' | 'COMPANIES'>('PEOPLE');
  const [file, setFile] = useState<File>();
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string>();
  const { data, loading, error: listError, refetch } = useQuery(ImportRunsDocument, { skip: !can('RECORDS_IMPORT') });
  if (!can('RECORDS_IMPORT')) return <Empty title={t('imports.notAllowed')} />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setError(undefined);
    setUploading(true);
    const outcome = await uploadImport(file, kind);
    setUploading(false);
    if ('id' in outcome) navigate(paths.importRun(slug, outcome.id));
    else setError(t([`imports.uploadErrors.${outcome.errorCode}`, `errors.${outcome.errorCode}`, 'imports.uploadErrors.other']));
  }

  return (
    <section data-testid="imports">
      <h1>{t('imports.title')}</h1>
      <p>{t('imports.intro')}</p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <FormError>{error}</FormError>
        <label className="field">
          <span className="field__label">{t('imports.kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as 'PEOPLE' | 'COMPANIES')}>
            <option value="PEOPLE">{t('imports.kinds.PEOPLE')}</option>
            <option value="COMPANIES">{t('imports.kinds.COMPANIES')}</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('imports.file')}</span>
          <input type="file" accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,.vcf,text/vcard" onChange={(e) => setFile(e.target.files?.[0])} />
        </label>
        <button type="submit" className="button button--primary" disabled={!file || uploading}>
          {uploading ? t('imports.uploading') : t('imports.upload')}
        </button>
      </form>
      <h2>{t('imports.recent')}</h2>
      <QueryStates data={data} loading={loading} error={listError} onRetry={refetch} isEmpty={(d) => d.importRuns.length === 0} empty={<Empty title={t('imports.empty')} />}>
        {(data) => (
          <ul className="import-list">
            {data.importRuns.map((run) => (
              <li key={run.id}>
                <Link to={paths.importRun(slug, run.id)}>{run.fileName}</Link> — {t(`imports.status.${run.status}`)} ({t('imports.rowsOf', { done: run.rowsDone, total: run.rowsTotal })})
              </li>
            ))}
          </ul>
        )}
      </QueryStates>
    </section>
  );
}
