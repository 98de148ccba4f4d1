import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The next page of a list, appended below. */
export function LoadMore({ hasMore, onLoad }: { hasMore: boolean; onLoad(): Promise<unknown> }) {
  const { t } = useTranslation();
  const [loading, setLoading] = useState(false);
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <button
        type="button"
        className="button"
        disabled={loading}
        onClick={() => {
          setLoading(true);
          void onLoad().finally(() => setLoading(false));
        }}
      >
        {loading ? t('common.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}
