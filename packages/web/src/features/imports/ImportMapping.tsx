import { useMutation, useQuery } from '@apollo/client/react';
import { CustomFieldsDocument, ImportPreviewDocument, StartImportDocument, type DuplicateMode, type ImportField, type ImportRunItemFragment } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../ui/errors';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';

const duplicateModes: DuplicateMode[] = ['SKIP', 'UPDATE', 'CREATE'];

/** Which field each column goes to (suggested from its header), what to do with duplicates, and the first rows as they will be stored. */
export function ImportMapping({ run }: { run: ImportRunItemFragment & { suggestedCustomFieldMapping: (string | null)[] } }) {
  const { t } = useTranslation();
  const [mapping, setMapping] = useState<(ImportField | null)[]>(run.suggestedMapping);
  // A column goes to a field of the record or to one of the account's custom fields ("custom:<id>" in the select).
  const [customMapping, setCustomMapping] = useState<(string | null)[]>(() => run.headers.map((_, column) => run.suggestedCustomFieldMapping[column] ?? null));
  const customFields = useQuery(CustomFieldsDocument, { variables: { recordType: run.kind === 'PEOPLE' ? 'PERSON' : 'COMPANY' } }).data?.customFields ?? [];
  function choose(column: number, value: string) {
    const custom = value.startsWith('custom:') ? value.slice('custom:'.length) : null;
    setMapping(mapping.map((field, i) => (i === column ? (custom || !value ? null : (value as ImportField)) : field)));
    setCustomMapping(customMapping.map((id, i) => (i === column ? custom : id)));
  }
  const [duplicates, setDuplicates] = useState<DuplicateMode>('SKIP');
  const [startError, setStartError] = useState<string>();
  const preview = useQuery(ImportPreviewDocument, { variables: { id: run.id, mapping, duplicates } });
  const [start, starting] = useMutation(StartImportDocument);

  async function startImport() {
    setStartError(undefined);
    try {
      const customFieldsChosen = customMapping.some((id) => id !== null);
      await start({ variables: { id: run.id, input: { mapping, duplicates, ...(customFieldsChosen ? { customFields: customMapping } : {}) } } });
    } catch (e) {
      setStartError(errorMessage(t, e));
    }
  }

  return (
    <div data-testid="import-mapping">
      <h2>{t('imports.mapping')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th>{t('imports.column')}</th>
            <th>{t('imports.field')}</th>
          </tr>
        </thead>
        <tbody>
          {run.headers.map((header, column) => (
            <tr key={column}>
              <td>{header}</td>
              <td>
                <select
                  aria-label={t('imports.fieldFor', { column: header })}
                  value={customMapping[column] ? `custom:${customMapping[column]}` : (mapping[column] ?? '')}
                  onChange={(e) => choose(column, e.target.value)}
                >
                  <option value="">{t('imports.ignore')}</option>
                  {run.fields.map((field) => (
                    <option key={field} value={field}>
                      {t(`imports.fields.${field}`)}
                    </option>
                  ))}
                  {customFields.length > 0 && (
                    <optgroup label={t('customFields.title')}>
                      {customFields.map((field) => (
                        <option key={field.id} value={`custom:${field.id}`}>
                          {field.name}
                        </option>
                      ))}
                    </optgroup>
                  )}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset>
        <legend>{t('imports.duplicates')}</legend>
        {duplicateModes.map((mode) => (
          <label key={mode}>
            <input type="radio" name="duplicates" value={mode} checked={duplicates === mode} onChange={() => setDuplicates(mode)} /> {t(`imports.duplicateModes.${mode}`)}
          </label>
        ))}
      </fieldset>
      <h2>{t('imports.preview')}</h2>
      <QueryStates data={preview.data ?? preview.previousData} loading={preview.loading && !preview.previousData} error={preview.error} onRetry={preview.refetch} isEmpty={(d) => d.importPreview.length === 0} empty={<Empty title={t('imports.empty')} />}>
        {(data) => (
          <table className="table" data-testid="import-preview">
            <thead>
              <tr>
                <th>{t('imports.row')}</th>
                <th>{t('imports.action')}</th>
                <th>{t('imports.record')}</th>
                <th>{t('imports.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {data.importPreview.map((row) => (
                <tr key={row.rowNumber}>
                  <td>{row.rowNumber}</td>
                  <td>{t(`imports.actions.${row.action}`)}</td>
                  <td>
                    {run.kind === 'PEOPLE' ? `${row.firstName} ${row.lastName}`.trim() : row.name}
                    {row.emails.length > 0 && ` · ${row.emails.join(', ')}`}
                    {row.company && ` · ${row.company}`}
                    {row.city && ` · ${row.city}`}
                  </td>
                  <td>
                    {row.issues.map((issue, i) => (
                      <div key={i} className={issue.blocking ? 'import-problem import-problem--blocking' : 'import-problem'}>
                        {t(`imports.problemTexts.${issue.problem}`, { value: issue.value ?? '' })}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryStates>
      <FormError>{startError}</FormError>
      <button type="button" className="button button--primary" disabled={starting.loading} onClick={() => void startImport()}>
        {t('imports.start', { count: run.rowsTotal })}
      </button>
    </div>
  );
}
