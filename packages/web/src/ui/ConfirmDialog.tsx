import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './errors';
import { Dialog, DialogActions } from './Dialog';
import { FormError } from './States';

/**
 * A question before what cannot be undone (revoking a key, deleting a
 * webhook): Cancel changes nothing; the red button runs `onConfirm` and
 * closes once it succeeded, or shows its error in the dialog.
 */
export function ConfirmDialog(props: { open: boolean; title: string; children: ReactNode; confirmLabel: string; onConfirm(): Promise<unknown>; onClose(): void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const close = () => {
    setError(undefined);
    props.onClose();
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (e) {
      setError(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open={props.open} title={props.title} onClose={close}>
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="confirm-dialog">
        <p>{props.children}</p>
        <FormError>{error}</FormError>
        <DialogActions submitLabel={props.confirmLabel} onCancel={close} disabled={busy} destructive />
      </form>
    </Dialog>
  );
}
