import { accessToken } from '../../session/session';

/** An import's report (server: accountpackage/package-import.ts). */
export interface PackageReport {
  records: Record<string, number>;
  files: number;
  mappedUsers: { name: string; email: string }[];
}

/** Where a package import stands (server: GET /account-packages/imports/<id>, accountpackage/package-import-route.ts). */
export interface PackageImportState {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  /** Known once the job has opened the package (0 before). */
  recordsTotal?: number;
  recordsDone?: number;
  report?: PackageReport | null;
  error?: { code: string; extensions?: Record<string, unknown> } | null;
}

export type PackageRequestOutcome = { import: PackageImportState } | { errorCode: string; details: Record<string, unknown> };

/** Sends the package ZIP as it is (a streamed upload, not GraphQL); the server answers at once with the import's job. */
export const uploadPackage = (file: File): Promise<PackageRequestOutcome> =>
  request('/account-packages', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: file });

/** Where the import's job stands now. */
export const packageImportState = (id: string): Promise<PackageRequestOutcome> => request(`/account-packages/imports/${encodeURIComponent(id)}`, { method: 'GET' });

async function request(url: string, init: RequestInit): Promise<PackageRequestOutcome> {
  try {
    const response = await fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${accessToken() ?? ''}` } });
    const body = (await response.json()) as { import?: PackageImportState; errors?: { extensions?: Record<string, unknown> & { code?: string } }[] };
    if (response.ok && body.import) return { import: body.import };
    const extensions = body.errors?.[0]?.extensions ?? {};
    return { errorCode: extensions.code ?? 'INTERNAL_SERVER_ERROR', details: extensions };
  } catch {
    return { errorCode: 'NETWORK', details: {} };
  }
}
