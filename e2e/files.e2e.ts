import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { createPerson, signUpThroughForm, landedIn, unique, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
const account = unique('Files GmbH');
let browser: Browser;
let page: Page;

/** A 1×1 PNG and a minimal PDF: the server recognises both by their bytes. */
const pngHex = '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

const files = () => page.getByTestId('files');
const fileRow = (name: string) => files().getByTestId('file').filter({ hasText: name });

/** Remembers whether a progress bar (`selector`) was ever on screen: a small upload on localhost is over in a moment. */
async function watchForProgress(selector: string): Promise<void> {
  await page.evaluate((progress) => {
    const seen = window as unknown as { sawProgress: boolean };
    seen.sawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector(progress)) seen.sawProgress = true;
    }).observe(document.body, { childList: true, subtree: true });
  }, selector);
}

const sawProgress = () => page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress);

/** A file as the browser hands it over in a drag (its bytes in hex). */
function dragged(name: string, type: string, hex: string) {
  return page.evaluateHandle(
    ({ name, type, hex }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(hex.match(/../g)!.map((pair) => parseInt(pair, 16)))], name, { type }));
      return transfer;
    },
    { name, type, hex },
  );
}

describe('files on a record in the browser', () => {
  it('attaches a dropped image with a progress bar, shows it as a thumbnail and downloads it under its name', async () => {
    await signUpThroughForm(page, baseUrl, { email: `${unique('files').replace(' ', '-')}@example.com`, accountName: account });
    await landedIn(page, account);
    await waitForAccount(page, account);
    await createPerson(page, 'Bea', 'Buyer');
    await page.locator('.person-name', { hasText: 'Bea Buyer' }).click();
    await files().getByTestId('empty').waitFor();

    await watchForProgress('[data-testid=upload-progress] progress');
    const dataTransfer = await dragged('Business card.png', 'image/png', pngHex);
    await page.getByTestId('file-dropzone').dispatchEvent('dragover', { dataTransfer });
    await page.getByTestId('file-dropzone').dispatchEvent('drop', { dataTransfer });
    await fileRow('Business card.png').waitFor();
    expect(await sawProgress()).toBe(true);

    const thumbnail = fileRow('Business card.png').getByTestId('file-thumbnail');
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), fileRow('Business card.png').getByTestId('file-download').click()]);
    expect(download.suggestedFilename()).toBe('Business card.png');
    await screenshot(page, 'files-person');
  });

  it('uploads a chosen PDF, which offers a preview; renames it and deletes it', async () => {
    await page.getByTestId('file-input').setInputFiles({ name: 'Offer.pdf', mimeType: 'application/pdf', buffer: pdf });
    await fileRow('Offer.pdf').waitFor();
    const preview = fileRow('Offer.pdf').getByRole('link', { name: 'Preview' });
    expect(await preview.getAttribute('href')).toMatch(/^\/files\/[0-9a-f-]{36}\?inline=1&token=/);

    await fileRow('Offer.pdf').getByRole('button', { name: 'Rename' }).click();
    // While it is renamed, the row shows the name in a field instead of a link.
    await files().locator('.file__rename input').fill('Offer 2027.pdf');
    await files().getByRole('button', { name: 'Save' }).click();
    await fileRow('Offer 2027.pdf').waitFor();
    await page.reload();
    await fileRow('Offer 2027.pdf').waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await fileRow('Offer 2027.pdf').getByRole('button', { name: 'Delete' }).click();
    await fileRow('Offer 2027.pdf').waitFor({ state: 'detached' });
    await expect(files().getByTestId('file').count()).resolves.toBe(1);
  });

  it('attaches files on a company page too', async () => {
    await page.locator('.account-bar__section', { hasText: 'Companies' }).click();
    await page.getByRole('button', { name: 'New company' }).first().click();
    await page.locator('dialog[open] input[name=name]').fill('Nordwind GmbH');
    await page.locator('dialog[open] button[type=submit]').click();
    await page.getByTestId('companies-list').getByText('Nordwind GmbH').click();
    await page.getByTestId('file-input').setInputFiles({ name: 'Framework contract.txt', mimeType: 'text/plain', buffer: Buffer.from('Terms') });
    await fileRow('Framework contract.txt').waitFor();
    // Not an image or PDF: no preview.
    await expect(fileRow('Framework contract.txt').getByRole('link', { name: 'Preview' }).count()).resolves.toBe(0);
  });

  it('attaches files to a note: dragged over the note, dropped with a progress bar, previewed, renamed, downloaded and deleted', async () => {
    await page.locator('#note-body').fill('Signed framework contract');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByTestId('note').filter({ hasText: 'Signed framework contract' });
    const toggle = note.getByTestId('note-files-toggle');
    await expect.poll(() => toggle.textContent()).toBe('Attach files');
    const noteFiles = note.getByTestId('files');
    const noteFile = (name: string) => noteFiles.getByTestId('file').filter({ hasText: name });

    await watchForProgress('[data-testid=note] [data-testid=upload-progress] progress');
    const dataTransfer = await dragged('Contract.pdf', 'application/pdf', pdf.toString('hex'));
    // Dragging files over the closed note opens its files, so they can be dropped there.
    await note.dispatchEvent('dragenter', { dataTransfer });
    await note.getByTestId('file-dropzone').dispatchEvent('dragover', { dataTransfer });
    await note.getByTestId('file-dropzone').dispatchEvent('drop', { dataTransfer });
    await noteFile('Contract.pdf').waitFor();
    expect(await sawProgress()).toBe(true);
    await expect.poll(() => toggle.textContent()).toBe('1 file');
    // On the note only, not among the company's own files.
    await expect(page.getByTestId('file').filter({ hasText: 'Contract.pdf' }).count()).resolves.toBe(1);
    expect(await noteFile('Contract.pdf').getByRole('link', { name: 'Preview' }).getAttribute('href')).toMatch(/^\/files\/[0-9a-f-]{36}\?inline=1&token=/);

    await noteFile('Contract.pdf').getByRole('button', { name: 'Rename' }).click();
    await noteFiles.locator('.file__rename input').fill('Framework contract signed.pdf');
    await noteFiles.getByRole('button', { name: 'Save' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), noteFile('Framework contract signed.pdf').getByTestId('file-download').click()]);
    expect(download.suggestedFilename()).toBe('Framework contract signed.pdf');
    await screenshot(page, 'files-note');

    // Chosen with the picker after a reload: the note says how many files it has before it is opened.
    await page.reload();
    await expect.poll(() => toggle.textContent()).toBe('1 file');
    await toggle.click();
    await note.getByTestId('file-input').setInputFiles({ name: 'Card.png', mimeType: 'image/png', buffer: Buffer.from(pngHex, 'hex') });
    await noteFile('Card.png').getByTestId('file-thumbnail').waitFor();
    await expect.poll(() => toggle.textContent()).toBe('2 files');

    page.once('dialog', (dialog) => void dialog.accept());
    await noteFile('Framework contract signed.pdf').getByRole('button', { name: 'Delete' }).click();
    await noteFile('Framework contract signed.pdf').waitFor({ state: 'detached' });
    await expect.poll(() => toggle.textContent()).toBe('1 file');
  });
});
