import { useMutation } from '@apollo/client/react';
import { CreateDealDocument, type PipelinesQuery } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { Dialog } from '../../ui/Dialog';
import { createDealInput, newDealValues } from './deal-form-values';
import { DealForm } from './DealForm';

/** A new deal in `pipeline`; each opening starts with an empty form. */
export function CreateDealDialog({ open, pipeline, onClose }: { open: boolean; pipeline: PipelinesQuery['pipelines'][number]; onClose(): void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [create, { loading }] = useMutation(CreateDealDocument, { refetchQueries: ['Deals'] });
  const phases = [...pipeline.phases].sort((a, b) => a.position - b.position);

  return (
    <Dialog open={open} title={t('deals.new')} onClose={onClose}>
      <DealForm
        initial={newDealValues(session.status === 'signedIn' ? session.user.id : '')}
        phases={phases}
        submitLabel={t('common.create')}
        busy={loading}
        onCancel={onClose}
        onSubmit={async (values, customFields) => {
          await create({ variables: { input: { ...createDealInput(values, pipeline.id), ...(customFields.length > 0 ? { customFields } : {}) } } });
          onClose();
        }}
      />
    </Dialog>
  );
}
