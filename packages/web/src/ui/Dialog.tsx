import { useEffect, useRef, type ReactNode } from 'react';

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
