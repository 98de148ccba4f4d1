import { useMutation, useQuery } from '@apollo/client/react';
import { CalendarFeedDocument, CreateCalendarFeedDocument, RevokeCalendarFeedDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { FormError } from '../../ui/States';
import { SecretOnce } from '../integrations/SecretOnce';

/**
 * The user's private calendar feed: make one (its URL is shown once, with a
 * copy button and a webcal:// link that opens the calendar program), make a
 * new one (the old URL stops working) or turn it off. On "my work" and the profile.
 */
export function CalendarFeedPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data } = useQuery(CalendarFeedDocument);
  const [create, creating] = useMutation(CreateCalendarFeedDocument, { refetchQueries: ['CalendarFeed'] });
  const [revoke] = useMutation(RevokeCalendarFeedDocument, { refetchQueries: ['CalendarFeed'] });
  const [shown, setShown] = useState<{ url: string; webcalUrl: string }>();
  const [error, setError] = useState<string>();
  const feed = data?.calendarFeed;
  const run = (work: () => Promise<unknown>) => {
    setError(undefined);
    work().catch((e: unknown) => setError(errorMessage(t, e)));
  };
  const make = () =>
    run(async () => {
      const result = await create();
      if (result.data) setShown(result.data.createCalendarFeed);
    });

  return (
    <section className="profile-section calendar-feed" data-testid="calendar-feed" aria-labelledby="calendar-feed-title">
      <h2 id="calendar-feed-title">{t('across.calendar.title')}</h2>
      <p className="muted">{t('across.calendar.intro')}</p>
      <FormError>{error}</FormError>
      {shown ? (
        <>
          <SecretOnce secret={shown.url} label={t('across.calendar.url')} onDone={() => setShown(undefined)} />
          <p>
            <a href={shown.webcalUrl}>{t('across.calendar.subscribe')}</a>
          </p>
        </>
      ) : feed ? (
        <p data-testid="calendar-feed-state">
          {t('across.calendar.active', { date: format.dateTime(feed.createdAt) })}{' '}
          {feed.lastReadAt ? t('across.calendar.lastRead', { date: format.dateTime(feed.lastReadAt) }) : t('across.calendar.neverRead')}
        </p>
      ) : (
        <p data-testid="calendar-feed-state">{t('across.calendar.none')}</p>
      )}
      <div className="form__actions">
        <button type="button" className="button" disabled={creating.loading} onClick={make}>
          {feed ? t('across.calendar.regenerate') : t('across.calendar.create')}
        </button>
        {feed && (
          <button
            type="button"
            className="button button--quiet button--danger"
            onClick={() =>
              run(async () => {
                setShown(undefined);
                await revoke();
              })
            }
          >
            {t('across.calendar.revoke')}
          </button>
        )}
      </div>
    </section>
  );
}
