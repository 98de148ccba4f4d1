import { Migration } from '@mikro-orm/migrations';

/**
 * From now on a member's deactivation, leaving or demotion below the right to
 * invite withdraws the open invitations they sent (members.service.ts). Open
 * invitations whose sender lost that right before are withdrawn here.
 */
export class Migration20261130000210WithdrawInvitationsOfFormerInviters extends Migration {
  override up(): void {
    this.addSql(`
      update invitation i set withdrawn_at = now()
      where i.accepted_at is null and i.withdrawn_at is null and i.invited_by_user_id is not null
        and not exists (
          select 1 from membership m
          where m.account_id = i.account_id and m.user_id = i.invited_by_user_id
            and m.status = 'ACTIVE' and m.role in ('OWNER', 'CO_OWNER')
        )`);
  }
}
