import { useMutation } from '@apollo/client/react';
import { CreateNoteDocument, DeleteNoteDocument, type NoteItemFragment } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../session/useCurrentMembership';
import { errorMessage } from '../../ui/errors';
import { Empty, FormError } from '../../ui/States';
import { NoteEntry } from './NoteEntry';

/** The queries that show notes: asked again after a note is added or deleted. */
const noteQueries = ['Person', 'Company', 'Deal'];

/** Notes on a person, company or deal, and a box to add one (confidential notes are hidden from NORMAL members by the server). */
export function RecordNotes({ notes, personId, companyId, dealId }: { notes: NoteItemFragment[]; personId?: string; companyId?: string; dealId?: string }) {
  const { t } = useTranslation();
  const mayDelete = useCan()('RECORDS_DELETE');
  const [body, setBody] = useState('');
  const [confidential, setConfidential] = useState(false);
  const [error, setError] = useState<string>();
  const [create, { loading }] = useMutation(CreateNoteDocument, { refetchQueries: noteQueries });
  const [remove] = useMutation(DeleteNoteDocument, { refetchQueries: noteQueries });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await create({ variables: { input: { body, confidential, personId, companyId, dealId } } });
      setBody('');
      setConfidential(false);
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }

  return (
    <div className="notes" data-testid="notes">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <FormError>{error}</FormError>
        <label className="visually-hidden" htmlFor="note-body">
          {t('notes.new')}
        </label>
        <textarea id="note-body" name="body" rows={3} placeholder={t('notes.new')} value={body} onChange={(e) => setBody(e.target.value)} />
        <div className="form__actions form__actions--spread">
          <label className="checkbox">
            <input type="checkbox" checked={confidential} onChange={(e) => setConfidential(e.target.checked)} /> {t('notes.confidential')}
          </label>
          <button type="submit" className="button button--primary" disabled={loading || body.trim() === ''}>
            {t('notes.add')}
          </button>
        </div>
      </form>
      {notes.length === 0 ? (
        <Empty title={t('notes.empty')} />
      ) : (
        <ul className="note-list">
          {notes.map((note) => (
            <NoteEntry key={note.id} note={note}>
              <p className="note__body">{note.body}</p>
              <p className="note__meta muted">
                {note.author?.name}
                {note.confidential && <span className="badge"> {t('notes.confidential')}</span>}
                {mayDelete && (
                  <button
                    type="button"
                    className="button button--quiet button--danger"
                    onClick={() => void remove({ variables: { id: note.id } }).catch((e: unknown) => setError(errorMessage(t, e)))}
                  >
                    {t('common.delete')}
                  </button>
                )}
              </p>
            </NoteEntry>
          ))}
        </ul>
      )}
    </div>
  );
}
