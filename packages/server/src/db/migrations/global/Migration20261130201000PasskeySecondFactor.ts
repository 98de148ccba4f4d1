import { Migration } from '@mikro-orm/migrations';

/**
 * A passkey is a second factor as much as TOTP is. `app_user.passkey_count`
 * is kept by a trigger on `passkey` (so no code path that adds or removes a
 * passkey can forget it), and `app_user.has_second_factor` (generated: TOTP
 * on, or at least one passkey) is the one place that says what "has a second
 * factor" means. The caller check reads it from the user row it already
 * joins: still one indexed look-up, no extra one for passkeys.
 *
 * A password log-in's second step may be a passkey assertion: its challenge
 * (purpose 'second-factor') is bound to the login whose password was right.
 */
export class Migration20261130201000PasskeySecondFactor extends Migration {
  override up(): void {
    this.addSql(`alter table app_user add column passkey_count integer not null default 0`);
    this.addSql(`update app_user u set passkey_count = (select count(*) from passkey p where p.user_id = u.id)`);
    this.addSql(
      `alter table app_user add column has_second_factor boolean not null generated always as (totp_enabled_at is not null or passkey_count > 0) stored`,
    );
    this.addSql(`
      create or replace function kontor_count_passkeys() returns trigger language plpgsql as $$
      begin
        if tg_op in ('DELETE', 'UPDATE') then
          update app_user set passkey_count = passkey_count - 1 where id = old.user_id;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          update app_user set passkey_count = passkey_count + 1 where id = new.user_id;
        end if;
        return null;
      end
      $$`);
    this.addSql(`create trigger passkey_count after insert or delete or update of user_id on passkey for each row execute function kontor_count_passkeys()`);
    this.addSql(`alter table webauthn_challenge drop constraint webauthn_challenge_purpose_check`);
    this.addSql(`alter table webauthn_challenge add constraint webauthn_challenge_purpose_check check (purpose in ('register', 'log-in', 'second-factor'))`);
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
               a.two_factor_required and not u.has_second_factor as lacks_second_factor
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
