import { badUserInput } from '../errors/errors.js';

export const maxFileNameLength = 255;

/**
 * A file's name as users give it (on upload and rename): trimmed, 1 to 255
 * characters, one line without control characters, bidirectional overrides
 * or path separators, so it can be shown and put in a download header as it is.
 */
export function checkFileName(raw: string | null | undefined, field = 'name'): string {
  const name = (raw ?? '').normalize('NFC').trim();
  if (name.length === 0) throw badUserInput(field, 'Give the file a name.');
  if (name.length > maxFileNameLength) throw badUserInput(field, `A file name may have at most ${maxFileNameLength} characters.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(name)) throw badUserInput(field, 'A file name may not contain control characters.');
  if (/[/\\]/.test(name)) throw badUserInput(field, 'A file name may not contain / or \\.');
  if (name === '.' || name === '..') throw badUserInput(field, 'This is not a file name.');
  if (/[\ud800-\udfff]/.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) throw badUserInput(field, 'A file name must be valid text.');
  return name;
}

/**
 * The Content-Disposition header for a download: an ASCII stand-in for old
 * clients and the exact name in RFC 5987 form for every current one.
 */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
