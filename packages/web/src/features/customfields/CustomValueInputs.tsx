import type { CustomFieldDefinitionFragment } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { Field, SelectField } from '../../ui/Field';
import type { FormValue, FormValues } from './custom-values';

const inputTypes: Partial<Record<string, string>> = { NUMBER: 'number', MONEY: 'number', DATE: 'date', URL: 'url', EMAIL: 'email', PHONE: 'tel' };

/**
 * A record form's inputs for the account's custom fields of its type, each
 * fitting its field's type; errors come by `customFields.<i>` from the server,
 * shown as `error` next to the form.
 */
export function CustomValueInputs(props: { fields: CustomFieldDefinitionFragment[]; values: FormValues; onChange(values: FormValues): void }) {
  const { t } = useTranslation();
  const { fields, values, onChange } = props;
  const set = (id: string, value: FormValue) => onChange({ ...values, [id]: value });
  return (
    <>
      {fields.map((field) => {
        const value = values[field.id];
        const label = field.type === 'MONEY' && field.currency ? `${field.name} (${field.currency})` : field.name;
        switch (field.type) {
          case 'CHECKBOX':
            return (
              <label key={field.id} className="checkbox">
                <input type="checkbox" name={`cf-${field.name}`} checked={value === true} onChange={(e) => set(field.id, e.target.checked)} /> {field.name}
              </label>
            );
          case 'SINGLE_CHOICE':
            return (
              <SelectField
                key={field.id}
                label={label}
                name={`cf-${field.name}`}
                value={(value as string) ?? ''}
                onChange={(id) => set(field.id, id)}
                options={[{ value: '', label: t('customFields.noChoice') }, ...field.choices.map((c) => ({ value: c.id, label: c.label }))]}
              />
            );
          case 'MULTIPLE_CHOICE': {
            const chosen = (value as string[]) ?? [];
            return (
              <fieldset key={field.id} className="field">
                <legend>{label}</legend>
                <div className="checkbox-grid">
                  {field.choices.map((choice) => (
                    <label key={choice.id} className="checkbox">
                      <input
                        type="checkbox"
                        checked={chosen.includes(choice.id)}
                        onChange={(e) => set(field.id, e.target.checked ? [...chosen, choice.id] : chosen.filter((id) => id !== choice.id))}
                      />{' '}
                      {choice.label}
                    </label>
                  ))}
                </div>
              </fieldset>
            );
          }
          case 'LONG_TEXT':
            return (
              <div key={field.id} className="field">
                <label htmlFor={`cf-${field.id}`}>{label}</label>
                <textarea id={`cf-${field.id}`} name={`cf-${field.name}`} rows={3} value={(value as string) ?? ''} onChange={(e) => set(field.id, e.target.value)} />
              </div>
            );
          default:
            return (
              <Field
                key={field.id}
                label={label}
                name={`cf-${field.name}`}
                type={inputTypes[field.type] ?? 'text'}
                step={field.type === 'NUMBER' || field.type === 'MONEY' ? 'any' : undefined}
                value={(value as string) ?? ''}
                onChange={(e) => set(field.id, e.target.value)}
                hint={field.description ?? undefined}
              />
            );
        }
      })}
    </>
  );
}
