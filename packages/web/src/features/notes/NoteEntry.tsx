import { useApolloClient } from '@apollo/client/react';
import { NoteFileCountDocument, type NoteItemFragment } from '@kontor/sdk';
import { useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordFiles } from '../files/RecordFiles';

/**
 * A note in a list, with its files: a button names how many there are and
 * opens them (the record pages' files component: drop or choose, progress,
 * preview, download, rename, delete). Closed by default, so a page of notes
 * asks for no file lists; dragging files over the note opens them, so they can
 * be dropped right there. After an upload or deletion only the count is asked
 * again (refetching the whole record page would close the open files).
 */
export function NoteEntry({ note, children }: { note: NoteItemFragment; children: ReactNode }) {
  const { t } = useTranslation();
  const client = useApolloClient();
  const [open, setOpen] = useState(false);

  function openForDrop(event: DragEvent) {
    if (event.dataTransfer.types.includes('Files')) setOpen(true);
  }

  return (
    <li className="note" data-testid="note" onDragEnter={openForDrop}>
      {children}
      <button type="button" className="button button--quiet note__files-toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="note-files-toggle">
        {t('notes.files', { count: note.fileCount })}
      </button>
      {open && <RecordFiles record={{ noteId: note.id }} onChange={() => void client.query({ query: NoteFileCountDocument, variables: { id: note.id }, fetchPolicy: 'network-only' })} />}
    </li>
  );
}
