import { useMutation, useQuery } from '@apollo/client/react';
import { CompanyChoicesDocument, CreatePersonDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../auth/useFieldErrors';
import { Dialog } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';

const fields = ['firstName', 'lastName', 'email', 'companyId', 'position'] as const;
const empty = { firstName: '', lastName: '', email: '', position: '', companyId: '' };

export function CreatePersonDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(empty);
  const companies = useQuery(CompanyChoicesDocument, { skip: !open });
  const [create, { loading }] = useMutation(CreatePersonDocument, { refetchQueries: ['People', 'Company'] });
  const errors = useFieldErrors(fields);
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await create({
        variables: {
          input: {
            firstName: form.firstName || undefined,
            lastName: form.lastName,
            email: form.email || undefined,
            position: form.position || undefined,
            companyId: form.companyId || undefined,
          },
        },
      });
      setForm(empty);
      onClose();
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <Dialog open={open} title={t('people.new')} onClose={onClose}>
      {loading && <ProgressBar />}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormError>{errors.formError}</FormError>
        <Field label={t('people.firstName')} name="firstName" autoFocus value={form.firstName} onChange={set('firstName')} error={errors.fieldErrors.firstName} />
        <Field label={t('people.lastName')} name="lastName" required value={form.lastName} onChange={set('lastName')} error={errors.fieldErrors.lastName} />
        <Field label={t('people.email')} name="email" type="email" value={form.email} onChange={set('email')} error={errors.fieldErrors.email} />
        <Field label={t('people.position')} name="position" value={form.position} onChange={set('position')} error={errors.fieldErrors.position} />
        <SelectField
          label={t('people.company')}
          name="companyId"
          value={form.companyId}
          onChange={(companyId) => setForm({ ...form, companyId })}
          error={errors.fieldErrors.companyId}
          options={[{ value: '', label: t('people.noCompany') }, ...(companies.data?.companies.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))]}
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
