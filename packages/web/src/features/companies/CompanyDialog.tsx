import { useMutation } from '@apollo/client/react';
import { CreateCompanyDocument, UpdateCompanyDocument, type CompanyRowFragment } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { CustomValueInputs } from '../customfields/CustomValueInputs';
import { useCustomValuesForm } from '../customfields/useCustomValuesForm';

const refetchQueries = ['Companies', 'CompanyChoices', 'Company'];

/** A new company, or (given `company`) the changes to one: name, website and the custom values, as the person's dialog does. */
export function CompanyDialog({ open, onClose, company }: { open: boolean; onClose(): void; company?: CompanyRowFragment }) {
  const { t } = useTranslation();
  const [name, setName] = useState(company?.name ?? '');
  const [website, setWebsite] = useState(company?.website ?? '');
  const [create, creating] = useMutation(CreateCompanyDocument, { refetchQueries });
  const [update, updating] = useMutation(UpdateCompanyDocument, { refetchQueries });
  const loading = creating.loading || updating.loading;
  const errors = useFieldErrors(['name', 'website'] as const);
  const custom = useCustomValuesForm('COMPANY', company?.customFields, !open);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      const customFields = custom.inputs();
      if (company) {
        await update({ variables: { id: company.id, input: { name, website, customFields } } });
        onClose();
        return;
      }
      await create({ variables: { input: { name, website: website || undefined, ...(customFields.length > 0 ? { customFields } : {}) } } });
      setName('');
      setWebsite('');
      custom.reset();
      onClose();
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <Dialog open={open} title={company ? t('companies.edit') : t('companies.new')} onClose={onClose}>
      {loading && <ProgressBar />}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormError>{errors.formError}</FormError>
        <Field label={t('companies.name')} name="name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} error={errors.fieldErrors.name} />
        <Field label={t('companies.website')} name="website" value={website} onChange={(e) => setWebsite(e.target.value)} error={errors.fieldErrors.website} />
        <CustomValueInputs fields={custom.definitions} values={custom.values} onChange={custom.setValues} />
        <DialogActions submitLabel={company ? t('common.save') : t('common.create')} onCancel={onClose} disabled={loading} />
      </form>
    </Dialog>
  );
}
