/** A `file` row as services hand it on (files.service.ts) and the API shows it (file.types.ts). */
export interface FileRow {
  id: string;
  name: string;
  size: number;
  contentType: string;
  storageKey: string;
  personId: string | null;
  companyId: string | null;
  dealId: string | null;
  noteId: string | null;
  uploadedBy: string | null;
  createdAt: Date;
}

export const fileColumns = `f.id, f.name, f.size, f.content_type, f.storage_key, f.person_id, f.company_id, f.deal_id, f.note_id, f.uploaded_by, f.created_at`;

export function fileRowOf(row: Record<string, unknown>): FileRow {
  return {
    id: row.id as string,
    name: row.name as string,
    size: Number(row.size),
    contentType: row.content_type as string,
    storageKey: row.storage_key as string,
    personId: (row.person_id as string | null) ?? null,
    companyId: (row.company_id as string | null) ?? null,
    dealId: (row.deal_id as string | null) ?? null,
    noteId: (row.note_id as string | null) ?? null,
    uploadedBy: (row.uploaded_by as string | null) ?? null,
    createdAt: new Date(row.created_at as string | Date),
  };
}
