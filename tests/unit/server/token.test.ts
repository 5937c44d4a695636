// The page token: who is admitted, who trades the URL's token for a cookie, who is refused.
import { describe, expect, it } from 'vitest';
import { admit, cookieName, cookieValue, newToken, tokenCookie } from '../../../src-main/server/token';

const T = 'A'.repeat(32);
const req = (url: string, cookie?: string) => ({ url, headers: cookie === undefined ? {} : { cookie } });

describe('page token', () => {
  it('makes long, URL-safe, different tokens', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newToken()).not.toBe(a);
  });

  it('trades a right token in the URL for the cookie and drops it from the URL; refuses a wrong one', () => {
    expect(admit(req(`/?token=${T}`), T, 5178, false)).toEqual({ kind: 'trade', location: '/' });
    expect(admit(req(`/x?a=1&token=${T}`), T, 5178, false)).toEqual({ kind: 'trade', location: '/x?a=1' });
    expect(admit(req('/?token=nope'), T, 5178, false)).toMatchObject({ kind: 'refuse', status: 403 });
    expect(admit(req(`/api?token=${T}`), T, 5178, true)).toEqual({ kind: 'ok' });
    expect(tokenCookie(5178, T)).toBe(`gradscope-token-5178=${T}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('admits the cookie of this port only; without either, refuses with what to do', () => {
    expect(admit(req('/', `other=1; ${cookieName(5178)}=${T}`), T, 5178, false)).toEqual({ kind: 'ok' });
    expect(admit(req('/', `${cookieName(5179)}=${T}`), T, 5178, true)).toMatchObject({ kind: 'refuse', status: 401 });
    expect(admit(req('/', `${cookieName(5178)}=${T}x`), T, 5178, true)).toMatchObject({ kind: 'refuse', status: 401 });
    expect(admit(req('/'), T, 5178, false)).toEqual({
      kind: 'refuse',
      status: 401,
      reason: expect.stringMatching(/open the URL it printed when it started \(http:\/\/127\.0\.0\.1:5178\/\?token=…\)/),
    });
    expect(admit(req('/'), null, 5178, false)).toEqual({ kind: 'ok' }); // --no-token
    expect(cookieValue(' a=1 ;b=2', 'b')).toBe('2');
  });
});
