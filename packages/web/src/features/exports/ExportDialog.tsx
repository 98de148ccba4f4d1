import { useApolloClient, useQuery } from '@apollo/client/react';
import { ExportColumnsDocument, ExportLinkDocument, PersonVcardDocument, type ExportFormat, type ExportInput, type ExportList } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../session/useCurrentMembership';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { followDownload } from '../../ui/download';
import { errorMessage } from '../../ui/errors';
import { FormError, ProgressBar } from '../../ui/States';

/** The filter of the list being exported, in the field of `ExportInput` that belongs to it. */
export type ExportFilter = Pick<ExportInput, 'peopleFilter' | 'companiesFilter' | 'dealsFilter' | 'tasksFilter'>;

/**
 * "Export" on a list: shown to members with `records.export`. Exports the
 * list as it is filtered right now, with the columns ticked, in the chosen
 * format; the file is made by the server while it downloads.
 */
export function ExportButton({ list, filter }: { list: ExportList; filter: ExportFilter }) {
  const { t } = useTranslation();
  const can = useCan();
  const [open, setOpen] = useState(false);
  if (!can('RECORDS_EXPORT')) return null;
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t('exports.button')}
      </button>
      <Dialog open={open} title={t('exports.title')} onClose={() => setOpen(false)}>
        <ExportForm list={list} filter={filter} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function ExportForm({ list, filter, onDone }: { list: ExportList; filter: ExportFilter; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const apollo = useApolloClient();
  const language = i18n.language.slice(0, 2);
  const columns = useQuery(ExportColumnsDocument, { variables: { list, language } });
  const [format, setFormat] = useState<ExportFormat>('CSV');
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const formats: ExportFormat[] = list === 'PEOPLE' ? ['CSV', 'XLSX', 'VCARD'] : ['CSV', 'XLSX'];
  const all = columns.data?.exportColumns ?? [];
  const chosen = all.filter((column) => !unticked.has(column.key)).map((column) => column.key);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { data } = await apollo.query({ query: ExportLinkDocument, variables: { input: { list, format, language, columns: chosen, ...filter } }, fetchPolicy: 'no-cache' });
      if (!data) throw new Error('no export link');
      followDownload(data.exportLink.url, data.exportLink.fileName);
      onDone();
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (key: string) => setUnticked((old) => {
    const next = new Set(old);
    if (!next.delete(key)) next.add(key);
    return next;
  });

  return (
    <form className="form" onSubmit={submit} data-testid="export-form">
      <fieldset className="checkbox-grid">
        <legend>{t('exports.format')}</legend>
        {formats.map((value) => (
          <label key={value} className="checkbox">
            <input type="radio" name="format" value={value} checked={format === value} onChange={() => setFormat(value)} />
            {t(`exports.formats.${value}`)}
          </label>
        ))}
      </fieldset>
      {format !== 'VCARD' && (
        <fieldset className="checkbox-grid" data-testid="export-columns">
          <legend>{t('exports.columns')}</legend>
          {columns.loading && <ProgressBar />}
          {all.map((column) => (
            <label key={column.key} className="checkbox">
              <input type="checkbox" checked={!unticked.has(column.key)} onChange={() => toggle(column.key)} />
              {column.label}
            </label>
          ))}
        </fieldset>
      )}
      <p className="muted">{t('exports.filtered')}</p>
      <FormError>{error}</FormError>
      <DialogActions submitLabel={busy ? t('exports.preparing') : t('exports.download')} onCancel={onDone} disabled={busy || (format !== 'VCARD' && chosen.length === 0)} />
    </form>
  );
}

/**
 * "Download vCard" on a person: every member may. The link is asked for on
 * the click, as it is valid for minutes only.
 */
export function VcardButton({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const apollo = useApolloClient();
  const [error, setError] = useState<string>();
  async function download() {
    setError(undefined);
    try {
      const { data } = await apollo.query({ query: PersonVcardDocument, variables: { id: personId }, fetchPolicy: 'no-cache' });
      if (data?.person) followDownload(data.person.vcardUrl);
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }
  return (
    <>
      <button type="button" className="button" onClick={() => void download()}>
        {t('exports.vcard')}
      </button>
      <FormError>{error}</FormError>
    </>
  );
}
