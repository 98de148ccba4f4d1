import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput, ErrorCode, KontorError } from '../errors/errors.js';
import { validateName } from '../graphql/text-input.js';
import { isEmailAddress } from '../mail/email-address.js';
import { User } from './user.entity.js';

/*
 * What sign-up, log-in and invitations agree on about a user: the languages,
 * a valid e-mail and name, finding a login by e-mail. Kept apart from
 * auth.service.ts so team/ (invitations) can use it without importing sign-up,
 * which itself hands invitation sign-ups to team/.
 */

export const supportedLocales = ['de', 'en', 'es'] as const;
export type SupportedLocale = (typeof supportedLocales)[number];

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value);
}

/**
 * The language a sign-up asked for, or null: no choice is stored then, and the
 * web app follows the browser's language (storing 'en' would force English on
 * a German browser for a login created through the API).
 */
/** A language the app speaks, or BAD_USER_INPUT naming the field: never stored otherwise, so the SPA never loads a missing translation. */
export function validLocale(value: string, field: string): SupportedLocale {
  if (!isSupportedLocale(value)) throw badUserInput(field, `The language must be one of ${supportedLocales.join(', ')}.`);
  return value;
}

export function chosenLocale(value: string | null | undefined): SupportedLocale | null {
  return isSupportedLocale(value) ? value : null;
}

export function normaliseEmail(email: string): string {
  const trimmed = email.trim();
  if (!isEmailAddress(trimmed)) throw badUserInput('email', 'Please enter a valid e-mail address.');
  return trimmed;
}

export const maxUserNameLength = 100;

/**
 * A person's name (a user's, an invitee's first or last name). It greets
 * people in mails and names the inviter in invitation subjects.
 */
export const validateUserName = (value: string, field: string): string => validateName(value, field, 'The name', maxUserNameLength);

export interface PersonName {
  firstName: string;
  lastName: string;
  /** As shown: "first last". */
  name: string;
}

/**
 * The one way a login's name is set (sign-up, invitation, profile): both
 * parts checked, naming the field, and the name as shown made from them.
 */
export function personName(firstName: string, lastName: string): PersonName {
  const first = validateName(firstName, 'firstName', 'The first name', maxUserNameLength);
  const last = validateName(lastName, 'lastName', 'The last name', maxUserNameLength);
  return { firstName: first, lastName: last, name: `${first} ${last}` };
}

/**
 * A new login's name from what sign-up was given: first and last name when
 * either is given (then both are needed), else the older single `name`, else
 * `fallback` (an invitee's name, or the e-mail's local part).
 */
export function signUpName(input: { firstName?: string | null; lastName?: string | null; name?: string | null }, fallback: PersonName): PersonName {
  if (input.firstName?.trim() || input.lastName?.trim()) return personName(input.firstName ?? '', input.lastName ?? '');
  if (input.name?.trim()) {
    const name = validateUserName(input.name, 'name');
    return { firstName: name, lastName: '', name };
  }
  return fallback;
}

/** E-mail addresses match regardless of case (the unique index is on `lower(email)`). */
export function findUserByEmail(em: EntityManager, email: string): Promise<User | null> {
  return em.findOne(User, { [raw((alias) => `lower(${alias}.email)`)]: email.toLowerCase() }, { populate: ['passwordHash'] });
}

export const invalidCredentials = () => new KontorError(ErrorCode.INVALID_CREDENTIALS, 'The e-mail address or the password is wrong.');
