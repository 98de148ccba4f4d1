/**
 * A prefix query in PostgreSQL's tsquery syntax from what a user typed:
 * every word must match the start of a word of the record ("ann mül" finds
 * "Anna Müller"). Words are quoted, so no input can inject tsquery operators.
 */
export function textQuery(text: string): string | undefined {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}@._+-]/gu, ''))
    .filter((word) => word !== '')
    .slice(0, 8);
  if (words.length === 0) return undefined;
  return words.map((word) => `'${word.replace(/'/g, "''")}':*`).join(' & ');
}

/** What the user typed, for a `like` pattern: `%`, `_` and `\` match themselves, not any text. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An `ilike` pattern for "contains what the user typed". */
export function containsPattern(text: string): string {
  return `%${likeLiteral(text)}%`;
}
