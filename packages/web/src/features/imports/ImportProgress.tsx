import { useApolloClient } from '@apollo/client/react';
import type { ImportRunItemFragment } from '@kontor/sdk';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../ui/States';
import { downloadFailures } from './upload-import';

/** A running import as a progress bar (rows done, rows failed, time left); a finished one as its result. */
export function ImportProgress({ run }: { run: ImportRunItemFragment }) {
  const { t } = useTranslation();
  const [downloadError, setDownloadError] = useState<string>();
  const finished = !['QUEUED', 'RUNNING'].includes(run.status);
  const client = useApolloClient();
  // The lists cached before the import do not hold what it brought in: they are read afresh next time.
  useEffect(() => {
    if (!finished) return;
    for (const fieldName of ['people', 'companies', 'tags', 'usage']) client.cache.evict({ id: 'ROOT_QUERY', fieldName });
    client.cache.gc();
  }, [finished, client]);
  return (
    <div data-testid="import-progress">
      <p data-testid="import-status">{t(`imports.status.${run.status}`)}</p>
      <progress className="import-progress" value={run.rowsDone} max={Math.max(run.rowsTotal, 1)} aria-label={t('imports.progress')} />
      <p>
        {t('imports.rowsOf', { done: run.rowsDone, total: run.rowsTotal })}
        {run.rowsFailed > 0 && ` · ${t('imports.failedCount', { count: run.rowsFailed })}`}
        {!finished && run.secondsLeft != null && ` · ${t('imports.secondsLeft', { count: run.secondsLeft })}`}
      </p>
      {finished && (
        <ul data-testid="import-result">
          <li>{t('imports.created', { count: run.rowsCreated })}</li>
          <li>{t('imports.updated', { count: run.rowsUpdated })}</li>
          <li>{t('imports.skipped', { count: run.rowsSkipped })}</li>
          <li>{t('imports.failedCount', { count: run.rowsFailed })}</li>
        </ul>
      )}
      {run.stopReason === 'CONTACT_LIMIT' && (
        <p role="alert">{t('imports.stoppedAtLimit', { limit: run.contactLimit, imported: run.rowsCreated + run.rowsUpdated, rest: run.rowsFailed })}</p>
      )}
      {run.stopReason === 'NO_RIGHT' && <p role="alert">{t('imports.stoppedNoRight')}</p>}
      {run.stopReason === 'PACKAGE_IMPORT' && <p role="alert">{t('imports.stoppedPackageImport')}</p>}
      {finished && run.rowsFailed > 0 && (
        <>
          <FormError>{downloadError}</FormError>
          <button
            type="button"
            className="button"
            onClick={() => void downloadFailures(run.failuresPath, `${run.fileName.replace(/\.[^.]*$/, '')}-failed-rows.csv`).catch(() => setDownloadError(t('imports.downloadFailed')))}
          >
            {t('imports.downloadFailures')}
          </button>
        </>
      )}
    </div>
  );
}
