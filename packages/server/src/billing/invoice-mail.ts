import type { OutgoingMail as Mail } from '../mail/mailer.js';

/**
 * How invoices leave the building: through the one mailer (`src/mail/`), with
 * the invoice PDF attached. Without one (the `billing:run` command may run
 * without), issued invoices wait in `invoice_delivery` and are sent by the
 * next run that has one.
 */
export type OutgoingMail = Mail & Required<Pick<Mail, 'accountId' | 'attachments'>>;

export type SendMail = (mail: OutgoingMail) => Promise<void>;
