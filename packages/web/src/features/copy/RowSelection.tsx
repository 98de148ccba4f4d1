import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The rows ticked on a list (by ID), for actions on several records at once ("Copy to account…"). */
export function useRowSelection() {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setSelected((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const toggleAll = (ids: string[]) => setSelected((old) => (ids.every((id) => old.has(id)) ? new Set() : new Set(ids)));
  return { selected, ids: [...selected], toggle, toggleAll };
}

type RowSelection = ReturnType<typeof useRowSelection>;

/** The head of the tick column: ticks or unticks every row shown. */
export function SelectAllHead({ selection, ids }: { selection: RowSelection; ids: string[] }) {
  const { t } = useTranslation();
  return (
    <th className="table__select">
      <input type="checkbox" aria-label={t('copy.selectAll')} checked={ids.length > 0 && ids.every((id) => selection.selected.has(id))} onChange={() => selection.toggleAll(ids)} />
    </th>
  );
}

export function SelectCell({ selection, id, name }: { selection: RowSelection; id: string; name: string }) {
  const { t } = useTranslation();
  return (
    <td className="table__select">
      <input type="checkbox" aria-label={t('copy.select', { name })} checked={selection.selected.has(id)} onChange={() => selection.toggle(id)} />
    </td>
  );
}
