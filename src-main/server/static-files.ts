// Serves the built renderer from one folder. Only GET/HEAD, only files inside the folder (no
// traversal, no dot-files, no directory listings); unknown paths without an extension fall back to
// index.html so a reload of an in-app URL still works.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export type Resolved = { kind: 'file'; path: string } | { kind: 'error'; status: number; message: string };

/** Map a request path to a file inside `root`. Pure except for the filesystem checks. */
export async function resolveStatic(root: string, urlPath: string): Promise<Resolved> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'error', status: 400, message: 'bad URL encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'error', status: 400, message: 'bad path' };
  const parts = decoded.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p.startsWith('.'))) return { kind: 'error', status: 404, message: 'not found' };
  const realRoot = await realpath(root).catch(() => null);
  if (realRoot === null) return { kind: 'error', status: 503, message: `the renderer is not built (${root} is missing); run npm run build` };
  const candidate = parts.length === 0 ? join(realRoot, 'index.html') : normalize(join(realRoot, ...parts));
  const found = await fileInside(realRoot, candidate);
  if (found) return { kind: 'file', path: found };
  if (parts.length > 0 && extname(parts[parts.length - 1] ?? '') === '') {
    const index = await fileInside(realRoot, join(realRoot, 'index.html'));
    if (index) return { kind: 'file', path: index };
  }
  return { kind: 'error', status: 404, message: 'not found' };
}

async function fileInside(root: string, candidate: string): Promise<string | null> {
  const real = await realpath(candidate).catch(() => null);
  if (real === null || !(real === root || real.startsWith(root + sep))) return null;
  const s = await stat(real).catch(() => null);
  return s?.isFile() ? real : null;
}

export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
  const r = await resolveStatic(root, urlPath);
  if (r.kind === 'error') {
    res.writeHead(r.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${r.message}\n`);
    return;
  }
  const ext = extname(r.path).toLowerCase();
  const size = (await stat(r.path)).size;
  res.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Cache-Control': ext === '.html' ? 'no-cache' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(r.path)
    .on('error', () => res.destroy())
    .pipe(res);
}
