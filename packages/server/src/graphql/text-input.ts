import { badUserInput } from '../errors/errors.js';

/**
 * Control characters (line breaks, NUL, escape…), the Unicode line and
 * paragraph separators, and the bidirectional overrides that make text read
 * differently from what it is. Names end up in mail subjects, mail bodies
 * and other people's screens; none of these belongs in a name.
 */
const unwantedCharacters = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export const hasControlCharacters = (text: string): boolean => unwantedCharacters.test(text);

/**
 * A name as a person types it (a user's, an account's, an invitee's): trimmed,
 * not empty, at most `max` characters, on one line and free of control
 * characters; else BAD_USER_INPUT naming `field`. `label` starts the messages.
 */
export function validateName(value: string, field: string, label: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed === '') throw badUserInput(field, `${label} must not be empty.`);
  if (trimmed.length > max) throw badUserInput(field, `${label} must be at most ${max} characters long.`);
  if (hasControlCharacters(trimmed)) throw badUserInput(field, `${label} must be on one line, without control characters.`);
  return trimmed;
}
