import { useMutation, useQuery } from '@apollo/client/react';
import { CompanyChoicesDocument, CreateDealDocument, type PipelinesQuery } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../auth/useFieldErrors';
import { Dialog } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';

const fields = ['title', 'value', 'amountCents', 'companyId', 'phaseId', 'probability'] as const;

export function CreateDealDialog({ open, pipeline, onClose }: { open: boolean; pipeline: PipelinesQuery['pipelines'][number]; onClose(): void }) {
  const { t } = useTranslation();
  const companies = useQuery(CompanyChoicesDocument, { skip: !open });
  const [create, { loading }] = useMutation(CreateDealDocument, { refetchQueries: ['Deals'] });
  const [title, setTitle] = useState('');
  const [amount, setAmount] = useState('');
  const [companyId, setCompanyId] = useState('');
  const [phaseId, setPhaseId] = useState('');
  const errors = useFieldErrors(fields);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    const euros = Number(amount.replace(',', '.') || '0');
    if (!Number.isFinite(euros) || euros < 0) {
      errors.showField('value', t('deals.invalidValue'));
      return;
    }
    try {
      await create({
        variables: {
          input: {
            title,
            pipelineId: pipeline.id,
            phaseId: phaseId || undefined,
            companyId: companyId || undefined,
            value: { amountCents: Math.round(euros * 100), currency: 'EUR' },
          },
        },
      });
      setTitle('');
      setAmount('');
      onClose();
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <Dialog open={open} title={t('deals.new')} onClose={onClose}>
      {loading && <ProgressBar />}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormError>{errors.formError}</FormError>
        <Field label={t('deals.dealTitle')} name="title" required autoFocus value={title} onChange={(e) => setTitle(e.target.value)} error={errors.fieldErrors.title} />
        <Field label={t('deals.valueEur')} name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={errors.fieldErrors.value ?? errors.fieldErrors.amountCents} />
        <SelectField
          label={t('deals.phase')}
          name="phaseId"
          value={phaseId}
          onChange={setPhaseId}
          options={[{ value: '', label: t('deals.firstPhase') }, ...pipeline.phases.map((p) => ({ value: p.id, label: p.name }))]}
          error={errors.fieldErrors.phaseId}
        />
        <SelectField
          label={t('people.company')}
          name="companyId"
          value={companyId}
          onChange={setCompanyId}
          options={[{ value: '', label: t('people.noCompany') }, ...(companies.data?.companies.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))]}
          error={errors.fieldErrors.companyId}
        />
        <div className="form__actions">
          <button type="button" className="button button--quiet" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={loading}>
            {t('common.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
