import { CombinedGraphQLErrors } from '@apollo/client';
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/locales/en';
import { QueryStates, type QueryStatesProps } from '../src/ui/QueryStates';
import { Empty } from '../src/ui/States';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en } }, lng: 'en', fallbackLng: 'en' });
});

type Items = { items: string[] };
const answer: Items = { items: ['Ada', 'Grace'] };
const forbidden = new CombinedGraphQLErrors({ errors: [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }] });

/** What the user sees: the ladder's markup for one state of a query. */
function screen(props: Partial<QueryStatesProps<Items>>): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <QueryStates<Items>
        data={undefined}
        loading={false}
        error={undefined}
        onRetry={() => undefined}
        isEmpty={(d) => d.items.length === 0}
        empty={<Empty title="No one yet" />}
        {...props}
      >
        {(d) => <ul data-testid="list">{d.items.map((i) => <li key={i}>{i}</li>)}</ul>}
      </QueryStates>
    </I18nextProvider>,
  );
}

describe('QueryStates: the loading, error, empty ladder', () => {
  it('shows the spinner until the first answer', () => {
    const html = screen({ loading: true });
    expect(html).toContain('role="status"');
    expect(html).toContain(en.common.loading);
    expect(html).not.toContain('data-testid="list"');
  });

  it('shows the error, readable and with "try again", when the query failed', () => {
    const html = screen({ error: forbidden });
    expect(html).toContain('role="alert"');
    expect(html).toContain(en.errors.FORBIDDEN);
    expect(html).toContain(en.common.retry);
    expect(html).not.toContain('data-testid="list"');
  });

  it('shows the error, not an empty screen, when there is no answer and no error', () => {
    expect(screen({})).toContain('role="alert"');
  });

  it('shows "not found" instead when the screen names it (a record that does not exist)', () => {
    const html = screen({ data: null, notFound: <Empty title="No such person" /> });
    expect(html).toContain('No such person');
    expect(html).not.toContain('role="alert"');
  });

  it('shows the empty state when the answer has nothing to show', () => {
    const html = screen({ data: { items: [] } });
    expect(html).toContain('No one yet');
    expect(html).not.toContain('data-testid="list"');
  });

  it('shows the data', () => {
    const html = screen({ data: answer });
    expect(html).toContain('<li>Ada</li><li>Grace</li>');
    expect(html).not.toContain('No one yet');
  });

  it('replaces the data by the spinner while it loads again, unless told to keep it', () => {
    expect(screen({ data: answer, loading: true })).not.toContain('Ada');
    expect(screen({ data: answer, loading: true, keepWhileLoading: true })).toContain('<li>Ada</li>');
  });

  it('shows an error even over data it keeps', () => {
    expect(screen({ data: answer, error: forbidden, keepWhileLoading: true })).toContain('role="alert"');
  });
});
