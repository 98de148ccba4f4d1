import { useQuery } from '@apollo/client/react';
import { SearchAccountDocument, SearchAllAccountsDocument, type SearchHitItemFragment } from '@kontor/sdk';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCurrentMembership } from '../../session/useCurrentMembership';
import { paths } from '../../ui/paths';
import { QueryStates } from '../../ui/QueryStates';
import { Empty } from '../../ui/States';
import { useDebounced } from '../../ui/useDebounced';

/** Where a hit opens (a deal has no page of its own: the deals). */
const recordPath: Record<SearchHitItemFragment['kind'], (slug: string, id: string) => string> = {
  PERSON: paths.person,
  COMPANY: paths.company,
  DEAL: paths.deals,
};

/** Search in this account, or across every account of the user (hits grouped by account; opening one switches there). */
export default function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // The box and the toggle are the page's own state, mirrored into the URL (so a link or a reload keeps them). Read back
  // from the URL they would lag: the router applies a URL change in a transition, and a letter typed right after a click
  // on "All my accounts" would otherwise be written with the old choice, undoing the click.
  const [text, setText] = useState(() => params.get('q') ?? '');
  const [everywhere, setEverywhere] = useState(() => params.get('in') === 'all');
  const query = useDebounced(text.trim());
  useEffect(() => {
    const wanted = new URLSearchParams({ ...(text ? { q: text } : {}), ...(everywhere ? { in: 'all' } : {}) });
    if (wanted.toString() !== params.toString()) setParams(wanted, { replace: true });
  }, [text, everywhere, params, setParams]);

  return (
    <section data-testid="search">
      <h1>{t('search.title')}</h1>
      <div className="search-bar">
        <input
          className="search-input search-input--wide"
          type="search"
          autoFocus
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="segmented" role="group" aria-label={t('search.where')}>
          <button type="button" className={!everywhere ? 'is-active' : ''} aria-pressed={!everywhere} onClick={() => setEverywhere(false)}>
            {t('search.thisAccount')}
          </button>
          <button type="button" className={everywhere ? 'is-active' : ''} aria-pressed={everywhere} onClick={() => setEverywhere(true)}>
            {t('search.allAccounts')}
          </button>
        </div>
      </div>
      {query === '' ? <Empty title={t('search.prompt')} /> : everywhere ? <AllAccountsHits query={query} /> : <AccountHits query={query} />}
    </section>
  );
}

function AccountHits({ query }: { query: string }) {
  const { t } = useTranslation();
  const { slug } = useCurrentMembership();
  const { data, previousData, loading, error, refetch } = useQuery(SearchAccountDocument, { variables: { query } });
  const hits = (data ?? previousData)?.search;
  return (
    <QueryStates data={hits} loading={loading} error={error} onRetry={refetch} keepWhileLoading isEmpty={(found) => found.length === 0} empty={<Empty title={t('search.none')} />}>
      {(found) => <HitList hits={found} slug={slug} />}
    </QueryStates>
  );
}

function AllAccountsHits({ query }: { query: string }) {
  const { t } = useTranslation();
  const { data, previousData, loading, error, refetch } = useQuery(SearchAllAccountsDocument, { variables: { query } });
  const hits = (data ?? previousData)?.searchAllAccounts;
  return (
    <QueryStates data={hits} loading={loading} error={error} onRetry={refetch} keepWhileLoading isEmpty={(found) => found.length === 0} empty={<Empty title={t('search.none')} />}>
      {(found) => <AccountGroups hits={found} />}
    </QueryStates>
  );
}

/** Hits grouped by account, the accounts in the order of their best hit. */
function AccountGroups({ hits }: { hits: SearchHitItemFragment[] }) {
  const groups = new Map<string, { account: SearchHitItemFragment['account']; hits: SearchHitItemFragment[] }>();
  for (const hit of hits) {
    const group = groups.get(hit.account.id) ?? { account: hit.account, hits: [] };
    group.hits.push(hit);
    groups.set(hit.account.id, group);
  }
  return (
    <div data-testid="search-groups">
      {[...groups.values()].map((group) => (
        <section key={group.account.id} className="search-group" data-testid="search-group">
          <h2>{group.account.name}</h2>
          <HitList hits={group.hits} slug={group.account.slug} />
        </section>
      ))}
    </div>
  );
}

function HitList({ hits, slug }: { hits: SearchHitItemFragment[]; slug: string }) {
  const { t } = useTranslation();
  return (
    <ul className="hits">
      {hits.map((hit) => (
        <li key={`${hit.account.id}:${hit.id}`}>
          <Link to={recordPath[hit.kind](slug, hit.id)} className="hit">
            <span className="badge">{t(`search.kinds.${hit.kind}`)}</span>
            <span className="hit__title">{hit.title}</span>
            {hit.subtitle && <span className="muted">{hit.subtitle}</span>}
          </Link>
        </li>
      ))}
    </ul>
  );
}
