import { useTranslation } from 'react-i18next';
import { useCan } from '../../session/useCurrentMembership';
import { Empty } from '../../ui/States';
import { ApiKeysSection } from './ApiKeysSection';
import { WebhooksSection } from './WebhooksSection';

/** For integrators: the account's API keys and webhooks, each shown to members with the right to manage it. */
export default function IntegrationsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const keys = can('API_KEYS_MANAGE');
  const hooks = can('WEBHOOKS_MANAGE');
  return (
    <div data-testid="integrations">
      <h1>{t('integrations.title')}</h1>
      {keys && <ApiKeysSection />}
      {hooks && <WebhooksSection />}
      {!keys && !hooks && <Empty title={t('integrations.notAllowed')} />}
    </div>
  );
}
