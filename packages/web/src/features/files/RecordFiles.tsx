import { useMutation, useQuery } from '@apollo/client/react';
import { DeleteFileDocument, RecordFilesDocument, RenameFileDocument, type FileItemFragment } from '@kontor/sdk';
import { useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { useCan } from '../../session/useCurrentMembership';
import { errorMessage } from '../../ui/errors';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';
import { uploadFile, type FileRecord, type UploadError } from './upload-file';

/** Signed links last 5 minutes: the list is asked again before they run out. */
const linkRefreshMs = 4 * 60 * 1000;

interface Upload {
  key: string;
  name: string;
  progress: number;
}

/**
 * The files of a person, company, deal or note: drop or choose files to upload (with progress), list, preview,
 * download, rename, delete. `onChange` hears of every upload and deletion (a note shows how many files it has).
 */
export function RecordFiles({ record, onChange }: { record: FileRecord; onChange?: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { data, loading, error, refetch } = useQuery(RecordFilesDocument, { variables: { record }, pollInterval: linkRefreshMs });
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [uploadError, setUploadError] = useState<string>();
  const [dragging, setDragging] = useState(false);

  async function upload(files: File[]) {
    setUploadError(undefined);
    for (const file of files) {
      const key = `${file.name}-${Math.random()}`;
      setUploads((list) => [...list, { key, name: file.name, progress: 0 }]);
      try {
        await uploadFile(record, file, (progress) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, progress } : u))));
      } catch (e) {
        const { code } = e as UploadError;
        setUploadError(t(`files.errors.${code}`, { name: file.name, defaultValue: t(`errors.${code}`, { defaultValue: t('errors.INTERNAL_SERVER_ERROR') }) }));
      } finally {
        setUploads((list) => list.filter((u) => u.key !== key));
      }
    }
    await refetch();
    onChange?.();
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void upload([...event.dataTransfer.files]);
  }

  const mayWrite = can('RECORDS_WRITE');
  return (
    <div className="files" data-testid="files">
      {mayWrite && (
        <div
          className={`dropzone${dragging ? ' dropzone--active' : ''}`}
          data-testid="file-dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <span>{t('files.drop')}</span>{' '}
          <label className="button">
            {t('files.choose')}
            <input
              type="file"
              multiple
              className="visually-hidden"
              data-testid="file-input"
              onChange={(e) => {
                const chosen = [...(e.target.files ?? [])];
                e.target.value = '';
                void upload(chosen);
              }}
            />
          </label>
        </div>
      )}
      {uploads.map((u) => (
        <div key={u.key} className="upload" data-testid="upload-progress">
          <span>{u.name}</span>
          <progress max={1} value={u.progress} aria-label={t('files.uploading', { name: u.name })} />
        </div>
      ))}
      <FormError>{uploadError}</FormError>
      <QueryStates data={data?.files} loading={loading} error={error} onRetry={refetch} keepWhileLoading isEmpty={(files) => files.length === 0} empty={<Empty title={t('files.empty')} />}>
        {(files) => (
          <ul className="file-list">
            {files.map((file) => (
              <FileRow key={file.id} file={file} mayWrite={mayWrite} mayDelete={can('RECORDS_DELETE')} onDeleted={onChange} />
            ))}
          </ul>
        )}
      </QueryStates>
    </div>
  );
}

function FileRow({ file, mayWrite, mayDelete, onDeleted }: { file: FileItemFragment; mayWrite: boolean; mayDelete: boolean; onDeleted?: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(file.name);
  const [error, setError] = useState<string>();
  const [rename, renameState] = useMutation(RenameFileDocument);
  const [remove] = useMutation(DeleteFileDocument, { refetchQueries: ['RecordFiles', 'Usage'] });

  async function saveName(event: FormEvent) {
    event.preventDefault();
    try {
      await rename({ variables: { id: file.id, name } });
      setRenaming(false);
      setError(undefined);
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }

  async function deleteFile() {
    if (!window.confirm(t('files.confirmDelete', { name: file.name }))) return;
    await remove({ variables: { id: file.id } }).then(
      () => onDeleted?.(),
      (e: unknown) => setError(errorMessage(t, e)),
    );
  }

  const isImage = file.previewable && file.contentType.startsWith('image/');
  return (
    <li className="file" data-testid="file">
      {isImage && file.previewUrl && <img className="file__thumbnail" src={file.previewUrl} alt={t('files.previewOf', { name: file.name })} data-testid="file-thumbnail" />}
      {renaming ? (
        <form className="file__rename" onSubmit={(e) => void saveName(e)}>
          <label className="visually-hidden" htmlFor={`file-name-${file.id}`}>
            {t('files.name')}
          </label>
          <input id={`file-name-${file.id}`} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <button type="submit" className="button button--primary" disabled={renameState.loading}>
            {t('common.save')}
          </button>
          <button type="button" className="button" onClick={() => setRenaming(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <a className="file__name" href={file.downloadUrl} download={file.name} data-testid="file-download">
          {file.name}
        </a>
      )}
      <span className="muted">
        {' '}
        {format.bytes(file.size)} · {format.dateTime(file.createdAt)}
      </span>
      <span className="file__actions">
        {file.previewUrl && !isImage && (
          <a className="button button--quiet" href={file.previewUrl} target="_blank" rel="noopener noreferrer">
            {t('files.preview')}
          </a>
        )}
        {mayWrite && !renaming && (
          <button type="button" className="button button--quiet" onClick={() => setRenaming(true)}>
            {t('files.rename')}
          </button>
        )}
        {mayDelete && (
          <button type="button" className="button button--quiet button--danger" onClick={() => void deleteFile()}>
            {t('common.delete')}
          </button>
        )}
      </span>
      <FormError>{error}</FormError>
    </li>
  );
}
