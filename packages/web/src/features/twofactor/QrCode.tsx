import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The otpauth:// URI as a QR code for the authenticator app, drawn here in
 * the browser (the secret never goes to a third-party image service). The
 * `qrcode` library loads only when this is shown, so the first load stays
 * within its budget.
 */
export function QrCode({ text }: { text: string }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    import('qrcode')
      .then((qrcode) => {
        if (!cancelled && canvas.current) return qrcode.toCanvas(canvas.current, text, { width: 200, margin: 2, errorCorrectionLevel: 'M' });
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [text]);
  if (failed) return <p className="field__hint">{t('twoFactor.qrFailed')}</p>;
  return <canvas ref={canvas} className="qr-code" role="img" aria-label={t('twoFactor.qrLabel')} data-testid="two-factor-qr" />;
}
