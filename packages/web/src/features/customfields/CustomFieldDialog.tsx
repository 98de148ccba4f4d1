import { useMutation } from '@apollo/client/react';
import { CreateCustomFieldDocument, UpdateCustomFieldDocument, type CustomFieldDefinitionFragment, type CustomFieldRecordType, type CustomFieldType } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../auth/useFieldErrors';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';

export const fieldTypes: CustomFieldType[] = ['TEXT', 'LONG_TEXT', 'NUMBER', 'MONEY', 'DATE', 'CHECKBOX', 'SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'URL', 'EMAIL', 'PHONE'];
const formFields = ['name', 'description', 'type', 'currency', 'choices'] as const;
const isChoice = (type: CustomFieldType) => type === 'SINGLE_CHOICE' || type === 'MULTIPLE_CHOICE';

interface Choice {
  id?: string;
  label: string;
}

/** A new custom field of `recordType`, or (given `field`) the changes to one: name, description, type, list column, currency, choices. */
export function CustomFieldDialog(props: { recordType: CustomFieldRecordType; field?: CustomFieldDefinitionFragment; onClose(): void }) {
  const { t } = useTranslation();
  const { field, recordType, onClose } = props;
  const [name, setName] = useState(field?.name ?? '');
  const [description, setDescription] = useState(field?.description ?? '');
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'TEXT');
  const [showInList, setShowInList] = useState(field?.showInList ?? false);
  const [currency, setCurrency] = useState(field?.currency ?? 'EUR');
  const [choices, setChoices] = useState<Choice[]>(field?.choices.map(({ id, label }) => ({ id, label })) ?? [{ label: '' }]);
  const [create, creating] = useMutation(CreateCustomFieldDocument, { refetchQueries: ['CustomFields'] });
  const [update, updating] = useMutation(UpdateCustomFieldDocument, { refetchQueries: ['CustomFields'] });
  const errors = useFieldErrors(formFields);
  const loading = creating.loading || updating.loading;

  function moveChoice(index: number, by: number) {
    const next = [...choices];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    setChoices(next);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    const common = {
      name,
      description: description.trim() || null,
      showInList,
      currency: type === 'MONEY' ? currency : null,
      choices: isChoice(type) ? choices.filter((c) => c.label.trim() !== '').map(({ id, label }) => ({ id, label })) : undefined,
    };
    try {
      if (field) await update({ variables: { id: field.id, input: { ...common, type: type === field.type ? undefined : type } } });
      else await create({ variables: { input: { ...common, recordType, type } } });
      onClose();
    } catch (error) {
      errors.show(error, { CUSTOM_FIELD_NAME_TAKEN: 'name', CUSTOM_FIELD_TYPE_NOT_CONVERTIBLE: 'type' });
    }
  }

  return (
    <Dialog open title={field ? t('customFields.edit') : t('customFields.new')} onClose={onClose}>
      {loading && <ProgressBar />}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="custom-field-form">
        <FormError>{errors.formError}</FormError>
        <Field label={t('customFields.name')} name="name" autoFocus required value={name} onChange={(e) => setName(e.target.value)} error={errors.fieldErrors.name} />
        <Field label={t('customFields.description')} name="description" value={description} onChange={(e) => setDescription(e.target.value)} error={errors.fieldErrors.description} />
        <SelectField
          label={t('customFields.type')}
          name="type"
          value={type}
          onChange={(value) => setType(value as CustomFieldType)}
          error={errors.fieldErrors.type}
          options={fieldTypes.map((value) => ({ value, label: t(`customFields.types.${value}`) }))}
        />
        {type === 'MONEY' && <Field label={t('customFields.currency')} name="currency" maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} error={errors.fieldErrors.currency} />}
        {isChoice(type) && (
          <fieldset className="field" data-testid="choices">
            <legend>{t('customFields.choices')}</legend>
            {choices.map((choice, i) => (
              <div key={choice.id ?? `new-${i}`} className="choice-row">
                <input aria-label={t('customFields.choice', { n: i + 1 })} value={choice.label} onChange={(e) => setChoices(choices.map((c, j) => (j === i ? { ...c, label: e.target.value } : c)))} />
                <button type="button" className="button button--quiet" disabled={i === 0} onClick={() => moveChoice(i, -1)} aria-label={t('customFields.moveUp')}>
                  ↑
                </button>
                <button type="button" className="button button--quiet" disabled={i === choices.length - 1} onClick={() => moveChoice(i, 1)} aria-label={t('customFields.moveDown')}>
                  ↓
                </button>
                <button type="button" className="button button--quiet" onClick={() => setChoices(choices.filter((_, j) => j !== i))} aria-label={t('customFields.removeChoice')}>
                  ✕
                </button>
              </div>
            ))}
            <button type="button" className="button" onClick={() => setChoices([...choices, { label: '' }])}>
              {t('customFields.addChoice')}
            </button>
            {errors.fieldErrors.choices && <p className="field__error" role="alert">{errors.fieldErrors.choices}</p>}
          </fieldset>
        )}
        <label className="checkbox">
          <input type="checkbox" name="showInList" checked={showInList} onChange={(e) => setShowInList(e.target.checked)} /> {t('customFields.showInList')}
        </label>
        <DialogActions submitLabel={field ? t('common.save') : t('common.create')} onCancel={onClose} disabled={loading} />
      </form>
    </Dialog>
  );
}
