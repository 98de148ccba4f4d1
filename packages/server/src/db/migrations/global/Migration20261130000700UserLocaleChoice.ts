import { Migration } from '@mikro-orm/migrations';

/**
 * A user's language is what they chose, or nothing: a login created without
 * one (through the API) no longer gets 'en', so the web app follows the
 * browser's language for it. Existing rows keep their value; 'en' cannot be
 * told apart from a choice there.
 */
export class Migration20261130000700UserLocaleChoice extends Migration {
  override up(): void {
    this.addSql('alter table app_user alter column locale drop not null, alter column locale drop default');
  }
}
