/**
 * The one check of an e-mail address's form, for every place that takes one
 * from a user (sign-up, log-in, invitations, a person's or company's
 * addresses, the invoice recipient).
 *
 * The length is checked before the pattern, and the pattern cannot
 * backtrack: the domain is labels without dots joined by single dots, so
 * every character has one place it can match. The former pattern
 * (`[^\s@]+\.[^\s@]+` after the `@`) tried every dot as the last one and took
 * quadratic time: 36 s on a 160 k character log-in.
 */
import { hasControlCharacters } from '../graphql/text-input.js';

export const maxEmailLength = 254;

export const emailAddressPattern = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/**
 * Whether `text` (already trimmed) has the form of an e-mail address: one `@`,
 * a domain with a dot, no spaces or control characters (an address becomes a
 * mail's To header), at most 254 characters.
 */
export function isEmailAddress(text: string): boolean {
  return text.length <= maxEmailLength && emailAddressPattern.test(text) && !hasControlCharacters(text);
}
