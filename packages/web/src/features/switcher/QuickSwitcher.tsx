import { useQuery } from '@apollo/client/react';
import { MeDocument, SearchAllAccountsDocument } from '@kontor/sdk';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { paths } from '../../ui/paths';
import { useDebounced } from '../../ui/useDebounced';

interface Choice {
  key: string;
  kind: 'ACCOUNT' | 'PERSON' | 'COMPANY' | 'DEAL';
  title: string;
  /** The account it belongs to (for an account: its plan's name is not worth a line, so nothing). */
  accountName?: string;
  to: string;
}

/** Lower case without accents, so "mull" finds "Müller". */
const folded = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

const recordPath = { PERSON: paths.person, COMPANY: paths.company, DEAL: (slug: string) => paths.deals(slug) } as const;

/**
 * Ctrl/⌘+K: type to jump to one of your accounts, or to any person, company
 * or deal of any of them (searchAllAccounts). Keyboard only: arrows choose,
 * Enter opens (switching the tab to that account in place), Escape closes.
 * An ARIA combobox: the input owns the list, and the chosen option is its
 * active descendant, so focus never leaves the input.
 */
export default function QuickSwitcher({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const query = useDebounced(text.trim(), 150);
  const me = useQuery(MeDocument);
  const search = useQuery(SearchAllAccountsDocument, { variables: { query }, skip: query === '' });
  const hits = query === '' ? [] : (search.data ?? search.previousData)?.searchAllAccounts ?? [];

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const choices = useMemo<Choice[]>(() => {
    const wanted = folded(text.trim());
    const accounts = (me.data?.me.memberships ?? [])
      .filter((m) => m.status === 'ACTIVE' && folded(m.account.name).includes(wanted))
      .map((m): Choice => ({ key: `account:${m.account.id}`, kind: 'ACCOUNT', title: m.account.name, to: paths.account(m.account.slug) }));
    const records = hits.map(
      (hit): Choice => ({ key: `${hit.account.id}:${hit.id}`, kind: hit.kind, title: hit.title, accountName: hit.account.name, to: recordPath[hit.kind](hit.account.slug, hit.id) }),
    );
    return [...accounts, ...records];
  }, [me.data, hits, text]);
  const current = Math.min(active, Math.max(0, choices.length - 1));
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => {
    document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
  });

  const open = (choice: Choice | undefined) => {
    if (!choice) return;
    onClose();
    void navigate(choice.to);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(choices.length === 0 ? 0 : (current + step + choices.length) % choices.length);
    } else if (event.key === 'Home' && event.ctrlKey) setActive(0);
    else if (event.key === 'Enter') {
      event.preventDefault();
      open(choices[current]);
    }
  };

  const searching = query !== '' && search.loading;
  return (
    <dialog ref={dialog} className="dialog switcher" aria-label={t('across.switcher.title')} onClose={onClose} data-testid="quick-switcher">
      <input
        className="search-input switcher__input"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={choices.length > 0 ? optionId(current) : undefined}
        aria-label={t('across.switcher.label')}
        placeholder={t('across.switcher.placeholder')}
        autoFocus
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={`${id}-list`} role="listbox" className="switcher__list" aria-label={t('across.switcher.results')} aria-busy={searching}>
        {choices.map((choice, index) => (
          <li
            key={choice.key}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            className={`switcher__option${index === current ? ' is-active' : ''}`}
            // The mouse works too; the input keeps the focus.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => open(choice)}
          >
            <span className="badge">{t(`across.switcher.kinds.${choice.kind}`)}</span>
            <span className="switcher__title">{choice.title}</span>
            {choice.accountName && <span className="muted">{choice.accountName}</span>}
          </li>
        ))}
      </ul>
      <p className="muted switcher__status" role="status">
        {searching ? t('common.loading') : choices.length === 0 ? t('across.switcher.none') : t('across.switcher.count', { count: choices.length })}
      </p>
      <p className="muted switcher__help">{t('across.switcher.help')}</p>
    </dialog>
  );
}
