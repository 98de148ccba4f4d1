import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './server.js';

/** Where screenshots go for a reviewer to look at; git ignores it. */
export const artifactsDir = path.join(repoRoot, 'e2e', 'artifacts');

/**
 * Debian's Chromium, headless. The flags keep it from reaching for the
 * network at start (this machine has none but the package registries).
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  launched.add(browser);
  browser.on('disconnected', () => launched.delete(browser));
  // Every context, also those browser.newPage() makes, keeps its pages' last errors for a failure report.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>): Promise<BrowserContext> => {
    const context = await newContext(...args);
    context.on('page', watchErrors);
    return context;
  };
  return browser;
}

const launched = new Set<Browser>();
const pageErrors = new WeakMap<Page, string[]>();

function watchErrors(page: Page): void {
  const errors: string[] = [];
  pageErrors.set(page, errors);
  const keep = (text: string) => {
    errors.push(text.slice(0, 300));
    if (errors.length > 10) errors.shift();
  };
  page.on('pageerror', (error) => keep(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') keep(`console error: ${message.text()}`);
  });
}

/** What every open page shows: address, focus, open dialogs, the start of its text and its last errors. */
export async function describeOpenPages(): Promise<string> {
  const lines: string[] = [];
  for (const browser of launched) {
    for (const page of browser.contexts().flatMap((context) => context.pages())) {
      const state = await page
        .evaluate(() => ({
          focus: document.activeElement ? `${document.activeElement.tagName.toLowerCase()}${document.activeElement.getAttribute('name') ? `[name=${document.activeElement.getAttribute('name')}]` : ''}` : 'none',
          dialogs: Array.from(document.querySelectorAll('dialog[open]')).map((dialog) => dialog.getAttribute('aria-label') ?? dialog.textContent?.slice(0, 60) ?? ''),
          text: document.body?.innerText.replace(/\s+/g, ' ').slice(0, 400) ?? '',
        }))
        .catch((error: unknown) => ({ focus: '?', dialogs: [], text: `(could not be read: ${String(error).slice(0, 100)})` }));
      lines.push(`${page.url()} focus=${state.focus} dialogs=${JSON.stringify(state.dialogs)}\n  text: ${state.text}`);
      for (const error of pageErrors.get(page) ?? []) lines.push(`  ${error}`);
    }
  }
  return lines.join('\n') || '(no open page)';
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await fs.mkdir(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}
