import { useMutation, useQuery } from '@apollo/client/react';
import { DealDocument, UpdateDealDocument } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog';
import { QueryStates } from '../../ui/QueryStates';
import { Empty } from '../../ui/States';
import { dealChanges, dealValues } from './deal-form-values';
import { DealForm } from './DealForm';
import { RecordFiles } from '../files/RecordFiles';
import { RecordNotes } from '../notes/RecordNotes';

/**
 * Changes to the deal `dealId` (open while it is set). Saving sends only the
 * fields that changed; the card on the board follows through the Apollo
 * cache. Cancel sends nothing.
 */
export function EditDealDialog({ dealId, onClose }: { dealId: string | undefined; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={dealId !== undefined} title={t('deals.edit')} onClose={onClose}>
      {dealId && <EditDeal dealId={dealId} onClose={onClose} />}
    </Dialog>
  );
}

function EditDeal({ dealId, onClose }: { dealId: string; onClose(): void }) {
  const { t } = useTranslation();
  // Always read afresh: someone else may have changed the deal since the board was loaded.
  const { data, loading, error, refetch } = useQuery(DealDocument, { variables: { id: dealId }, fetchPolicy: 'network-only' });
  const [update, updating] = useMutation(UpdateDealDocument);

  return (
    <QueryStates data={data?.deal} loading={loading} error={error} onRetry={refetch} keepWhileLoading notFound={<Empty title={t('deals.notFound')} />}>
      {(deal) => {
        const initial = dealValues(deal);
        return (
          <>
          <DealForm
            initial={initial}
            customValues={deal.customFields}
            submitLabel={t('common.save')}
            busy={updating.loading}
            onCancel={onClose}
            onSubmit={async (values, customFields) => {
              const input = { ...dealChanges(initial, values), ...(customFields.length > 0 ? { customFields } : {}) };
              if (Object.keys(input).length > 0) await update({ variables: { id: deal.id, input } });
              onClose();
            }}
          />
          <h3>{t('files.title')}</h3>
          <RecordFiles record={{ dealId: deal.id }} />
          <h3>{t('notes.title')}</h3>
          <RecordNotes notes={deal.notes} dealId={deal.id} />
          </>
        );
      }}
    </QueryStates>
  );
}
