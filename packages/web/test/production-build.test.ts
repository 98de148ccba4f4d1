import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kontor-web-build-'));
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe('the built web app', () => {
  // The server's documented default is NODE_ENV=development; the SPA it serves must not follow it.
  it('is a production build even when NODE_ENV=development is in the environment', { timeout: 180_000 }, () => {
    const vite = path.join(webDir, 'node_modules/vite/bin/vite.js');
    const result = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: webDir,
      env: { ...process.env, NODE_ENV: 'development' },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
    const entry = html.match(/<script[^>]+src="\/(assets\/index-[^"]+\.js)"/)?.[1];
    expect(entry).toBeDefined();
    const code = fs.readFileSync(path.join(outDir, entry!), 'utf8');
    // Warnings only React's development bundle carries.
    expect(code).not.toContain('unique "key" prop');
    expect(code).not.toContain('react-dom.development');
    expect(code).toContain('react.dev/errors/'); // the production bundle's minified error links
  });
});
