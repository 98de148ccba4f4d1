import { AccountMigration } from './account-migration.js';

/**
 * An account package's ZIP leaves the storage after its one complete
 * download (or when it expires: accountpackage/package-bytes.ts): the row
 * keeps when it was downloaded, so the app can say so.
 */
export class AccountMigration0120PackageDownloaded extends AccountMigration {
  override up(): void {
    this.addSql(`alter table ${this.schema}.account_package add column downloaded_at timestamptz`);
  }
}
