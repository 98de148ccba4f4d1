import type { UnitOfWork } from '../request/unit-of-work.js';
import { readEveryAccount } from '../request/every-account.js';
import { likeLiteral, textQuery } from '../crm/common/text-query.js';
import type { Orm } from '../db/orm.js';
import { badUserInput } from '../errors/errors.js';
import { SearchHit, SearchHitKind } from './search.types.js';

export const maxSearchResults = 50;

export function searchLimit(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > maxSearchResults) throw badUserInput('first', `first must be between 1 and ${maxSearchResults}.`);
  return first;
}

/**
 * People (names, e-mails, phones, company), companies (name, website,
 * e-mails, phones) and deals (title, company) whose words start with every
 * word of the query, case-insensitively. Ranked by text rank, with a boost
 * when a name itself starts with the first word. Each branch filters by the
 * tsquery itself rather than the CTE's column, so that the planner can tell
 * how selective it is when choosing between the search index and the table.
 */
const searchSql = `
  with q as (select to_tsquery('simple', ?) as q, ? as name_prefix)
  select * from (
    select 'PERSON' as kind, p.id, concat_ws(' ', nullif(p.first_name, ''), p.last_name) as title,
           coalesce(c.name, p.emails[1]) as subtitle,
           ts_rank(p.search_vector, q.q) + case when lower(p.last_name) like q.name_prefix or lower(p.first_name) like q.name_prefix then 1 else 0 end as rank
    from person p left join company c on c.id = p.company_id, q
    where p.search_vector @@ to_tsquery('simple', ?)
    union all
    select 'COMPANY', c.id, c.name, coalesce(c.website, c.emails[1]),
           ts_rank(c.search_vector, q.q) + case when lower(c.name) like q.name_prefix then 1 else 0 end
    from company c, q
    where c.search_vector @@ to_tsquery('simple', ?)
    union all
    select 'DEAL', d.id, d.title, co.name,
           ts_rank(d.search_vector, q.q) + case when lower(d.title) like q.name_prefix then 1 else 0 end
    from deal d left join company co on co.id = d.company_id, q
    where d.search_vector @@ to_tsquery('simple', ?)
  ) hits
  order by rank desc, lower(title), id
  limit ?`;

/**
 * Searches one account, inside its scope (its schema, under its role), on the
 * scope's own connection: no entity manager. The query goes first, so the
 * caller check travels in front of it (one round trip); the account's name is
 * read from the check's answer afterwards.
 */
export async function searchAccount(work: UnitOfWork, query: string, first: number): Promise<SearchHit[]> {
  const tsquery = textQuery(query);
  if (!tsquery) return [];
  const firstWord = likeLiteral(query.trim().toLowerCase().split(/\s+/)[0]!);
  const rows = await work.scope.query<{ kind: SearchHitKind; id: string; title: string; subtitle: string | null; rank: number }>(searchSql, [
    tsquery,
    `${firstWord}%`,
    tsquery,
    tsquery,
    tsquery,
    first,
  ]);
  const { account } = await work.scope.details();
  return rows.map((row) =>
    Object.assign(new SearchHit(), { ...row, rank: Number(row.rank), account: { id: account.id, name: account.name, slug: account.slug } }),
  );
}

/**
 * Searches every account in which the user has an ACTIVE membership, each in
 * its own scope and transaction under its own role (request/every-account.ts),
 * and merges the hits by rank.
 */
export async function searchAllAccounts(orm: Orm, userId: string, query: string, first: number): Promise<SearchHit[]> {
  if (!textQuery(query)) return [];
  const perAccount = await readEveryAccount(orm, userId, (work) => searchAccount(work, query, first));
  return perAccount
    .flatMap(({ result }) => result)
    .sort((a, b) => b.rank - a.rank || a.title.localeCompare(b.title))
    .slice(0, first);
}
