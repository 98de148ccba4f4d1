import type { TimelineEntryFragment } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { Empty } from '../../ui/States';

/** What happened to a record, newest first. */
export function Timeline({ entries }: { entries: TimelineEntryFragment[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (entries.length === 0) return <Empty title={t('timeline.empty')} />;
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((entry) => (
        <li key={entry.id} className="timeline__entry">
          <time className="timeline__time" dateTime={entry.occurredAt}>
            {format.dateTime(entry.occurredAt)}
          </time>
          <span>
            {t(`timeline.${entry.kind}`, {
              fields: [...entry.changedFields, ...entry.changedCustomFields].join(', '),
              from: entry.fromPhase ?? '',
              to: entry.toPhase ?? '',
              task: entry.taskTitle ?? '',
              account: entry.accountName ?? '',
            })}
          </span>
        </li>
      ))}
    </ol>
  );
}
