import { hash, verify } from '@node-rs/argon2';
import { badUserInput } from '../errors/errors.js';

export const minPasswordLength = 10;
export const maxPasswordLength = 200;

/** argon2id (the library's default algorithm) with its default cost: ~20 ms here. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Checked against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
const dummyHash = hash('kontor-dummy-password-for-timing');

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (passwordHash === undefined) {
    await verify(await dummyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}

/** A new password's length (sign-up, reset, change), refused naming `field`. */
export function validatePassword(password: string, field = 'password'): void {
  if (password.length < minPasswordLength) throw badUserInput(field, `The password must be at least ${minPasswordLength} characters long.`);
  if (password.length > maxPasswordLength) throw badUserInput(field, `The password must be at most ${maxPasswordLength} characters long.`);
}
