import type { SupportedLocale } from '../auth/users.js';
import type { OutgoingMail } from '../mail/mailer.js';

/**
 * The mail that tells a package's creator it is ready. It carries no download
 * link itself (a mail is kept and forwarded; a package is the whole account):
 * it points to the account's team screen, where a signed-in owner takes a
 * fresh single-use link.
 */
export function packageReadyMail(input: {
  to: { email: string; name: string };
  locale: SupportedLocale;
  account: { id: string; name: string; slug: string };
  publicUrl: string;
  size: number;
}): OutgoingMail {
  const where = `${input.publicUrl}/a/${encodeURIComponent(input.account.slug)}/team`;
  const megabytes = (input.size / 1024 / 1024).toFixed(1);
  const texts: Record<SupportedLocale, { subject: string; lines: string[] }> = {
    en: {
      subject: `Your package of ${input.account.name} is ready`,
      lines: [`Hello ${input.to.name},`, '', `the package of the whole account "${input.account.name}" (${megabytes} MB) is ready.`, `Download it within 7 days under "Export everything" here: ${where}`, '', 'Each download link works once.'],
    },
    de: {
      subject: `Ihr Paket von ${input.account.name} ist fertig`,
      lines: [`Hallo ${input.to.name},`, '', `das Paket des ganzen Kontos „${input.account.name}“ (${megabytes} MB) ist fertig.`, `Laden Sie es innerhalb von 7 Tagen unter „Alles exportieren“ herunter: ${where}`, '', 'Jeder Download-Link funktioniert einmal.'],
    },
    es: {
      subject: `Tu paquete de ${input.account.name} está listo`,
      lines: [`Hola ${input.to.name}:`, '', `el paquete de toda la cuenta «${input.account.name}» (${megabytes} MB) está listo.`, `Descárgalo en un plazo de 7 días en «Exportar todo»: ${where}`, '', 'Cada enlace de descarga funciona una sola vez.'],
    },
  };
  const text = texts[input.locale];
  return { to: input.to.email, subject: text.subject, text: text.lines.join('\n'), accountId: input.account.id };
}
