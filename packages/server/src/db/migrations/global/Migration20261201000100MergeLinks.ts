import { Migration } from '@mikro-orm/migrations';

/**
 * Merging two logins by a link mailed to the login that is taken over (B):
 * a `login_link` of purpose 'merge-login' belongs to B (its address proves
 * B) and names in `requested_by` the signed-in login (A) that asked for it;
 * only A can use it.
 *
 * A passkey proves the second factor of a signed-in step too (changing the
 * password, recovery codes, turning TOTP off, a merge by link): its challenge
 * (purpose 'confirm') is bound to the login whose passkeys it offers, and a
 * log-in never accepts it.
 */
export class Migration20261201000100MergeLinks extends Migration {
  override up(): void {
    this.addSql(`alter table login_link add column requested_by uuid references app_user (id) on delete cascade`);
    this.addSql(`alter table login_link drop constraint login_link_purpose_check`);
    this.addSql(`alter table login_link add constraint login_link_purpose_check check (purpose in ('verify-email', 'reset-password', 'change-email', 'merge-login'))`);
    this.addSql(`alter table login_link add constraint login_link_merge_requested_by check ((purpose = 'merge-login') = (requested_by is not null))`);
    this.addSql(`alter table webauthn_challenge drop constraint webauthn_challenge_purpose_check`);
    this.addSql(`alter table webauthn_challenge add constraint webauthn_challenge_purpose_check check (purpose in ('register', 'log-in', 'second-factor', 'confirm'))`);
  }
}
