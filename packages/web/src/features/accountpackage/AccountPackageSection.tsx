import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { AccountPackageDownloadDocument, AccountPackageJobsDocument, StartAccountPackageDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/States';

/**
 * "Export everything": the whole account as one package (a ZIP), made in the
 * background with a progress bar; once ready, a download whose link works
 * once (a fresh one is asked for at each click). A package is downloaded
 * once: its copy on the server is deleted then, or when it expires. Owners
 * and co-owners.
 */
export function AccountPackageSection({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useApolloClient();
  const [error, setError] = useState<string>();
  const { data } = useQuery(AccountPackageJobsDocument, { fetchPolicy: 'cache-and-network' });
  const [start, { loading: starting }] = useMutation(StartAccountPackageDocument, { refetchQueries: ['AccountPackageJobs'] });
  const job = data?.accountPackageJobs[0];
  const running = job?.status === 'QUEUED' || job?.status === 'RUNNING';
  const ready = job?.status === 'READY' && !job.downloadedAt && job.expiresAt != null && new Date(job.expiresAt) > new Date();
  const Heading = `h${headingLevel}` as const;

  // While a package is being made, its progress is asked for every second.
  const { data: polled } = useQuery(AccountPackageJobsDocument, { skip: !running, pollInterval: 1000, fetchPolicy: 'network-only' });
  const shown = polled?.accountPackageJobs[0] ?? job;

  async function download() {
    if (!job) return;
    setError(undefined);
    try {
      const { data: link } = await client.query({ query: AccountPackageDownloadDocument, variables: { id: job.id }, fetchPolicy: 'network-only' });
      const url = link?.accountPackageJob?.downloadUrl;
      if (!url) {
        // Downloaded meanwhile (perhaps in another tab) or expired: its copy here is gone.
        await client.refetchQueries({ include: ['AccountPackageJobs'] });
        return setError(t('accountPackage.gone'));
      }
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = '';
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }

  return (
    <section data-testid="account-package" aria-labelledby="account-package-title">
      <Heading id="account-package-title">{t('accountPackage.title')}</Heading>
      <p>{t('accountPackage.intro')}</p>
      <FormError>{error}</FormError>
      {shown && (shown.status === 'QUEUED' || shown.status === 'RUNNING') && (
        <div data-testid="account-package-progress">
          <progress value={shown.recordsDone} max={Math.max(shown.recordsTotal, 1)} aria-label={t('accountPackage.progress')} />
          <p>{t('accountPackage.running', { done: format.number(shown.recordsDone), total: format.number(shown.recordsTotal) })}</p>
        </div>
      )}
      {shown?.status === 'FAILED' && <p role="alert">{t('accountPackage.failed')}</p>}
      {ready && job && (
        <p data-testid="account-package-ready">
          {t('accountPackage.ready', { size: format.bytes(job.byteSize ?? 0), until: format.dateTime(job.expiresAt!) })}{' '}
          <button type="button" className="button button--primary" onClick={() => void download()}>
            {t('accountPackage.download')}
          </button>
        </p>
      )}
      {job?.downloadedAt && <p data-testid="account-package-downloaded">{t('accountPackage.downloaded', { date: format.dateTime(job.downloadedAt) })}</p>}
      {!running && (
        <button
          type="button"
          className="button"
          disabled={starting}
          onClick={() => {
            setError(undefined);
            start().catch((e: unknown) => setError(errorMessage(t, e)));
          }}
        >
          {job ? t('accountPackage.again') : t('accountPackage.start')}
        </button>
      )}
    </section>
  );
}
