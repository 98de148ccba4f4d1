import { accessToken } from '../../session/session';

/** The record a file is attached to: one of these. */
export type FileRecord = { personId: string } | { companyId: string } | { dealId: string } | { noteId: string };

export interface UploadError {
  code: string;
  serverMessage: string;
}

/**
 * Sends one file to `POST /files` as the request body (the server streams it
 * to the storage), with the tab's access token, reporting progress from 0 to
 * 1. XMLHttpRequest rather than fetch: only it reports upload progress.
 * Rejects with the server's error code (REQUEST_TOO_LARGE, PLAN_LIMIT_REACHED, …) or NETWORK.
 */
export function uploadFile(record: FileRecord, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/files?${new URLSearchParams({ ...record, name: file.name })}`);
    const token = accessToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) return resolve();
      let error: UploadError = { code: 'INTERNAL_SERVER_ERROR', serverMessage: '' };
      try {
        const body = JSON.parse(xhr.responseText) as { errors?: { message: string; extensions?: { code?: string } }[] };
        const first = body.errors?.[0];
        if (first) error = { code: first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', serverMessage: first.message };
      } catch {
        // Not JSON (a proxy's page): a server error.
      }
      reject(error);
    };
    xhr.onerror = () => reject({ code: 'NETWORK', serverMessage: '' } satisfies UploadError);
    xhr.send(file);
  });
}
