import { useMutation, useQuery } from '@apollo/client/react';
import { CreateWebhookDocument, DeleteWebhookDocument, RotateWebhookSecretDocument, SendTestWebhookEventDocument, UpdateWebhookDocument, WebhooksDocument, type WebhookItemFragment } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../ui/errors';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';
import { SecretOnce } from './SecretOnce';
import { WebhookDeliveries } from './WebhookDeliveries';
import { WebhookForm } from './WebhookForm';

/** The account's webhooks: create, edit, pause, delete (after a question), the signing secret (shown once, rotatable), a test event and the delivery log. */
export function WebhooksSection() {
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(WebhooksDocument);
  const [create] = useMutation(CreateWebhookDocument, { refetchQueries: ['Webhooks'] });
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string>();
  return (
    <section data-testid="webhooks">
      <h2>{t('integrations.webhooks.title')}</h2>
      <p className="muted">{t('integrations.webhooks.intro')}</p>
      {secret && <SecretOnce secret={secret} label={t('integrations.webhooks.signingSecret')} onDone={() => setSecret(undefined)} />}
      {adding ? (
        <WebhookForm
          submitLabel={t('integrations.webhooks.create')}
          onCancel={() => setAdding(false)}
          onSubmit={async (input) => {
            const { data } = await create({ variables: { input } });
            setSecret(data!.createWebhook.signingSecret);
            setAdding(false);
          }}
        />
      ) : (
        <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
          {t('integrations.webhooks.new')}
        </button>
      )}
      <QueryStates data={data} loading={loading} error={error} onRetry={refetch} isEmpty={(d) => d.webhooks.length === 0} empty={<Empty title={t('integrations.webhooks.empty')} />}>
        {(data) => (
          <ul className="webhook-list">
            {data.webhooks.map((webhook) => (
              <WebhookRow key={webhook.id} webhook={webhook} onSecret={setSecret} />
            ))}
          </ul>
        )}
      </QueryStates>
    </section>
  );
}

function WebhookRow({ webhook, onSecret }: { webhook: WebhookItemFragment; onSecret(secret: string): void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [update] = useMutation(UpdateWebhookDocument);
  const [rotate] = useMutation(RotateWebhookSecretDocument);
  const [sendTest] = useMutation(SendTestWebhookEventDocument, { refetchQueries: ['WebhookDeliveries'] });
  const [remove] = useMutation(DeleteWebhookDocument, { refetchQueries: ['Webhooks'] });
  const act = (action: () => Promise<unknown>) => {
    setActionError(undefined);
    void action().catch((e: unknown) => setActionError(errorMessage(t, e)));
  };
  return (
    <li className="webhook" data-testid="webhook">
      {editing ? (
        <WebhookForm
          initial={{ url: webhook.url, events: webhook.events }}
          submitLabel={t('common.save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            await update({ variables: { id: webhook.id, input } });
            setEditing(false);
          }}
        />
      ) : (
        <>
          <p>
            <code data-testid="webhook-url">{webhook.url}</code> {!webhook.active && <span className="chip">{t('integrations.webhooks.paused')}</span>}
          </p>
          <p className="muted">{webhook.events.map((e) => t(`integrations.webhooks.eventNames.${e}`)).join(', ')}</p>
        </>
      )}
      <FormError>{actionError}</FormError>
      {!editing && (
        <div className="form__actions">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </button>
          <button type="button" className="button" onClick={() => act(() => update({ variables: { id: webhook.id, input: { active: !webhook.active } } }))}>
            {webhook.active ? t('integrations.webhooks.pause') : t('integrations.webhooks.resume')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() =>
              act(async () => {
                await sendTest({ variables: { id: webhook.id } });
                setShowLog(true);
              })
            }
          >
            {t('integrations.webhooks.sendTest')}
          </button>
          <button type="button" className="button" onClick={() => act(async () => onSecret((await rotate({ variables: { id: webhook.id } })).data!.rotateWebhookSecret.signingSecret))}>
            {t('integrations.webhooks.rotate')}
          </button>
          <button type="button" className="button" aria-expanded={showLog} onClick={() => setShowLog(!showLog)}>
            {t('integrations.deliveries.show')}
          </button>
          <button type="button" className="button button--quiet button--danger" onClick={() => setDeleting(true)}>
            {t('common.delete')}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={deleting}
        title={t('integrations.webhooks.confirmDeleteTitle')}
        confirmLabel={t('common.delete')}
        onConfirm={() => remove({ variables: { id: webhook.id } })}
        onClose={() => setDeleting(false)}
      >
        {t('integrations.webhooks.confirmDelete', { url: webhook.url })}
      </ConfirmDialog>
      {showLog && <WebhookDeliveries webhookId={webhook.id} />}
    </li>
  );
}
