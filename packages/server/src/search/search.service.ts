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
 * word of the query, case-insensitively, in two groups:
 *
 * - name hits: a name (a person's first or last name, a company's name, a
 *   deal's title) starts with the first word. They come first, in the order
 *   of that name, as an address book lists them: a person whose last name
 *   matched as "last first". Rank 1.
 * - the others (the word is in an e-mail, a phone, a company's name, or
 *   inside a name), by text rank (below 1), then title.
 *
 * Name hits are read in name order from the names' byte-order indexes
 * (account migration 0150), each kind's first page only, so a word that
 * starts thousands of names costs a page, not a ranking of thousands. Each
 * kind's candidates come in name order from a subquery that only the name
 * narrows (`offset 0` keeps the tsquery out of it): with the tsquery beside
 * the name, the planner took the two for independent and expected far fewer
 * rows than a common word has, then read and sorted all of them. `k1`, `k2`:
 * the sort keys in byte order, for merging accounts' answers. $1 the
 * tsquery, $2 the first word lower-cased as a `like` prefix, $3 how many.
 */
const nameHitsSql = `
  select h.kind, h.id, h.title, coalesce(co.name, h.subtitle) as subtitle, h.k1, h.k2
  from (
    (select 'PERSON' as kind, id, k1, k2, title, company_id, subtitle
     from (select p.id, lower(p.first_name) collate "C" as k1, lower(p.last_name) collate "C" as k2,
                  concat_ws(' ', nullif(p.first_name, ''), p.last_name) as title, p.company_id, p.emails[1] as subtitle, p.search_vector
           from person p where lower(p.first_name) collate "C" like $2 order by 2, 3, 1 offset 0) names
     where search_vector @@ to_tsquery('simple', $1) limit $3)
    union all
    (select 'PERSON', id, k1, k2, title, company_id, subtitle
     from (select p.id, lower(p.last_name) collate "C" as k1, lower(p.first_name) collate "C" as k2,
                  concat_ws(' ', nullif(p.first_name, ''), p.last_name) as title, p.company_id, p.emails[1] as subtitle, p.search_vector
           from person p where lower(p.last_name) collate "C" like $2 and lower(p.first_name) collate "C" not like $2 order by 2, 3, 1 offset 0) names
     where search_vector @@ to_tsquery('simple', $1) limit $3)
    union all
    (select 'COMPANY', id, k1, '' collate "C", name, null::uuid, subtitle
     from (select c.id, lower(c.name) collate "C" as k1, c.name, coalesce(c.website, c.emails[1]) as subtitle, c.search_vector
           from company c where lower(c.name) collate "C" like $2 order by 2, 1 offset 0) names
     where search_vector @@ to_tsquery('simple', $1) limit $3)
    union all
    (select 'DEAL', id, k1, '' collate "C", title, company_id, null::text
     from (select d.id, lower(d.title) collate "C" as k1, d.title, d.company_id, d.search_vector
           from deal d where lower(d.title) collate "C" like $2 order by 2, 1 offset 0) names
     where search_vector @@ to_tsquery('simple', $1) limit $3)
  ) h
  left join company co on co.id = h.company_id
  order by h.k1, h.k2, h.id
  limit $3`;

/**
 * The other hits, asked for only when the name hits do not fill the page,
 * ranked below every name hit (a text rank nears 1 only for a record that
 * repeats the words thousands of times). Each
 * branch filters by the tsquery itself, so the planner can tell how selective
 * it is when choosing between the search index and the table. Parameters as
 * above.
 */
const otherHitsSql = `
  select kind, id, title, subtitle, least(rank, 0.999) as rank, lower(title) collate "C" as k1, '' collate "C" as k2 from (
    select 'PERSON' as kind, p.id, concat_ws(' ', nullif(p.first_name, ''), p.last_name) as title,
           coalesce(c.name, p.emails[1]) as subtitle, ts_rank(p.search_vector, to_tsquery('simple', $1)) as rank
    from person p left join company c on c.id = p.company_id
    where p.search_vector @@ to_tsquery('simple', $1) and lower(p.first_name) collate "C" not like $2 and lower(p.last_name) collate "C" not like $2
    union all
    select 'COMPANY', c.id, c.name, coalesce(c.website, c.emails[1]), ts_rank(c.search_vector, to_tsquery('simple', $1))
    from company c
    where c.search_vector @@ to_tsquery('simple', $1) and lower(c.name) collate "C" not like $2
    union all
    select 'DEAL', d.id, d.title, co.name, ts_rank(d.search_vector, to_tsquery('simple', $1))
    from deal d left join company co on co.id = d.company_id
    where d.search_vector @@ to_tsquery('simple', $1) and lower(d.title) collate "C" not like $2
  ) hits
  order by rank desc, 6, id
  limit $3`;

type SearchRow = { kind: SearchHitKind; id: string; title: string; subtitle: string | null; rank?: number; k1: string; k2: string };

/** A hit with what orders it among other accounts' hits: rank, then the sort keys and id in byte order, as in SQL. */
type RankedHit = { hit: SearchHit; key: Buffer };

/**
 * Searches one account, inside its scope (its schema, under its role), on the
 * scope's own connection: no entity manager. The first query goes first, so
 * the caller check travels in front of it (one round trip when the name hits
 * fill the page); the account's name is read from the check's answer
 * afterwards.
 */
export async function searchAccount(work: UnitOfWork, query: string, first: number): Promise<SearchHit[]> {
  const tsquery = textQuery(query);
  if (!tsquery) return [];
  return (await rankedHits(work, query, tsquery, first)).map(({ hit }) => hit);
}

/** `tsquery`: `query` as textQuery makes it (not empty). */
async function rankedHits(work: UnitOfWork, query: string, tsquery: string, first: number): Promise<RankedHit[]> {
  const namePrefix = `${likeLiteral(query.trim().toLowerCase().split(/\s+/)[0]!)}%`;
  const rows = await work.scope.query<SearchRow>(nameHitsSql, [tsquery, namePrefix, first]);
  if (rows.length < first) {
    // Each statement sees what was committed when it began: a record renamed in between could be in both.
    const named = new Set(rows.map((row) => row.id));
    const others = await work.scope.query<SearchRow>(otherHitsSql, [tsquery, namePrefix, first - rows.length]);
    rows.push(...others.filter((row) => !named.has(row.id)));
  }
  const { account } = await work.scope.details();
  const summary = { id: account.id, name: account.name, slug: account.slug };
  return rows.map(({ k1, k2, rank, ...row }) => ({
    hit: Object.assign(new SearchHit(), { ...row, rank: rank === undefined ? 1 : Number(rank), account: summary }),
    // Text holds no NUL, so NUL-separated keys in byte order sort as the tuple (k1, k2, id) does.
    key: Buffer.from(`${k1}\0${k2}\0${row.id}`),
  }));
}

/**
 * Searches every account in which the user has an ACTIVE membership, each in
 * its own scope and transaction under its own role (request/every-account.ts),
 * and merges the hits in the order each account's answer has.
 */
export async function searchAllAccounts(orm: Orm, userId: string, query: string, first: number): Promise<SearchHit[]> {
  const tsquery = textQuery(query);
  if (!tsquery) return [];
  const perAccount = await readEveryAccount(orm, userId, (work) => rankedHits(work, query, tsquery, first));
  return perAccount
    .flatMap(({ result }) => result)
    .sort((a, b) => b.hit.rank - a.hit.rank || Buffer.compare(a.key, b.key))
    .slice(0, first)
    .map(({ hit }) => hit);
}
