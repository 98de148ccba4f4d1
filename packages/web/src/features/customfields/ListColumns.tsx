import { useQuery } from '@apollo/client/react';
import { CustomFieldsDocument, type CustomFieldDefinitionFragment, type CustomFieldOrder, type CustomFieldRecordType, type CustomValueFragment } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { displayValue } from './custom-values';

/**
 * Which custom fields a list shows as columns: those marked "show in lists"
 * until the user picks their own, which this browser remembers per account and list.
 */
export function useListColumns(slug: string, recordType: CustomFieldRecordType) {
  const storageKey = `kontor.columns.${slug}.${recordType}`;
  const { data } = useQuery(CustomFieldsDocument, { variables: { recordType } });
  const fields = data?.customFields ?? [];
  const [picked, setPicked] = useState<string[] | null>(() => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? 'null') as string[] | null;
    } catch {
      return null;
    }
  });
  const shown = fields.filter((field) => (picked ? picked.includes(field.id) : field.showInList));
  function toggle(field: CustomFieldDefinitionFragment) {
    const next = shown.some((f) => f.id === field.id) ? shown.filter((f) => f.id !== field.id).map((f) => f.id) : [...shown.map((f) => f.id), field.id];
    setPicked(next);
    localStorage.setItem(storageKey, JSON.stringify(next));
  }
  return { fields, shown, toggle };
}

/** "Columns": a menu of the custom fields with a box each. */
export function ColumnPicker({ columns }: { columns: ReturnType<typeof useListColumns> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (columns.fields.length === 0) return null;
  return (
    <div className="column-picker">
      <button type="button" className="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('customFields.columns')}
      </button>
      {open && (
        <div className="column-picker__menu" data-testid="column-picker">
          {columns.fields.map((field) => (
            <label key={field.id} className="checkbox">
              <input type="checkbox" checked={columns.shown.some((f) => f.id === field.id)} onChange={() => columns.toggle(field)} /> {field.name}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}

type Columns = ReturnType<typeof useListColumns>;

/** A list's order by one of its custom columns, or none; choosing the same column again turns the direction round. */
export function useCustomSort() {
  const [sort, setSort] = useState<CustomFieldOrder>();
  const toggle = (fieldId: string) => setSort(sort?.fieldId === fieldId && sort.direction === 'ASC' ? { fieldId, direction: 'DESC' } : { fieldId, direction: 'ASC' });
  return { sort, toggle };
}

/** The heads of the custom columns: a click sorts by one (choice fields are not sortable). */
export function CustomColumnHeads({ columns, sorting }: { columns: Columns; sorting: ReturnType<typeof useCustomSort> }) {
  const { sort, toggle } = sorting;
  return (
    <>
      {columns.shown.map((field) => (
        <th key={field.id} aria-sort={sort?.fieldId === field.id ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : undefined}>
          {field.type === 'SINGLE_CHOICE' || field.type === 'MULTIPLE_CHOICE' ? (
            field.name
          ) : (
            <button type="button" className="link-button" onClick={() => toggle(field.id)}>
              {field.name}
              {sort?.fieldId === field.id && (sort.direction === 'ASC' ? ' ↑' : ' ↓')}
            </button>
          )}
        </th>
      ))}
    </>
  );
}

/** A row's cells of the custom columns. */
export function CustomColumnCells({ columns, values }: { columns: Columns; values: CustomValueFragment[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      {columns.shown.map((field) => {
        const value = values.find((v) => v.field.id === field.id);
        return <td key={field.id} data-label={field.name}>{value ? displayValue(value, format, t('customFields.yes'), t('customFields.no')) : <span className="muted">–</span>}</td>;
      })}
    </>
  );
}
