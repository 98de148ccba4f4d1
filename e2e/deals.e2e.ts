import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { createPerson, signUpThroughForm, landedIn, unique, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
const account = unique('Deals GmbH');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-GB' });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

const board = () => page.getByTestId('deal-board');
const card = (title: string) => board().getByTestId('deal-card').filter({ hasText: title });
const dialog = () => page.locator('dialog[open]');

describe('editing a deal in the browser', () => {
  it('creates a deal with the shared form', async () => {
    await signUpThroughForm(page, baseUrl, { email: `${unique('deals').replace(' ', '-')}@example.com`, accountName: account });
    await landedIn(page, account);
    await waitForAccount(page, account);
    await createPerson(page, 'Anna', 'Alpha');

    await page.locator('.account-bar__section', { hasText: 'Companies' }).click();
    await page.getByRole('button', { name: 'New company' }).first().click();
    await dialog().locator('input[name=name]').fill('Nordwind GmbH');
    await dialog().locator('button[type=submit]').click();
    await page.getByTestId('companies-list').getByText('Nordwind GmbH').waitFor();

    await page.locator('.account-bar__section', { hasText: 'Tags' }).click();
    await page.getByTestId('tags').locator('input[name=name]').fill('Hot');
    await page.getByTestId('tags').locator('button[type=submit]').click();
    await page.getByTestId('tags').locator('li', { hasText: 'Hot' }).waitFor();

    await page.locator('.account-bar__section', { hasText: 'Deals' }).click();
    await page.getByTestId('phase-Lead').waitFor();
    await page.getByRole('button', { name: 'New deal' }).click();
    await dialog().locator('input[name=title]').fill('Website relaunch');
    await dialog().locator('input[name=amount]').fill('12500');
    await dialog().locator('select[name=companyId]').selectOption({ label: 'Nordwind GmbH' });
    await dialog().locator('select[name=probability]').selectOption('20');
    await dialog().locator('button[type=submit]').click();
    await card('Website relaunch').waitFor();
    await expect(card('Website relaunch').textContent()).resolves.toContain('€12,500 · 20 %');
  });

  it('opens a deal by clicking its card, saves title, value, status, a contact person and a tag, and keeps them after a reload', async () => {
    await card('Website relaunch').click();
    await expect(dialog().locator('h2').textContent()).resolves.toBe('Edit deal');
    // Prefilled with the deal as it is.
    await expect(dialog().locator('input[name=title]').inputValue()).resolves.toBe('Website relaunch');
    await expect(dialog().locator('input[name=amount]').inputValue()).resolves.toBe('12500');
    await expect(dialog().locator('select[name=companyId] option:checked').textContent()).resolves.toBe('Nordwind GmbH');
    await expect(dialog().locator('select[name=probability]').inputValue()).resolves.toBe('20');
    await expect(dialog().locator('select[name=status]').inputValue()).resolves.toBe('OPEN');

    await dialog().locator('input[name=title]').fill('Website relaunch 2.0');
    await dialog().locator('input[name=amount]').fill('18.000,50');
    await dialog().locator('select[name=status]').selectOption('WON');
    await dialog().locator('input[name=personSearch]').fill('Ann');
    await dialog().getByRole('button', { name: 'Anna Alpha' }).click();
    await dialog().getByTestId('deal-people').locator('.chip', { hasText: 'Anna Alpha' }).waitFor();
    await dialog().getByLabel('Hot').check();
    await screenshot(page, 'deal-edit');
    const saved = page.waitForResponse((r) => r.request().postData()?.includes('UpdateDeal') === true);
    await dialog().getByRole('button', { name: 'Save' }).click();
    const request = (await saved).request().postDataJSON() as { variables: { input: Record<string, unknown> } };
    // Only what changed is sent.
    expect(Object.keys(request.variables.input).sort()).toEqual(['personIds', 'status', 'tagIds', 'title', 'value']);
    await dialog().waitFor({ state: 'detached' }).catch(() => undefined);
    await page.locator('dialog[open]').waitFor({ state: 'hidden' });

    // The card follows without a reload.
    await expect(card('Website relaunch 2.0').textContent()).resolves.toContain('€18,000.50');
    await expect(page.getByTestId('phase-Lead').locator('.board__total').textContent()).resolves.toBe('€18,000.50');

    await page.reload();
    await card('Website relaunch 2.0').waitFor();
    await expect(card('Website relaunch 2.0').textContent()).resolves.toContain('€18,000.50');
    await page.getByRole('button', { name: 'List' }).click();
    await expect(page.getByTestId('deal-list').locator('tbody tr').first().textContent()).resolves.toContain('Won');
    await page.getByTestId('deal-list').getByRole('button', { name: 'Website relaunch 2.0' }).click();
    await dialog().getByTestId('deal-people').locator('.chip', { hasText: 'Anna Alpha' }).waitFor();
    await expect(dialog().locator('select[name=status]').inputValue()).resolves.toBe('WON');
    await expect(dialog().getByLabel('Hot').isChecked()).resolves.toBe(true);
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Board' }).click();
  });

  it('shows a refused save next to the field, keeps what was typed, and changes nothing', async () => {
    await card('Website relaunch 2.0').click();
    await dialog().locator('input[name=title]').fill('   ');
    await dialog().locator('input[name=amount]').fill('99');
    const refused = page.waitForResponse((r) => r.request().postData()?.includes('UpdateDeal') === true);
    await dialog().getByRole('button', { name: 'Save' }).click();
    await refused;
    const titleField = dialog().locator('.field', { has: page.locator('input[name=title]') });
    await expect(titleField.locator('.field__error').textContent()).resolves.toBe('Please enter a title, neither empty nor too long.');
    await expect(dialog().locator('input[name=amount]').inputValue()).resolves.toBe('99');
    await screenshot(page, 'deal-edit-refused');

    // A value the form can tell is wrong is named before anything is sent.
    await dialog().locator('input[name=title]').fill('Never saved');
    await dialog().locator('input[name=amount]').fill('-5');
    await dialog().getByRole('button', { name: 'Save' }).click();
    const valueField = dialog().locator('.field', { has: page.locator('input[name=amount]') });
    await expect(valueField.locator('.field__error').textContent()).resolves.toBe('Please enter an amount of 0 or more.');

    // Cancel drops the edits.
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await page.locator('dialog[open]').waitFor({ state: 'hidden' });
    await expect(card('Website relaunch 2.0').textContent()).resolves.toContain('€18,000.50');
    await page.reload();
    await card('Website relaunch 2.0').waitFor();
    await expect(board().getByText('Never saved').count()).resolves.toBe(0);
    await expect(card('Website relaunch 2.0').textContent()).resolves.toContain('€18,000.50');
  });

  it('still moves a card by dragging it or by its phase picker, without opening it', async () => {
    await card('Website relaunch 2.0').dragTo(page.getByTestId('phase-Proposal'));
    await page.getByTestId('phase-Proposal').getByText('Website relaunch 2.0').waitFor();
    await expect(page.locator('dialog[open]').count()).resolves.toBe(0);
    await card('Website relaunch 2.0').locator('select').selectOption({ label: 'Negotiation' });
    await page.getByTestId('phase-Negotiation').getByText('Website relaunch 2.0').waitFor();
    await expect(page.locator('dialog[open]').count()).resolves.toBe(0);
  });

  it('takes notes on a deal, with files attached to a note', async () => {
    await card('Website relaunch 2.0').click();
    await dialog().locator('#note-body').fill('Offer sent');
    await dialog().getByRole('button', { name: 'Add note' }).click();
    const note = dialog().getByTestId('note').filter({ hasText: 'Offer sent' });
    const toggle = note.getByTestId('note-files-toggle');
    await expect.poll(() => toggle.textContent()).toBe('Attach files');
    await toggle.click();
    await note.getByTestId('file-input').setInputFiles({ name: 'Offer.txt', mimeType: 'text/plain', buffer: Buffer.from('The offer') });
    await note.getByTestId('file').filter({ hasText: 'Offer.txt' }).waitFor();
    await expect.poll(() => toggle.textContent()).toBe('1 file');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await card('Website relaunch 2.0').click();
    await expect.poll(() => dialog().getByTestId('note').filter({ hasText: 'Offer sent' }).getByTestId('note-files-toggle').textContent()).toBe('1 file');
  });
});
