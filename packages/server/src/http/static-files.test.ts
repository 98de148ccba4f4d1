import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  const web = path.join(app.dataDir, 'web');
  await fs.mkdir(path.join(web, 'assets'), { recursive: true });
  await fs.writeFile(path.join(web, 'index.html'), '<!doctype html><title>Kontor</title>');
  await fs.writeFile(path.join(web, 'assets', 'app-abc123.js'), 'console.log("kontor")');
  await fs.writeFile(path.join(app.dataDir, 'secret.txt'), 'not for the web');
});

afterAll(async () => {
  await app.stop();
});

describe('the SPA', () => {
  it('is served at /', async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>Kontor</title>');
  });

  it("falls back to index.html for the client router's paths", async () => {
    const response = await fetch(`${app.url}/a/acme/people/42`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Kontor</title>');
  });

  it('serves hashed assets with a long cache life', async () => {
    const response = await fetch(`${app.url}/assets/app-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 for a missing asset instead of the app', async () => {
    expect((await fetch(`${app.url}/assets/gone-000.js`)).status).toBe(404);
  });

  it('never serves a file outside its folder', async () => {
    const response = await fetch(`${app.url}/..%2Fsecret.txt`);
    expect(await response.text()).not.toContain('not for the web');
  });

  it('refuses methods it does not serve', async () => {
    expect((await fetch(`${app.url}/people`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('security headers', () => {
  it('give the app a strict Content-Security-Policy that no other site may frame', async () => {
    for (const path of ['/', '/a/acme/people', '/playground', '/assets/app-abc123.js']) {
      const response = await fetch(`${app.url}${path}`);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("script-src 'self';");
      expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('let API answers load nothing, and be neither sniffed nor framed', async () => {
    const answers = [
      await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }),
      await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'not json' }),
      await fetch(`${app.url}/healthz`),
      await fetch(`${app.url}/invoices/00000000-0000-0000-0000-000000000000.pdf`),
      await fetch(`${app.url}/people`, { method: 'DELETE' }),
    ];
    for (const response of answers) {
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  it('tell browsers to keep to https for a year when Kontor is reached over https, and only then', async () => {
    expect((await fetch(`${app.url}/`)).headers.get('strict-transport-security')).toBeNull();
    const behindTls = await startTestApp({ config: { publicUrl: 'https://crm.example.com' } });
    try {
      for (const path of ['/', '/healthz']) expect((await fetch(`${behindTls.url}${path}`)).headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await behindTls.stop();
    }
  });
});
