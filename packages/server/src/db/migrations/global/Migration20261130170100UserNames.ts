import { Migration } from '@mikro-orm/migrations';

/**
 * A login's first and last name, asked for at sign-up and edited on the
 * profile screen. `name` stays the name as shown ("first last"), kept in
 * step by the one function that sets names (auth/users.ts). Logins from
 * before keep their one name as the first name.
 */
export class Migration20261130170100UserNames extends Migration {
  override up(): void {
    this.addSql(`alter table app_user add column first_name text not null default '', add column last_name text not null default ''`);
    this.addSql(`update app_user set first_name = name`);
  }
}
