/**
 * How invoices leave the building. The mailer (`src/mail/`) is built on
 * another branch; billing depends only on this shape, and the app passes the
 * mailer's `sendMail` in once it exists. Without one, issued invoices wait in
 * `invoice_delivery` (no row yet) and are sent by the next run that has one.
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The account the mail is about (the team branch's mailer files outbox mails under it). */
  accountId: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

export type SendMail = (mail: OutgoingMail) => Promise<void>;
