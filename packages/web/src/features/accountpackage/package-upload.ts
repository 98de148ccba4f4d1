import { accessToken } from '../../session/session';

/** What POST /account-packages answered (server: accountpackage/package-import-route.ts). */
export interface PackageReport {
  records: Record<string, number>;
  files: number;
  mappedUsers: { name: string; email: string }[];
}
export type PackageUploadOutcome = { report: PackageReport } | { errorCode: string; details: Record<string, unknown> };

/** Sends the package ZIP as it is (a streamed upload, not GraphQL). */
export async function uploadPackage(file: File): Promise<PackageUploadOutcome> {
  try {
    const response = await fetch('/account-packages', { method: 'POST', headers: { authorization: `Bearer ${accessToken() ?? ''}`, 'content-type': 'application/zip' }, body: file });
    const body = (await response.json()) as { report?: PackageReport; errors?: { extensions?: Record<string, unknown> & { code?: string } }[] };
    if (response.ok && body.report) return { report: body.report };
    const extensions = body.errors?.[0]?.extensions ?? {};
    return { errorCode: extensions.code ?? 'INTERNAL_SERVER_ERROR', details: extensions };
  } catch {
    return { errorCode: 'NETWORK', details: {} };
  }
}
