import { useMutation } from '@apollo/client/react';
import { UpdateProfileDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { updateSessionUser } from '../../session/session';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';

const fields = ['firstName', 'lastName'] as const;

/** First and last name: shown wherever the app shows this person, in every account. */
export function NameForm(props: { firstName: string; lastName: string }) {
  const { t } = useTranslation();
  const [firstName, setFirstName] = useState(props.firstName);
  const [lastName, setLastName] = useState(props.lastName);
  const [saved, setSaved] = useState(false);
  const [update, { loading }] = useMutation(UpdateProfileDocument);
  const errors = useFieldErrors(fields);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setSaved(false);
    try {
      const { data } = await update({ variables: { input: { firstName, lastName } } });
      updateSessionUser({ name: data!.updateProfile.name });
      setSaved(true);
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="name-form">
      <FormError>{errors.formError}</FormError>
      <Field label={t('profile.firstName')} name="firstName" autoComplete="given-name" required value={firstName} onChange={(e) => setFirstName(e.target.value)} error={errors.fieldErrors.firstName} />
      <Field label={t('profile.lastName')} name="lastName" autoComplete="family-name" required value={lastName} onChange={(e) => setLastName(e.target.value)} error={errors.fieldErrors.lastName} />
      {saved && (
        <p className="form-success" role="status">
          {t('profile.saved')}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={loading}>
        {t('common.save')}
      </button>
    </form>
  );
}
