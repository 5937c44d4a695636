// Serves the built renderer on gradscope://app/ (see app-scheme.ts): the scheme is declared before
// the app is ready, and handled after, with the CSP and nosniff on every response.
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy } from '../service/csp';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, resolveAppRequest } from './app-scheme';

/** Call before app 'ready' (Electron only accepts privileged schemes then). */
export function declareAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Call after 'ready': answer gradscope://app/… from the files under `root` only. */
export function serveAppScheme(root: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const target = request.method === 'GET' ? resolveAppRequest(request.url, root) : ({ ok: false, status: 403, reason: 'only GET' } as const);
    if (!target.ok) return new Response(target.reason, { status: target.status, headers: { 'Content-Type': 'text/plain' } });
    try {
      const body = await readFile(target.file);
      return new Response(body, {
        status: 200,
        headers: { 'Content-Type': target.contentType, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
      });
    } catch {
      return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    }
  });
}
