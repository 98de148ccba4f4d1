import { fileTypeFromBuffer } from 'file-type';

/** How many bytes from a file's start are enough to recognise its type (file-type reads at most this much for the common ones). */
export const sniffBytes = 4100;

/**
 * The content type of a file, judged from its first bytes (file-type's magic
 * numbers), never from the name or the type the client sent: a file that
 * claims to be a PDF but is HTML is not served as a PDF, and with `nosniff`
 * the browser does not guess either. Text no signature names (CSV, plain
 * text) is `text/plain` when its start is valid UTF-8 without NUL bytes;
 * anything else unknown is `application/octet-stream`.
 */
export async function detectContentType(head: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  // A multi-byte character may be cut at the end of the sniffed bytes: allow up to 3 bytes of it.
  for (let cut = 0; cut <= Math.min(3, head.length - 1); cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // Try the next cut.
    }
  }
  return false;
}

/**
 * Types a browser shows without running anything of the file: they may be
 * opened inline (`?inline=1`), everything else is always a download. SVG is
 * not among them (it may carry script), nor is HTML, whatever it detected as.
 */
export const previewTypes: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

export const isPreviewable = (contentType: string) => previewTypes.has(contentType);
