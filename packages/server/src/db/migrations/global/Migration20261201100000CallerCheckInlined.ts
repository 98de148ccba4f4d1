import { Migration } from '@mikro-orm/migrations';

/**
 * The caller check (`kontor_check_caller`, request/caller-check.ts) as one
 * SQL statement that PostgreSQL inlines into the query that calls it, instead
 * of a PL/pgSQL function: each request runs it, and the PL/pgSQL form cost
 * twice a plain query's work in the database (its own query through SPI, then
 * `RETURN QUERY` into a tuplestore, behind a function scan). Same arguments,
 * same columns, the same rows and the same refusals in the same order:
 *
 * - no session with that ID for that user (or its user row gone), or one
 *   revoked or expired: KN401;
 * - no account asked (an unscoped token): no row;
 * - no membership in the account (or no such account): KN404;
 * - a deactivated membership: KN403;
 * - an account that requires a second factor the user lacks: KN428.
 *
 * The refusals are raised by `kontor_caller_refusal`, called in the WHERE
 * clause of a query over exactly one row (a one-row base, left-joined to
 * look-ups by unique keys), so it runs exactly once whichever columns the
 * caller reads. It is STABLE (it reads and writes nothing), so that the
 * STABLE function that calls it can be inlined.
 */
export class Migration20261201100000CallerCheckInlined extends Migration {
  override up(): void {
    this.addSql(`
      create function kontor_caller_refusal(p_live boolean, p_account uuid, p_membership uuid, p_account_found uuid, p_status text, p_lacks_second_factor boolean)
      returns boolean
      language plpgsql stable
      as $$
      begin
        if p_live is not true then
          raise exception using errcode = 'KN401', message = 'kontor: the session has ended';
        end if;
        if p_account is null then
          return false;
        end if;
        if p_membership is null or p_account_found is null then
          raise exception using errcode = 'KN404', message = 'kontor: no membership in this account';
        end if;
        if p_status <> 'ACTIVE' then
          raise exception using errcode = 'KN403', message = 'kontor: the membership is deactivated';
        end if;
        if p_lacks_second_factor then
          raise exception using errcode = 'KN428', message = 'kontor: the account requires a second factor';
        end if;
        return true;
      end
      $$`);
    this.addSql(`revoke all on function kontor_caller_refusal(boolean, uuid, uuid, uuid, text, boolean) from public`);
    this.addSql(`
      create or replace function kontor_check_caller(p_session uuid, p_user uuid, p_account uuid)
      returns table (membership_id uuid, role text, account_name text, slug text, plan_code text, last_active_stale boolean)
      language sql stable
      as $$
        select m.id, m.role, a.name, a.slug, a.plan_code,
               m.last_active_at is null or m.last_active_at < now() - interval '5 minutes'
        from (select) as one
        left join (session s join app_user u on u.id = s.user_id) on s.id = p_session and s.user_id = p_user
        left join membership m on m.user_id = s.user_id and m.account_id = p_account
        left join account a on a.id = m.account_id
        where kontor_caller_refusal(
          s.revoked_at is null and s.expires_at > now(),
          p_account, m.id, a.id, m.status,
          a.two_factor_required and not u.has_second_factor
        )
      $$`);
    this.addSql(`revoke all on function kontor_check_caller(uuid, uuid, uuid) from public`);
  }
}
