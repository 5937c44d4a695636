// The desktop window's content comes from our own scheme, gradscope://app/…, never from file://:
// the page gets a real origin ('self' in the CSP means only our files), file:// keeps no extra
// privileges, and the IPC sender check compares an origin instead of file paths (so Windows'
// drive-letter spelling cannot lock the page out). Pure: URL → file under the renderer folder.
import nodePath from 'node:path';

export const APP_SCHEME = 'gradscope';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** What Chromium is told about the scheme (protocol.registerSchemesAsPrivileged). */
export const APP_SCHEME_PRIVILEGES = {
  /** relative URLs, a real origin, localStorage */
  standard: true,
  /** a secure context, like https */
  secure: true,
  /** the renderer's module scripts and assets load with fetch semantics */
  supportFetchAPI: true,
  codeCache: true,
} as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export type AppFile = { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403 | 404; reason: string };

type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'extname' | 'sep'>;

/**
 * The file a gradscope://app/… request names, confined to `root` (the built renderer folder).
 * `pathApi` is node:path, or path.win32 / path.posix in tests of the other platform.
 */
export function resolveAppRequest(url: string, root: string, pathApi: PathApi = nodePath): AppFile {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { ok: false, status: 403, reason: `not ${APP_ORIGIN}` };
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  // Decoded, the path may hold "..", a backslash (a separator on Windows) or a NUL: judge the file
  // by where it resolves, never by the text.
  if (rel.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  const file = pathApi.resolve(root, '.' + rel);
  const inside = pathApi.relative(root, file);
  if (inside === '' || inside.startsWith('..') || pathApi.isAbsolute(inside)) return { ok: false, status: 403, reason: 'outside the app' };
  const contentType = TYPES[pathApi.extname(file).toLowerCase()];
  if (!contentType) return { ok: false, status: 404, reason: 'not a file type the app serves' };
  return { ok: true, file, contentType };
}

/** Is this frame URL our own page? Only the top document, gradscope://app/index.html (any query or hash). */
export function isRendererUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.pathname === '/index.html' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
