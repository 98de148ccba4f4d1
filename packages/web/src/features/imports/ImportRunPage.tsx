import { useQuery } from '@apollo/client/react';
import { ImportRunDocument } from '@kontor/sdk';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../session/useCurrentMembership';
import { paths } from '../../ui/paths';
import { QueryStates } from '../../ui/QueryStates';
import { Empty } from '../../ui/States';
import { ImportMapping } from './ImportMapping';
import { ImportProgress } from './ImportProgress';

const working = new Set(['QUEUED', 'RUNNING']);

/** One import: its mapping and preview before it runs, then its progress and result. */
export default function ImportRunPage() {
  const { t } = useTranslation();
  const { slug = '', id = '' } = useParams();
  const can = useCan();
  const { data, loading, error, refetch, startPolling, stopPolling } = useQuery(ImportRunDocument, { variables: { id }, skip: !can('RECORDS_IMPORT') });
  const status = data?.importRun?.status;
  // Follows a queued or running import once a second (startImport's answer updates the status in the cache); stops when it is done.
  useEffect(() => {
    if (!status || !working.has(status)) return;
    startPolling(1000);
    return () => stopPolling();
  }, [status, startPolling, stopPolling]);
  if (!can('RECORDS_IMPORT')) return <Empty title={t('imports.notAllowed')} />;

  return (
    <section data-testid="import-run">
      <p>
        <Link to={paths.imports(slug)}>{t('imports.back')}</Link>
      </p>
      <QueryStates data={data} loading={loading} error={error} onRetry={refetch} isEmpty={(d) => d.importRun === null} empty={<Empty title={t('imports.notFound')} />}>
        {(data) => (
          <>
            <h1>{t('imports.runTitle', { file: data.importRun!.fileName })}</h1>
            {data.importRun!.status === 'UPLOADED' ? <ImportMapping run={data.importRun!} /> : <ImportProgress run={data.importRun!} />}
          </>
        )}
      </QueryStates>
    </section>
  );
}
