import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A modal dialog on the browser's own <dialog>: focus, Escape and the backdrop come with it. */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="dialog-title" onClose={onClose}>
      <h2 id="dialog-title" className="dialog__title">
        {title}
      </h2>
      {open && children}
    </dialog>
  );
}

/**
 * The end of a dialog's form: Cancel, which changes nothing, and the form's
 * submit button (`destructive` for what cannot be undone).
 */
export function DialogActions(props: { submitLabel: string; onCancel(): void; disabled?: boolean; destructive?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="form__actions">
      <button type="button" className="button button--quiet" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className={`button ${props.destructive ? 'button--destructive' : 'button--primary'}`} disabled={props.disabled}>
        {props.submitLabel}
      </button>
    </div>
  );
}
