import { Migration } from '@mikro-orm/migrations';

/**
 * The check every request with a user's token must pass: the session is
 * live and, for a token scoped to an account, the membership is active. It
 * raises (rather than answering false) so that it can travel in front of an
 * account's first statement in one round trip: when it fails, PostgreSQL
 * skips the rest of that query string and no account data is read.
 *
 *   KN401  the session has ended (logged out, expired or revoked)
 *   KN404  the token's account has no membership of this user (any more)
 *   KN403  the membership is deactivated
 *
 * It runs as the connection's login role, before the account role is taken,
 * and is no business of account roles.
 */
export class Migration20261127000500CallerCheck extends Migration {
  override up(): void {
    this.addSql(`
      create function kontor_check_caller(p_session uuid, p_user uuid, p_account uuid)
      returns table (membership_id uuid, role text, account_name text, slug text, plan_code text, last_active_stale boolean)
      language plpgsql stable
      as $$
      declare
        found_row record;
      begin
        select s.revoked_at is null and s.expires_at > now() as live,
               m.id as mid, m.role as mrole, m.status,
               m.last_active_at is null or m.last_active_at < now() - interval '5 minutes' as stale,
               a.id as aid, a.name, a.slug, a.plan_code as plan
        into found_row
        from session s
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
        return query select found_row.mid, found_row.mrole, found_row.name, found_row.slug, found_row.plan, found_row.stale;
      end
      $$`);
    this.addSql(`revoke all on function kontor_check_caller(uuid, uuid, uuid) from public`);
  }
}
