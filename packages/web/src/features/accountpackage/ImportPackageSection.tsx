import { useApolloClient, useQuery } from '@apollo/client/react';
import { UsageDocument } from '@kontor/sdk';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { FormError, ProgressBar } from '../../ui/States';
import { packageImportState, uploadPackage, type PackageImportState, type PackageReport, type PackageRequestOutcome } from './package-upload';

/**
 * "Import a package": an account without contacts takes a package of another
 * account (made with "Export everything") as it is. The server refuses an
 * account with records (ACCOUNT_NOT_EMPTY) or a package already coming in
 * (PACKAGE_IMPORT_RUNNING) at once; then a job opens the package (its records
 * counted, its limits checked) and brings it in, whose progress is asked for
 * every second until its report (or refusal: not a package, too big) is there.
 */
export function ImportPackageSection() {
  const { t } = useTranslation();
  const client = useApolloClient();
  const { data } = useQuery(UsageDocument);
  const [file, setFile] = useState<File>();
  const format = useFormat();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<PackageImportState>();
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<PackageReport>();
  const empty = data?.usage.contacts.used === 0;
  // An import still under way when the screen opens on an empty account (a reload, another tab) is followed again.
  useEffect(() => {
    if (!empty) return;
    let current = true;
    void packageImportState('latest').then((outcome) => {
      if (current && 'import' in outcome && (outcome.import.status === 'QUEUED' || outcome.import.status === 'RUNNING')) void follow(outcome);
    });
    return () => {
      current = false;
    };
    // Once the account is known to be empty; follow() only sets state.
  }, [empty]);
  if (!report && (data?.usage.contacts.used ?? 1) > 0) return null;

  async function upload() {
    if (!file) return;
    await follow(await uploadPackage(file));
  }

  /** Asks for the job's state every second until its report (or refusal) is there. */
  async function follow(first: PackageRequestOutcome) {
    setBusy(true);
    setError(undefined);
    let outcome = first;
    while ('import' in outcome && (outcome.import.status === 'QUEUED' || outcome.import.status === 'RUNNING')) {
      setProgress(outcome.import);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      outcome = await packageImportState(outcome.import.id);
    }
    setBusy(false);
    setProgress(undefined);
    if ('import' in outcome && outcome.import.report) {
      setReport(outcome.import.report);
      // The lists cached before hold nothing of what the package brought: they are read afresh next time.
      for (const fieldName of ['people', 'companies', 'deals', 'tasks', 'tags', 'pipelines', 'customFields', 'usage']) client.cache.evict({ id: 'ROOT_QUERY', fieldName });
      client.cache.gc();
      return;
    }
    const failure = 'import' in outcome ? { errorCode: outcome.import.error?.code ?? 'INTERNAL_SERVER_ERROR', details: outcome.import.error?.extensions ?? {} } : outcome;
    setError(t(`accountPackage.importErrors.${failure.errorCode}`, { defaultValue: t(`errors.${failure.errorCode}`, { defaultValue: t('errors.INTERNAL_SERVER_ERROR') }), ...failure.details }));
  }

  return (
    <section data-testid="import-package" aria-labelledby="import-package-title">
      <h2 id="import-package-title">{t('accountPackage.importTitle')}</h2>
      {report ? (
        <div data-testid="import-package-report">
          <p>{t('accountPackage.imported', { people: report.records['people.jsonl'] ?? 0, companies: report.records['companies.jsonl'] ?? 0, deals: report.records['deals.jsonl'] ?? 0, files: report.files })}</p>
          {report.mappedUsers.length > 0 && (
            <>
              <p>{t('accountPackage.mappedUsers')}</p>
              <ul data-testid="import-package-mapped">
                {report.mappedUsers.map((user) => (
                  <li key={user.email}>
                    {user.name} ({user.email})
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : (
        <>
          <p>{t('accountPackage.importIntro')}</p>
          <FormError>{error}</FormError>
          {busy && !progress?.recordsTotal && <ProgressBar label={t('accountPackage.importing')} />}
          {progress?.recordsTotal ? (
            <div data-testid="import-package-progress">
              <progress value={progress.recordsDone ?? 0} max={Math.max(progress.recordsTotal, 1)} aria-label={t('accountPackage.importing')} />
              <p>{t('accountPackage.importProgress', { done: format.number(progress.recordsDone ?? 0), total: format.number(progress.recordsTotal) })}</p>
            </div>
          ) : null}
          <input type="file" accept=".zip,application/zip" aria-label={t('accountPackage.importFile')} onChange={(e) => setFile(e.target.files?.[0])} />{' '}
          <button type="button" className="button button--primary" disabled={!file || busy} onClick={() => void upload()}>
            {t('accountPackage.importButton')}
          </button>
        </>
      )}
    </section>
  );
}
