import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A secret the server shows only this once (an API key, a webhook's signing secret), with a copy button. */
export function SecretOnce({ secret, label, onDone }: { secret: string; label: string; onDone(): void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<boolean>();
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false); // No clipboard (permissions, an old browser): the text stays selectable.
    }
  }
  return (
    <div className="secret-once" role="status" data-testid="secret-once">
      <p>
        <strong>{label}</strong> {t('integrations.secretOnce')}
      </p>
      <code className="secret-once__value" data-testid="secret-value">
        {secret}
      </code>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? t('integrations.copied') : t('integrations.copy')}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          {t('integrations.secretStored')}
        </button>
      </div>
      {copied === false && <p className="field__error">{t('integrations.copyFailed')}</p>}
    </div>
  );
}
