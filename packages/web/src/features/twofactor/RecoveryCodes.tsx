import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The ten recovery codes, shown this once: to copy, to download as a text file, or to write down. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<boolean>();
  const text = `${t('twoFactor.codesFileTitle')}\n\n${codes.join('\n')}\n`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false); // No clipboard here: the codes stay selectable.
    }
  }
  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'kontor-recovery-codes.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return (
    <div className="secret-once" role="status" data-testid="recovery-codes">
      <p>
        <strong>{t('twoFactor.codesTitle')}</strong> {t('twoFactor.codesOnce')}
      </p>
      <ul className="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? t('integrations.copied') : t('integrations.copy')}
        </button>
        <button type="button" className="button" onClick={download}>
          {t('twoFactor.download')}
        </button>
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('twoFactor.codesStored')}
        </button>
      </div>
      {copied === false && <p className="field__error">{t('integrations.copyFailed')}</p>}
    </div>
  );
}
