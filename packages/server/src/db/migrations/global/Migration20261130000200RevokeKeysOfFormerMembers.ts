import { Migration } from '@mikro-orm/migrations';

/**
 * From now on a member's deactivation or leaving revokes the API keys they
 * created (members.service.ts). Keys of members whose access ended before
 * that are revoked here, so that reactivating such a member does not bring
 * their old keys back either. (Authentication refuses them anyway while the
 * membership is not active.)
 */
export class Migration20261130000200RevokeKeysOfFormerMembers extends Migration {
  override up(): void {
    this.addSql(`
      update api_key k set revoked_at = now()
      where k.revoked_at is null
        and not exists (
          select 1 from membership m where m.account_id = k.account_id and m.user_id = k.created_by and m.status = 'ACTIVE'
        )`);
  }
}
