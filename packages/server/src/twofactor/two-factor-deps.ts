import { ibanKey } from '../billing/iban-vault.js';
import type { RequestContext } from '../request/context.js';
import type { TwoFactorDeps } from './two-factor.service.js';

/** What checking a second factor needs from the request: the mailer, the data key and the per-user limit. */
export const twoFactorDeps = (ctx: RequestContext): TwoFactorDeps => ({
  mailer: ctx.mailer,
  publicUrl: ctx.config.publicUrl,
  key: () => ibanKey(ctx.config.billing, ctx.config.dataDir),
  attemptLimit: ctx.config.twoFactorAttemptsPerUser,
});
