import { AccountMigration } from './account-migration.js';

/**
 * What the delivery log shows and redelivery needs: how long the last attempt
 * took, and when a failed delivery was queued again by hand (its day of
 * retries counts from then, not from the change).
 */
export class AccountMigration0040WebhookDeliveryLog extends AccountMigration {
  override up(): void {
    const s = this.schema;
    this.addSql(`alter table ${s}.webhook_delivery add column last_duration_ms integer, add column redelivered_at timestamptz`);
  }
}
