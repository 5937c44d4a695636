// The secret that binds the page to the server (as Jupyter and VS Code's web server do): made at
// start, printed in the URL, traded on the first request for an HttpOnly, SameSite=Strict cookie.
// Every request for app content and every WebSocket upgrade must carry one or the other.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Cookies are not separated by port, so two servers on one machine must not share a name. */
export function cookieName(port: number): string {
  return `gradscope-token-${port}`;
}

export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of cookie `name` in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export type Admission =
  /** the token is in the URL: set the cookie and send the browser to `location` (the URL without it) */
  { kind: 'trade'; location: string } | { kind: 'ok' } | { kind: 'refuse'; status: 401 | 403; reason: string };

/** Decide one request. `token` null: --no-token, everything is admitted. */
export function admit(req: Pick<IncomingMessage, 'url' | 'headers'>, token: string | null, port: number, upgrade: boolean): Admission {
  if (token === null) return { kind: 'ok' };
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const inUrl = url.searchParams.get('token');
  if (inUrl !== null) {
    if (!sameToken(inUrl, token))
      return { kind: 'refuse', status: 403, reason: 'the token in this URL is wrong; open the URL Gradscope printed when it started' };
    if (upgrade) return { kind: 'ok' };
    url.searchParams.delete('token');
    const rest = url.searchParams.toString();
    return { kind: 'trade', location: `${url.pathname}${rest ? `?${rest}` : ''}` };
  }
  if (sameToken(cookieValue(req.headers.cookie, cookieName(port)), token)) return { kind: 'ok' };
  return {
    kind: 'refuse',
    status: 401,
    reason: 'this Gradscope server only answers its own page: open the URL it printed when it started (http://127.0.0.1:PORT/?token=…)'.replace(
      'PORT',
      String(port),
    ),
  };
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
