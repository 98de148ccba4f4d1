import { useMutation, useQuery } from '@apollo/client/react';
import { CopyRecordsDocument, MeDocument, type CopyDuplicateMode } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMembership } from '../../session/useCurrentMembership';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { paths } from '../../ui/paths';
import { SelectField } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { copyErrorMessage, copyReportLines, copyTargets, type CopyResult } from './copy-report';

export interface CopySelection {
  personIds?: string[];
  companyIds?: string[];
}

/**
 * "Copy to account…" on the people and companies lists: shown to members
 * with `records.export` while rows are ticked. Offers the user's other
 * accounts in which they may write; the result names what was copied,
 * skipped and left behind, with a link that opens the target in a new tab.
 */
export function CopyButton({ selection }: { selection: CopySelection }) {
  const { t } = useTranslation();
  const { can } = useCurrentMembership();
  const [open, setOpen] = useState(false);
  const count = (selection.personIds?.length ?? 0) + (selection.companyIds?.length ?? 0);
  if (!can('RECORDS_EXPORT') || count === 0) return null;
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="copy-button">
        {t('copy.button', { count })}
      </button>
      <Dialog open={open} title={t('copy.title', { count })} onClose={() => setOpen(false)}>
        {open && <CopyForm selection={selection} onDone={() => setOpen(false)} />}
      </Dialog>
    </>
  );
}

function CopyForm({ selection, onDone }: { selection: CopySelection; onDone(): void }) {
  const { t } = useTranslation();
  const { membership } = useCurrentMembership();
  const me = useQuery(MeDocument);
  const targets = copyTargets(me.data?.me.memberships ?? [], membership?.account.id);
  const [targetId, setTargetId] = useState('');
  const [withDeals, setWithDeals] = useState(false);
  const [duplicates, setDuplicates] = useState<CopyDuplicateMode>('SKIP');
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<CopyResult>();
  const [copy, { loading }] = useMutation(CopyRecordsDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const { data } = await copy({ variables: { input: { targetAccountId: targetId, personIds: selection.personIds ?? [], companyIds: selection.companyIds ?? [], withDeals, duplicates } } });
      setResult(data?.copyRecords);
    } catch (caught) {
      setError(copyErrorMessage(t, caught));
    }
  }

  if (result) return <CopyReport result={result} onDone={onDone} />;
  if (me.data && targets.length === 0) {
    return (
      <div className="form">
        <p>{t('copy.noTargets')}</p>
        <div className="form__actions">
          <button type="button" className="button" onClick={onDone}>
            {t('copy.close')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={submit} data-testid="copy-form">
      <SelectField
        label={t('copy.target')}
        name="target"
        value={targetId}
        onChange={setTargetId}
        options={[{ value: '', label: t('copy.chooseTarget') }, ...targets.map((m) => ({ value: m.account.id, label: m.account.name }))]}
      />
      <label className="checkbox">
        <input type="checkbox" checked={withDeals} onChange={(e) => setWithDeals(e.target.checked)} />
        {t('copy.withDeals')}
      </label>
      <fieldset className="checkbox-grid">
        <legend>{t('copy.duplicates')}</legend>
        {(['SKIP', 'CREATE'] as const).map((value) => (
          <label key={value} className="checkbox">
            <input type="radio" name="duplicates" value={value} checked={duplicates === value} onChange={() => setDuplicates(value)} />
            {t(`copy.duplicateModes.${value}`)}
          </label>
        ))}
      </fieldset>
      <p className="muted">{t('copy.explain')}</p>
      <FormError>{error}</FormError>
      <DialogActions submitLabel={loading ? t('copy.copying') : t('copy.submit')} onCancel={onDone} disabled={loading || !targetId} />
    </form>
  );
}

function CopyReport({ result, onDone }: { result: CopyResult; onDone(): void }) {
  const { t } = useTranslation();
  const lines = copyReportLines(t, result);
  return (
    <div className="form" data-testid="copy-result">
      <p>
        <strong>{t('copy.result.done', { account: result.target.name })}</strong>
      </p>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <div className="form__actions">
        <a className="button" href={paths.account(result.target.slug)} target="_blank" rel="noopener" data-testid="copy-open-target">
          {t('copy.result.open', { account: result.target.name })}
        </a>
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('copy.close')}
        </button>
      </div>
    </div>
  );
}
