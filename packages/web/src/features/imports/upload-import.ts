import { accessToken } from '../../session/session';

/** Where POST /imports answered, or the error code it gave. */
export type UploadOutcome = { id: string } | { errorCode: string };

/**
 * Sends the file as it is (a streamed upload, not GraphQL): the server stores
 * and counts it, and answers with the new import's ID (server: imports/import-upload.ts).
 */
export async function uploadImport(file: File, kind: 'PEOPLE' | 'COMPANIES'): Promise<UploadOutcome> {
  const query = new URLSearchParams({ kind, name: file.name });
  try {
    const response = await fetch(`/imports?${query}`, { method: 'POST', headers: { authorization: `Bearer ${accessToken() ?? ''}` }, body: file });
    const body = (await response.json()) as { id?: string; errors?: { extensions?: { code?: string } }[] };
    if (response.ok && body.id) return { id: body.id };
    return { errorCode: body.errors?.[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR' };
  } catch {
    return { errorCode: 'NETWORK' };
  }
}

/** Downloads the failed rows (the link needs the Authorization header, so it is fetched and handed over as a file). */
export async function downloadFailures(path: string, fileName: string): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${accessToken() ?? ''}` } });
  if (!response.ok) throw new Error(`failed rows: HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
