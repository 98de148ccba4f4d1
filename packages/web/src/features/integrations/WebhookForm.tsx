import type { WebhookEvent } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';

/** The events a webhook may subscribe to (webhook.test is sent on demand only). */
export const subscribableEvents: WebhookEvent[] = [
  'PERSON_CREATED', 'PERSON_UPDATED', 'PERSON_DELETED',
  'COMPANY_CREATED', 'COMPANY_UPDATED', 'COMPANY_DELETED',
  'DEAL_CREATED', 'DEAL_UPDATED', 'DEAL_DELETED',
];

export interface WebhookValues {
  url: string;
  events: WebhookEvent[];
}

/** URL and events of a new or an existing webhook; the server's refusal is shown next to its field. */
export function WebhookForm(props: { initial?: WebhookValues; submitLabel: string; onSubmit(values: WebhookValues): Promise<void>; onCancel?(): void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(props.initial?.url ?? '');
  const [events, setEvents] = useState<WebhookEvent[]>(props.initial?.events ?? []);
  const [busy, setBusy] = useState(false);
  const errors = useFieldErrors(['url', 'events'] as const);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      await props.onSubmit({ url, events });
    } catch (e) {
      errors.show(e);
    } finally {
      setBusy(false);
    }
  }

  const toggle = (event: WebhookEvent) => setEvents((current) => (current.includes(event) ? current.filter((e) => e !== event) : [...current, event]));
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="webhook-form">
      <FormError>{errors.formError}</FormError>
      <Field label={t('integrations.webhooks.url')} name="url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} error={errors.fieldErrors.url} placeholder="https://example.com/kontor" />
      <fieldset className={`field${errors.fieldErrors.events ? ' field--invalid' : ''}`}>
        <legend>{t('integrations.webhooks.events')}</legend>
        <div className="checkbox-grid">
          {subscribableEvents.map((event) => (
            <label key={event} className="checkbox">
              <input type="checkbox" name="events" value={event} checked={events.includes(event)} onChange={() => toggle(event)} />
              {t(`integrations.webhooks.eventNames.${event}`)}
            </label>
          ))}
        </div>
        {errors.fieldErrors.events && (
          <p className="field__error" role="alert">
            {errors.fieldErrors.events}
          </p>
        )}
      </fieldset>
      <div className="form__actions">
        {props.onCancel && (
          <button type="button" className="button button--quiet" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
