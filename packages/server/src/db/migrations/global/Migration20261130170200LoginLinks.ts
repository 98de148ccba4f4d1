import { Migration } from '@mikro-orm/migrations';

/**
 * The mailed links of a login, one table for every kind: confirming the
 * address (what `email_verification` held), resetting the password, and
 * confirming a new address. The same rules hold for each: only the token's
 * SHA-256 is stored, each works once and until it expires, and only the
 * newest of its kind and user counts. `email` is the address the link was
 * sent to (for an address change: the new one).
 */
export class Migration20261130170200LoginLinks extends Migration {
  override up(): void {
    this.addSql(`alter table email_verification rename to login_link`);
    this.addSql(`alter table login_link add column purpose text not null default 'verify-email'`);
    this.addSql(`alter table login_link alter column purpose drop default`);
    this.addSql(`alter table login_link add constraint login_link_purpose_check check (purpose in ('verify-email', 'reset-password', 'change-email'))`);
    this.addSql(`alter index email_verification_user_idx rename to login_link_user_idx`);
    this.addSql(`alter table login_link rename constraint email_verification_token_hash_unique to login_link_token_hash_unique`);
  }
}
