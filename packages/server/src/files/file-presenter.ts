import { isPreviewable } from './content-type.js';
import type { FileRow } from './file-row.js';

/** A file as the upload route answers it (the same fields as the GraphQL type AttachedFile, without links). */
export function presentFile(file: FileRow) {
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    contentType: file.contentType,
    previewable: isPreviewable(file.contentType),
    personId: file.personId,
    companyId: file.companyId,
    dealId: file.dealId,
    noteId: file.noteId,
    uploadedById: file.uploadedBy,
    createdAt: file.createdAt.toISOString(),
  };
}
