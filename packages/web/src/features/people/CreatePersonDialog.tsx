import { useMutation, useQuery } from '@apollo/client/react';
import { CompanyChoicesDocument, CreatePersonDocument, UpdatePersonDocument, type PersonRowFragment } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../auth/useFieldErrors';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';
import { CustomValueInputs } from '../customfields/CustomValueInputs';
import { useCustomValuesForm } from '../customfields/useCustomValuesForm';

const fields = ['firstName', 'lastName', 'email', 'emails', 'phones', 'companyId', 'position'] as const;
const empty = { firstName: '', lastName: '', email: '', phone: '', position: '', companyId: '' };

type EditedPerson = PersonRowFragment & { phones: string[] };

function formOf(person?: EditedPerson) {
  if (!person) return empty;
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.emails[0] ?? '',
    phone: person.phones[0] ?? '',
    position: person.position ?? '',
    companyId: person.company?.id ?? '',
  };
}

/** A new person, or (given `person`) the changes to one. */
export function CreatePersonDialog({ open, onClose, person }: { open: boolean; onClose(): void; person?: EditedPerson }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(() => formOf(person));
  const companies = useQuery(CompanyChoicesDocument, { skip: !open });
  const custom = useCustomValuesForm('PERSON', person?.customFields, !open);
  const [create, creating] = useMutation(CreatePersonDocument, { refetchQueries: ['People', 'Company'] });
  const [update, updating] = useMutation(UpdatePersonDocument, { refetchQueries: ['People', 'Company'] });
  const loading = creating.loading || updating.loading;
  const errors = useFieldErrors(fields);
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      if (person) {
        // Only the first address and number are edited here; the others stay as they are.
        const keep = (first: string, all: string[]) => [first.trim(), ...all.slice(1)].filter(Boolean);
        await update({
          variables: {
            id: person.id,
            input: {
              firstName: form.firstName,
              lastName: form.lastName,
              emails: keep(form.email, person.emails),
              phones: keep(form.phone, person.phones),
              position: form.position,
              companyId: form.companyId || null,
              customFields: custom.inputs(),
            },
          },
        });
        onClose();
        return;
      }
      await create({
        variables: {
          input: {
            firstName: form.firstName || undefined,
            lastName: form.lastName,
            email: form.email || undefined,
            phones: form.phone ? [form.phone] : undefined,
            position: form.position || undefined,
            companyId: form.companyId || undefined,
            customFields: custom.inputs(),
          },
        },
      });
      setForm(empty);
      custom.reset();
      onClose();
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <Dialog open={open} title={person ? t('people.edit') : t('people.new')} onClose={onClose}>
      {loading && <ProgressBar />}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <FormError>{errors.formError}</FormError>
        <Field label={t('people.firstName')} name="firstName" autoFocus value={form.firstName} onChange={set('firstName')} error={errors.fieldErrors.firstName} />
        <Field label={t('people.lastName')} name="lastName" required value={form.lastName} onChange={set('lastName')} error={errors.fieldErrors.lastName} />
        <Field label={t('people.email')} name="email" type="email" value={form.email} onChange={set('email')} error={errors.fieldErrors.email ?? errors.fieldErrors.emails} />
        <Field label={t('people.phone')} name="phone" type="tel" value={form.phone} onChange={set('phone')} error={errors.fieldErrors.phones} />
        <Field label={t('people.position')} name="position" value={form.position} onChange={set('position')} error={errors.fieldErrors.position} />
        <SelectField
          label={t('people.company')}
          name="companyId"
          value={form.companyId}
          onChange={(companyId) => setForm({ ...form, companyId })}
          error={errors.fieldErrors.companyId}
          options={[{ value: '', label: t('people.noCompany') }, ...(companies.data?.companies.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))]}
        />
        <CustomValueInputs fields={custom.definitions} values={custom.values} onChange={custom.setValues} />
        <DialogActions submitLabel={person ? t('common.save') : t('common.create')} onCancel={onClose} disabled={loading} />
      </form>
    </Dialog>
  );
}
