import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.js';
import { landedIn, signUpThroughForm, unique, waitForAccount } from './support/app.js';

const baseUrl = inject('baseUrl');
const account = unique('Felder GmbH');
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

const dialog = () => page.locator('dialog[open]');
const section = (name: string) => page.locator('.account-bar__section', { hasText: name });
const fieldRow = (name: string) => page.getByTestId('custom-field-list').locator('tr', { hasText: name });
const fact = (name: string) => page.getByTestId('custom-value').filter({ has: page.locator('dt', { hasText: name }) }).locator('dd');

async function closed() {
  await dialog().waitFor({ state: 'detached' }).catch(() => undefined);
  await page.locator('dialog[open]').waitFor({ state: 'hidden' });
}

async function defineField(name: string, type: string, more: (form: ReturnType<typeof dialog>) => Promise<void> = async () => undefined) {
  await page.getByRole('button', { name: 'New field' }).click();
  await dialog().locator('input[name=name]').fill(name);
  await dialog().locator('select[name=type]').selectOption(type);
  await more(dialog());
  await dialog().getByRole('button', { name: 'Create' }).click();
  await closed();
  await fieldRow(name).waitFor();
}

describe('custom fields in the browser', () => {
  it('an owner defines fields of several types, one with choices and one shown in lists', async () => {
    await signUpThroughForm(page, baseUrl, { email: `${unique('fields').replace(' ', '-')}@example.com`, accountName: account });
    await landedIn(page, account);
    await waitForAccount(page, account);
    await section('Fields').click();
    await page.getByTestId('custom-fields').waitFor();
    await defineField('Region', 'TEXT', (form) => form.locator('input[name=showInList]').check());
    await defineField('Segment', 'SINGLE_CHOICE', async (form) => {
      await form.getByLabel('Choice 1').fill('SMB');
      await form.getByRole('button', { name: 'Add choice' }).click();
      await form.getByLabel('Choice 2').fill('Enterprise');
    });
    await defineField('Budget', 'MONEY');
    await expect(fieldRow('Segment').textContent()).resolves.toContain('SMB, Enterprise');
    await screenshot(page, 'custom-fields-settings');
  });

  it('a person is created with values, shown in the list (a column the user adds) and on the page', async () => {
    await section('People').click();
    await page.getByRole('button', { name: 'New person' }).first().click();
    await dialog().locator('input[name=lastName]').fill('Feldmann');
    await dialog().locator('input[name="cf-Region"]').fill('Nordrhein');
    await dialog().locator('select[name="cf-Segment"]').selectOption({ label: 'Enterprise' });
    await dialog().locator('input[name="cf-Budget"]').fill('1500');
    await dialog().getByRole('button', { name: 'Create' }).click();
    await closed();
    const row = page.getByTestId('people-list').locator('tr', { hasText: 'Feldmann' });
    await row.waitFor();
    // Region is shown in lists from the start; Segment once picked.
    await expect(page.getByTestId('people-list').locator('th').allTextContents()).resolves.toContain('Region');
    await expect(row.textContent()).resolves.toContain('Nordrhein');
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByTestId('column-picker').getByLabel('Segment').check();
    await expect(row.textContent()).resolves.toContain('Enterprise');
    // A click on its head sorts by the column, and says so.
    await page.getByTestId('people-list').getByRole('button', { name: 'Region' }).click();
    await page.getByTestId('people-list').locator('th[aria-sort=ascending]', { hasText: 'Region ↑' }).waitFor();
    await screenshot(page, 'custom-fields-people-list');

    await row.getByRole('link', { name: /Feldmann/ }).click();
    await page.getByTestId('person').waitFor();
    await expect(fact('Region').textContent()).resolves.toBe('Nordrhein');
    await expect(fact('Segment').textContent()).resolves.toBe('Enterprise');
    await expect(fact('Budget').textContent()).resolves.toBe('€1,500');
  });

  it('an edit names the field in the timeline; a rename keeps the value; a delete asks and removes it', async () => {
    await page.getByRole('button', { name: 'Edit' }).click();
    await expect(dialog().locator('input[name="cf-Region"]').inputValue()).resolves.toBe('Nordrhein');
    await dialog().locator('input[name="cf-Region"]').fill('Bayern');
    const saved = page.waitForResponse((r) => r.request().postData()?.includes('UpdatePerson') === true);
    await dialog().getByRole('button', { name: 'Save' }).click();
    const sent = (await saved).request().postDataJSON() as { variables: { input: { customFields: { fieldId: string; text?: string }[] } } };
    // Only the changed value is sent.
    expect(sent.variables.input.customFields).toHaveLength(1);
    expect(sent.variables.input.customFields[0]!.text).toBe('Bayern');
    await closed();
    await expect(fact('Region').textContent()).resolves.toBe('Bayern');
    await page.getByTestId('timeline').locator('li', { hasText: 'Changed: Region' }).waitFor();
    const personUrl = page.url();

    await section('Fields').click();
    await fieldRow('Region').getByRole('button', { name: 'Edit' }).click();
    await dialog().locator('input[name=name]').fill('Area');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await closed();
    await fieldRow('Area').waitFor();

    // A type the value does not fit is refused, saying how many values stand in the way.
    await fieldRow('Area').getByRole('button', { name: 'Edit' }).click();
    await dialog().locator('select[name=type]').selectOption('NUMBER');
    await dialog().getByRole('button', { name: 'Save' }).click();
    const typeField = dialog().locator('.field', { has: page.locator('select[name=type]') });
    await expect(typeField.locator('.field__error').textContent()).resolves.toBe('Stored values that do not fit the new type: 1. Change or clear them first.');
    await screenshot(page, 'custom-fields-type-refused');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await closed();

    page.once('dialog', (confirm) => void confirm.accept());
    await fieldRow('Budget').getByRole('button', { name: 'Delete' }).click();
    await fieldRow('Budget').waitFor({ state: 'detached' });

    await page.goto(personUrl);
    await page.getByTestId('person').waitFor();
    await expect(fact('Area').textContent()).resolves.toBe('Bayern');
    await expect(page.getByTestId('custom-value').locator('dt').allTextContents()).resolves.toEqual(['Area', 'Segment']);
  });

  it('a deal takes custom values in its form and shows them when opened again', async () => {
    await section('Fields').click();
    await page.getByRole('tab', { name: 'Deals' }).click();
    await page.getByTestId('custom-fields').getByText('No fields of your own yet.').waitFor();
    await defineField('Lead source', 'TEXT');

    await section('Deals').click();
    await page.getByTestId('phase-Lead').waitFor();
    await page.getByRole('button', { name: 'New deal' }).click();
    await dialog().locator('input[name=title]').fill('Custom deal');
    await dialog().locator('input[name="cf-Lead source"]').fill('Trade fair');
    await dialog().getByRole('button', { name: 'Create' }).click();
    await closed();
    const card = page.getByTestId('deal-board').getByTestId('deal-card').filter({ hasText: 'Custom deal' });
    await card.click();
    await expect(dialog().locator('input[name="cf-Lead source"]').inputValue()).resolves.toBe('Trade fair');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
  });

  it('an import fills a custom field from the column the user maps to it', async () => {
    await section('Import').click();
    const csv = Buffer.from(['Vorname;Nachname;Gebiet', 'Ida;Importiert;Sachsen'].join('\r\n'), 'latin1');
    await page.getByTestId('imports').locator('input[type=file]').setInputFiles({ name: 'gebiete.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByRole('button', { name: 'Upload' }).click();
    const mapping = page.getByTestId('import-mapping');
    await mapping.waitFor();
    await mapping.getByLabel('Field for column Gebiet').selectOption({ label: 'Area' });
    await page.getByRole('button', { name: /^Import 1 row/ }).click();
    await page.getByTestId('import-status').getByText('Done').waitFor({ timeout: 30_000 });

    await section('People').click();
    const row = page.getByTestId('people-list').locator('tr', { hasText: 'Importiert' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Sachsen');
  });

  it('a company takes custom values when created, and its list shows them as a column', async () => {
    await section('Fields').click();
    await page.getByRole('tab', { name: 'Companies' }).click();
    await defineField('Sector', 'TEXT', (form) => form.locator('input[name=showInList]').check());
    await section('Companies').click();
    await page.getByRole('button', { name: 'New company' }).first().click();
    await dialog().locator('input[name=name]').fill('Sektor AG');
    await dialog().locator('input[name="cf-Sector"]').fill('Logistics');
    await dialog().getByRole('button', { name: 'Create' }).click();
    await closed();
    const row = page.getByTestId('companies-list').locator('tr', { hasText: 'Sektor AG' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Logistics');
  });

  it("a company's page edits its custom values, and the change is named in its timeline", async () => {
    await page.getByTestId('companies-list').locator('tr', { hasText: 'Sektor AG' }).getByRole('link', { name: 'Sektor AG' }).click();
    await page.getByTestId('company').waitFor();
    await expect(fact('Sector').textContent()).resolves.toBe('Logistics');
    await page.getByRole('button', { name: 'Edit' }).click();
    await expect(dialog().locator('input[name=name]').inputValue()).resolves.toBe('Sektor AG');
    await expect(dialog().locator('input[name="cf-Sector"]').inputValue()).resolves.toBe('Logistics');
    await dialog().locator('input[name="cf-Sector"]').fill('Retail');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await closed();
    await expect(fact('Sector').textContent()).resolves.toBe('Retail');
    await page.getByTestId('timeline').locator('li', { hasText: 'Changed: Sector' }).waitFor();
  });

  const filterForm = () => page.getByTestId('filter-form');
  async function addFilter(field: string, condition: string, value?: string | string[]) {
    await filterForm().getByLabel('Field').selectOption({ label: field });
    await filterForm().getByLabel('Condition').selectOption({ label: condition });
    if (typeof value === 'string') await filterForm().getByLabel('Value').fill(value);
    for (const choice of Array.isArray(value) ? value : []) await filterForm().getByLabel(choice).check();
    await filterForm().getByRole('button', { name: 'Add filter' }).click();
  }

  it('people filter by custom fields (contains, any of, is empty) together with the search words, kept in the URL', async () => {
    await section('People').click();
    const list = page.getByTestId('people-list');
    await list.locator('tr', { hasText: 'Importiert' }).waitFor();
    const names = async () => (await list.locator('.person-name').allTextContents()).map((name) => name.trim());
    await page.getByRole('button', { name: /^Filter/ }).click();
    await addFilter('Area', 'contains', 'bay');
    await page.getByTestId('filter-chips').getByText('Area contains “bay”').waitFor();
    await expect.poll(names).toEqual(['Feldmann']);
    expect(new URL(page.url()).searchParams.getAll('cf')).toHaveLength(1);
    // A reload (or a link) shows the same rows.
    await page.reload();
    await page.getByTestId('filter-chips').getByText('Area contains “bay”').waitFor();
    await expect.poll(names).toEqual(['Feldmann']);
    // Conditions on two fields must both hold.
    await page.getByRole('button', { name: /^Filter/ }).click();
    await addFilter('Segment', 'is any of', ['SMB']);
    await page.getByTestId('people').getByText('Nobody matches this search.').waitFor();
    await page.getByRole('button', { name: 'Remove filter: Segment is any of SMB' }).click();
    await list.locator('tr', { hasText: 'Feldmann' }).waitFor();
    // With the search words: the filter narrows what they find.
    await page.getByRole('button', { name: 'Remove filter: Area contains “bay”' }).click();
    await list.locator('tr', { hasText: 'Importiert' }).waitFor();
    await addFilter('Segment', 'is empty');
    await page.getByRole('searchbox', { name: 'Search people' }).fill('Feld');
    await page.getByTestId('people').getByText('Nobody matches this search.').waitFor();
    await page.getByRole('searchbox', { name: 'Search people' }).fill('');
    await expect.poll(names).toEqual(['Ida Importiert']);
    await screenshot(page, 'custom-fields-people-filtered');
    await page.getByRole('button', { name: 'Remove filter: Segment is empty' }).click();
  });

  it('companies filter by a number range; deals show and filter a custom column in their list', async () => {
    await section('Fields').click();
    await page.getByRole('tab', { name: 'Companies' }).click();
    await defineField('Employees', 'NUMBER');
    await section('Companies').click();
    await page.getByRole('button', { name: 'New company' }).first().click();
    await dialog().locator('input[name=name]').fill('Klein KG');
    await dialog().locator('input[name="cf-Employees"]').fill('5');
    await dialog().getByRole('button', { name: 'Create' }).click();
    await closed();
    const companies = page.getByTestId('companies-list');
    await companies.locator('tr', { hasText: 'Sektor AG' }).getByRole('link').click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await dialog().locator('input[name="cf-Employees"]').fill('250');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await closed();
    await section('Companies').click();
    await companies.locator('tr', { hasText: 'Klein KG' }).waitFor();
    await page.getByRole('button', { name: /^Filter/ }).click();
    await addFilter('Employees', 'at least', '100');
    await expect.poll(() => companies.locator('tbody tr td.table__select + td').allTextContents()).toEqual(['Sektor AG']);
    await addFilter('Employees', 'at most', '200');
    await page.getByTestId('companies').getByText('No company matches this search.').waitFor();

    await section('Deals').click();
    await page.getByRole('button', { name: 'List' }).click();
    const deals = page.getByTestId('deal-list');
    await deals.locator('tr', { hasText: 'Custom deal' }).waitFor();
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByTestId('column-picker').getByLabel('Lead source').check();
    await expect(deals.locator('th').allTextContents()).resolves.toContain('Lead source');
    await expect(deals.locator('tr', { hasText: 'Custom deal' }).locator('td[data-label="Lead source"]').textContent()).resolves.toBe('Trade fair');
    await page.getByRole('button', { name: /^Filter/ }).click();
    await addFilter('Lead source', 'is', 'trade fair');
    await deals.locator('tr', { hasText: 'Custom deal' }).waitFor();
    await addFilter('Lead source', 'is empty');
    await page.getByText('No deal matches these filters.').waitFor();
    await screenshot(page, 'custom-fields-deals-filtered');
  });
});
