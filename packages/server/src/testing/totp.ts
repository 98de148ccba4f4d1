import { Secret, TOTP } from 'otpauth';

/** The code an authenticator app with `secret` shows `steps` 30-second steps from now (a code's step is never accepted twice). */
export const codeOf = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + steps * 30_000 });
