import { Migration } from '@mikro-orm/migrations';

/**
 * An account may require a second factor of its members
 * (`account.two_factor_required`, set by its owner). The caller check, which
 * every request with a user's token scoped to an account passes, refuses a
 * login without one there:
 *
 *   KN428  the account requires a second factor and the login has none
 *
 * (the others as in Migration20261127000500CallerCheck). The user's other
 * accounts, reached with other tokens, are untouched; API keys never pass
 * this check.
 */
export class Migration20261130180000TwoFactorPolicy extends Migration {
  override up(): void {
    this.addSql(`alter table account add column two_factor_required boolean not null default false`);
    this.addSql(`
      create or replace function kontor_check_caller(p_session uuid, p_user uuid, p_account uuid)
      returns table (membership_id uuid, role text, account_name text, slug text, plan_code text, last_active_stale boolean)
      language plpgsql stable
      as $$
      declare
        found_row record;
      begin
        select s.revoked_at is null and s.expires_at > now() as live,
               m.id as mid, m.role as mrole, m.status,
               m.last_active_at is null or m.last_active_at < now() - interval '5 minutes' as stale,
               a.id as aid, a.name, a.slug, a.plan_code as plan,
               a.two_factor_required and u.totp_enabled_at is null as lacks_second_factor
        into found_row
        from session s
        join app_user u on u.id = s.user_id
        left join membership m on m.user_id = s.user_id and m.account_id = p_account
        left join account a on a.id = m.account_id
        where s.id = p_session and s.user_id = p_user;
        if found_row is null or not found_row.live then
          raise exception using errcode = 'KN401', message = 'kontor: the session has ended';
        end if;
        if p_account is null then
          return;
        end if;
        if found_row.mid is null or found_row.aid is null then
          raise exception using errcode = 'KN404', message = 'kontor: no membership in this account';
        end if;
        if found_row.status <> 'ACTIVE' then
          raise exception using errcode = 'KN403', message = 'kontor: the membership is deactivated';
        end if;
        if found_row.lacks_second_factor then
          raise exception using errcode = 'KN428', message = 'kontor: the account requires a second factor';
        end if;
        return query select found_row.mid, found_row.mrole, found_row.name, found_row.slug, found_row.plan, found_row.stale;
      end
      $$`);
    this.addSql(`revoke all on function kontor_check_caller(uuid, uuid, uuid) from public`);
  }
}
