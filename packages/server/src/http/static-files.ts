import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { appContentSecurityPolicy } from './security-headers.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves the built SPA. A path that is not a file gets `index.html` (the
 * client-side router owns `/a/<slug>/…`); Vite's hashed assets are cached for
 * a year, `index.html` never, so a deploy shows at once.
 */
export function createStaticHandler(rootDir: string) {
  const root = path.resolve(rootDir);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('Bad request');
      return;
    }
    const requested = path.resolve(root, '.' + path.posix.normalize(pathname));
    const insideRoot = requested === root || requested.startsWith(root + path.sep);
    const file = insideRoot ? await existingFile(requested) : undefined;
    if (file) {
      const immutable = file.startsWith(path.join(root, 'assets') + path.sep);
      return send(res, req, file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    if (path.extname(pathname) !== '' && pathname.startsWith('/assets/')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const index = await existingFile(path.join(root, 'index.html'));
    if (!index) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The web app is not built. Run `npm start`, which builds it, or `pnpm --filter @kontor/web build`.');
      return;
    }
    return send(res, req, index, 'no-cache');
  };
}

async function existingFile(candidate: string): Promise<string | undefined> {
  try {
    return (await fs.stat(candidate)).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, req: IncomingMessage, file: string, cacheControl: string): Promise<void> {
  res.writeHead(200, {
    'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': cacheControl,
    // Documents and Monaco's workers get their policy from their own response.
    'content-security-policy': appContentSecurityPolicy,
  });
  if (req.method === 'HEAD') {
    res.end();
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    createReadStream(file).on('error', reject).on('end', resolve).pipe(res);
  });
}
