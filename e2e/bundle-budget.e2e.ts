import fs from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/server.js';

const dist = path.join(repoRoot, 'packages/web/dist');

/** The scripts a first visit loads: the entry and what index.html preloads (lazy chunks are not among them). */
async function initialScripts(): Promise<string[]> {
  const html = await fs.readFile(path.join(dist, 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
}

describe('the web app bundle', () => {
  it('keeps the first load within 200 KB of gzipped JavaScript, with the playground (GraphiQL, Monaco) left out of it', async () => {
    const scripts = await initialScripts();
    expect(scripts.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const script of scripts) {
      const code = await fs.readFile(path.join(dist, script));
      gzipped += gzipSync(code).length;
      expect(code.toString(), `${script} carries the editor`).not.toMatch(/monaco-editor|graphiql-container/);
    }
    expect(gzipped).toBeLessThanOrEqual(200 * 1024);
    const assets = await fs.readdir(path.join(dist, 'assets'));
    expect(assets.some((file) => /^PlaygroundPage-.*\.js$/.test(file)), 'the playground is a chunk of its own').toBe(true);
  });
});
