import { useQuery } from '@apollo/client/react';
import { CustomFieldsDocument, type CompanyOrder, type CustomFieldDefinitionFragment, type CustomFieldRecordType, type CustomValueFragment, type DealOrder, type PersonOrder } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { displayValue } from './custom-values';
import type { ListSorting } from './useListQuery';

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

/** The heads of the custom columns: a click sorts by one (choice fields are not sortable). */
export function CustomColumnHeads({ columns, sorting }: { columns: Columns; sorting: ListSorting<string> }) {
  const { sort, toggle } = sorting;
  return (
    <>
      {columns.shown.map((field) => (
        <th key={field.id} aria-sort={sort?.fieldId === field.id ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : undefined}>
          {!sortable(field) ? (
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

type ListOrder = PersonOrder | CompanyOrder | DealOrder;

const sortable = (field: CustomFieldDefinitionFragment) => field.type !== 'SINGLE_CHOICE' && field.type !== 'MULTIPLE_CHOICE';

/**
 * "Sort by" above a list: its built-in orders and both directions of every
 * sortable custom field. Shown on a phone only (base.css), where the cards
 * hide the column heads a click on which sorts on a wider screen.
 */
export function SortSelect<Order extends ListOrder>({ orders, fields, sorting }: { orders: readonly Order[]; fields: CustomFieldDefinitionFragment[]; sorting: ListSorting<Order> }) {
  const { t } = useTranslation();
  return (
    <label className="sort-select">
      <span>{t('lists.sortBy')}</span>
      <select value={sorting.value} onChange={(e) => sorting.set(e.target.value)}>
        {orders.map((order, i) => (
          // The first order is the list's default, sent as no order at all.
          <option key={order} value={i === 0 ? '' : order}>
            {t(`lists.orders.${order as ListOrder}`)}
          </option>
        ))}
        {fields.filter(sortable).flatMap((field) => [
          <option key={`${field.id}.ASC`} value={`cf.${field.id}.ASC`}>
            {t('lists.fieldAscending', { name: field.name })}
          </option>,
          <option key={`${field.id}.DESC`} value={`cf.${field.id}.DESC`}>
            {t('lists.fieldDescending', { name: field.name })}
          </option>,
        ])}
      </select>
    </label>
  );
}
