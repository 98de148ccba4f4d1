import { randomInt } from 'node:crypto';

/** A URL-safe slug from an account name: "Müller & Söhne GmbH" -> "muller-sohne-gmbh". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug === '' ? 'account' : slug;
}

/** Letters and digits that are hard to misread (no 0/o, 1/l/i). */
const suffixAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
export const slugSuffixLength = 6;

/**
 * A new account's slug: its name and a random suffix, always ("muller-holding-k7qz3m").
 * Slugs are unique across Kontor; a suffix only on collision ("muller-holding-2") would
 * tell an owner that another account of that name exists. 31^6 (about 9 * 10^8) suffixes
 * per name, so a collision is rare, and the unique constraint makes the caller retry.
 * Slugs of accounts created before keep working: a slug is only ever looked up, never parsed.
 */
export function newAccountSlug(name: string): string {
  let suffix = '';
  for (let i = 0; i < slugSuffixLength; i++) suffix += suffixAlphabet[randomInt(suffixAlphabet.length)];
  return `${slugify(name)}-${suffix}`;
}
