import { registerEnumType } from 'type-graphql';

/** What happened to a login's security; each is listed on the profile and mailed. */
export enum SecurityEventKind {
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  PASSWORD_RESET = 'PASSWORD_RESET',
  EMAIL_CHANGED = 'EMAIL_CHANGED',
  TWO_FACTOR_ENABLED = 'TWO_FACTOR_ENABLED',
  TWO_FACTOR_DISABLED = 'TWO_FACTOR_DISABLED',
  RECOVERY_CODES_REGENERATED = 'RECOVERY_CODES_REGENERATED',
  NEW_BROWSER_SIGN_IN = 'NEW_BROWSER_SIGN_IN',
  LOGIN_MERGED = 'LOGIN_MERGED',
  PASSKEY_ADDED = 'PASSKEY_ADDED',
  PASSKEY_REMOVED = 'PASSKEY_REMOVED',
}

registerEnumType(SecurityEventKind, {
  name: 'SecurityEventKind',
  description: "What happened to a login's security.",
  valuesConfig: {
    PASSWORD_CHANGED: { description: 'The password was changed (with the current one).' },
    PASSWORD_RESET: { description: 'The password was reset through a mailed link.' },
    EMAIL_CHANGED: { description: "The login's e-mail address was changed." },
    TWO_FACTOR_ENABLED: { description: 'Two-factor authentication was turned on.' },
    TWO_FACTOR_DISABLED: { description: 'Two-factor authentication was turned off.' },
    RECOVERY_CODES_REGENERATED: { description: 'New recovery codes were made; the old ones stopped working.' },
    NEW_BROWSER_SIGN_IN: { description: 'A log-in from a browser and system this login had not used before.' },
    LOGIN_MERGED: { description: "Another login's memberships were moved into this one (mergeLogin)." },
    PASSKEY_ADDED: { description: 'A passkey was added.' },
    PASSKEY_REMOVED: { description: 'A passkey was removed.' },
  },
});
