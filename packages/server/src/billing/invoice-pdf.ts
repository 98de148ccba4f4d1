import PDFDocument from 'pdfkit';
import { formatCents, formatRate, type InvoiceRecord } from './invoice-records.js';

export const reverseChargeNote =
  'Reverse charge: VAT to be accounted for by the recipient (Art. 196 Council Directive 2006/112/EC; § 13b UStG).';

const euro = (cents: number) => `${formatCents(cents)} EUR`;

/**
 * The invoice as a PDF (A4, the PDF standard fonts). `compress: false` keeps
 * the text readable in the file, which the tests rely on; invoices are small.
 */
export function renderInvoicePdf(invoice: InvoiceRecord, issuerLines: string[], options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: options.compress ?? false,
    info: { Title: `Invoice ${invoice.number}`, Author: issuerLines[0] ?? 'Kontor', CreationDate: invoice.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font('Helvetica').fontSize(8).fillColor('#555').text(issuerLines.join(' · '), left, 56, { width });
  doc.fillColor('#000').moveDown(2);

  const to = invoice.billedTo;
  doc.font('Helvetica-Bold').fontSize(11).text(to.companyName ?? to.accountName);
  doc.font('Helvetica').fontSize(10);
  if (to.companyName && to.companyName !== to.accountName) doc.text(`Account: ${to.accountName}`);
  for (const line of to.addressLines) doc.text(line);
  if (to.postalCode || to.city) doc.text([to.postalCode, to.city].filter(Boolean).join(' '));
  if (to.country) doc.text(to.country);
  if (to.vatId) doc.text(`VAT ID: ${to.vatId}`);

  doc.moveDown(2).font('Helvetica-Bold').fontSize(16).text(`Invoice ${invoice.number}`);
  doc.font('Helvetica').fontSize(10);
  doc.text(`Account: ${to.accountName}`);
  doc.text(`Billing period: ${invoice.period}`);
  doc.text(`Issued: ${invoice.issuedAt.toISOString().slice(0, 10)}`);
  doc.text(`Due: ${invoice.dueDate}`);
  doc.moveDown(1.5);

  const amountX = left + width - 100;
  const row = (label: string, amount: string, bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(label, left, y, { width: width - 110 });
    const after = doc.y;
    doc.text(amount, amountX, y, { width: 100, align: 'right' });
    doc.y = Math.max(after, doc.y);
    doc.x = left;
  };

  row('Item', 'Amount', true);
  doc.moveTo(left, doc.y + 2).lineTo(left + width, doc.y + 2).stroke().moveDown(0.5);
  for (const line of invoice.lines) {
    const what = line.trial ? `${line.planName} package, free trial` : `${line.planName} package`;
    const price = line.trial ? 'free' : `${line.days}/${line.daysInMonth} days of ${euro(line.monthlyPriceCents)} per month`;
    row(`${what}, ${line.from} to ${line.to} (${line.days} days): ${price}`, euro(line.amountCents));
    doc.moveDown(0.3);
  }
  doc.moveTo(left, doc.y + 2).lineTo(left + width, doc.y + 2).stroke().moveDown(0.5);
  row('Net', euro(invoice.netCents));
  row(invoice.reverseCharge ? 'VAT 0 % (reverse charge)' : `VAT ${formatRate(invoice.vatRateBasisPoints)} %`, euro(invoice.vatCents));
  row('Total', euro(invoice.grossCents), true);
  doc.moveDown(1.5).font('Helvetica').fontSize(9);
  if (invoice.reverseCharge) doc.text(reverseChargeNote).moveDown(0.5);
  doc.text(`Please pay by ${invoice.dueDate}. Where a SEPA direct debit mandate is on file, the amount is collected from that account.`);

  doc.end();
  return done;
}
