import type { CustomFieldDefinitionFragment } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { FormError } from '../../ui/States';
import { choiceOf, choicesOf, filterOf, isComplete, needsValue, parseNumber, type FilterChoice, type ListFilter } from './custom-filters';
import type { ListQuery } from './useListQuery';

/**
 * "Filter" on a list: a form that adds a condition on one of the account's
 * custom fields (the operators its type offers), and the conditions in force
 * as chips, each removable. They combine with the search words; the URL keeps them.
 */
export function ListFilters({ list }: { list: ListQuery }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (list.fields.length === 0) return null;
  return (
    <div className="list-filters">
      <button type="button" className="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('customFields.filter.button')}
        {list.filters.length > 0 && ` (${list.filters.length})`}
      </button>
      {open && <FilterForm fields={list.fields} onAdd={(filter) => list.setFilters([...list.filters, filter])} />}
    </div>
  );
}

/** The filters in force, each with a button that removes it. */
export function FilterChips({ list }: { list: ListQuery }) {
  const { t } = useTranslation();
  const format = useFormat();
  const shown = list.filters.flatMap((filter, index) => {
    const field = list.fields.find((f) => f.id === filter.fieldId);
    return field ? [{ filter, field, index }] : [];
  });
  if (shown.length === 0) return null;
  const describe = (filter: ListFilter, field: CustomFieldDefinitionFragment) => {
    const choice = choiceOf(filter);
    if (!needsValue(choice)) return '';
    if (choice === 'anyOf') return field.choices.filter((c) => filter.value.split(',').includes(c.id)).map((c) => c.label).join(', ');
    if (field.type === 'DATE') return format.date(filter.value);
    if (field.type === 'NUMBER' || field.type === 'MONEY') return format.number(parseNumber(filter.value) ?? 0);
    return `“${filter.value}”`;
  };
  return (
    <ul className="filter-chips" data-testid="filter-chips">
      {shown.map(({ filter, field, index }) => {
        const label = `${field.name} ${t(`customFields.filter.choices.${choiceOf(filter)}`)} ${describe(filter, field)}`.trim();
        return (
          <li key={index} className="filter-chip">
            {label}
            <button type="button" className="link-button" aria-label={t('customFields.filter.remove', { filter: label })} onClick={() => list.setFilters(list.filters.filter((_, i) => i !== index))}>
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function FilterForm({ fields, onAdd }: { fields: CustomFieldDefinitionFragment[]; onAdd(filter: ListFilter): void }) {
  const { t } = useTranslation();
  const [fieldId, setFieldId] = useState(fields[0]!.id);
  const field = fields.find((f) => f.id === fieldId) ?? fields[0]!;
  const choices = choicesOf(field.type);
  const [picked, setPicked] = useState<FilterChoice>(choices[0]!);
  const choice = choices.includes(picked) ? picked : choices[0]!;
  const [value, setValue] = useState('');
  const [chosenIds, setChosenIds] = useState<string[]>([]);
  const [error, setError] = useState<string>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const filter = filterOf(field.id, choice, choice === 'anyOf' ? chosenIds.join(',') : value.trim());
    if (!isComplete(filter, field)) return setError(t('customFields.filter.needsValue'));
    setError(undefined);
    setValue('');
    setChosenIds([]);
    onAdd(filter);
  }

  const inputType = field.type === 'DATE' ? 'date' : 'text';
  return (
    <form className="list-filters__form" onSubmit={submit} data-testid="filter-form">
      <label className="field">
        <span>{t('customFields.filter.field')}</span>
        <select value={field.id} onChange={(e) => setFieldId(e.target.value)}>
          {fields.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('customFields.filter.condition')}</span>
        <select value={choice} onChange={(e) => setPicked(e.target.value as FilterChoice)}>
          {choices.map((c) => (
            <option key={c} value={c}>
              {t(`customFields.filter.choices.${c}`)}
            </option>
          ))}
        </select>
      </label>
      {choice === 'anyOf' ? (
        <fieldset className="checkbox-grid">
          <legend>{t('customFields.filter.value')}</legend>
          {field.choices.map((c) => (
            <label key={c.id} className="checkbox">
              <input type="checkbox" checked={chosenIds.includes(c.id)} onChange={(e) => setChosenIds(e.target.checked ? [...chosenIds, c.id] : chosenIds.filter((id) => id !== c.id))} /> {c.label}
            </label>
          ))}
        </fieldset>
      ) : (
        needsValue(choice) && (
          <label className="field">
            <span>{t('customFields.filter.value')}</span>
            <input type={inputType} inputMode={field.type === 'NUMBER' || field.type === 'MONEY' ? 'decimal' : undefined} value={value} onChange={(e) => setValue(e.target.value)} />
          </label>
        )
      )}
      <FormError>{error}</FormError>
      <button type="submit" className="button button--primary">
        {t('customFields.filter.add')}
      </button>
    </form>
  );
}
