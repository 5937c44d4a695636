import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, isRendererUrl, resolveAppRequest } from '../../../src-main/ipc/app-scheme';

describe('gradscope://app requests → files under the renderer folder', () => {
  const root = '/opt/Grad Scope/résumé/out/renderer';
  it('serves the page and its assets with their content types, however the path is encoded', () => {
    expect(resolveAppRequest(APP_INDEX_URL, root, path.posix)).toEqual({ ok: true, file: `${root}/index.html`, contentType: 'text/html; charset=utf-8' });
    expect(resolveAppRequest('gradscope://app/', root, path.posix)).toMatchObject({ ok: true, file: `${root}/index.html` });
    expect(resolveAppRequest('gradscope://app/assets/index-x.js?v=1#h', root, path.posix)).toEqual({
      ok: true,
      file: `${root}/assets/index-x.js`,
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest('gradscope://app/assets/my%20font.woff2', root, path.posix)).toMatchObject({ ok: true, file: `${root}/assets/my font.woff2` });
  });
  it('never resolves outside the folder, however the dots and slashes are encoded', () => {
    for (const url of [
      'gradscope://app/../../etc/passwd.json',
      'gradscope://app/%2e%2e/%2e%2e/main/index.js',
      'gradscope://app/assets/..%2f..%2f..%2fmain%2findex.js',
      'gradscope://app/assets/%2e%2e%2f%2e%2e%2f..%2fetc/passwd.json',
      'gradscope://app/%2Fetc%2Fpasswd.json',
    ]) {
      const r = resolveAppRequest(url, root, path.posix);
      if (r.ok) expect(r.file.startsWith(`${root}/`), url).toBe(true);
    }
    expect(resolveAppRequest('gradscope://app/assets/..%2f..%2fx.js', root, path.posix)).toMatchObject({ ok: false, status: 403 });
  });
  it('refuses other hosts and schemes, NUL, bad encodings and file types it does not serve', () => {
    for (const url of [
      'gradscope://app/%00.js',
      'gradscope://app/%E0%A4%A.js',
      'gradscope://evil/index.html',
      'file:///opt/Grad%20Scope/r%C3%A9sum%C3%A9/out/renderer/index.html',
      'https://app/index.html',
      'gradscope://app/package.txt',
      'gradscope://app/assets',
      'not a url',
    ])
      expect(resolveAppRequest(url, root, path.posix).ok, url).toBe(false);
  });
  it('on Windows: backslashes separate, so ..\\ cannot leave the folder; a lower-case drive letter serves as well as upper', () => {
    for (const r of ['c:\\Users\\Ana\\Gradscope\\out\\renderer', 'C:\\Users\\Ana\\Gradscope\\out\\renderer']) {
      expect(resolveAppRequest(APP_INDEX_URL, r, path.win32)).toMatchObject({ ok: true, file: `${r}\\index.html` });
      expect(resolveAppRequest('gradscope://app/assets/a.css', r, path.win32)).toMatchObject({ ok: true, file: `${r}\\assets\\a.css` });
      expect(resolveAppRequest('gradscope://app/..%5cmain%5cindex.js', r, path.win32).ok).toBe(false);
      expect(resolveAppRequest('gradscope://app/assets%5c..%5c..%5c..%5csecret.json', r, path.win32).ok).toBe(false);
      expect(resolveAppRequest('gradscope://app/D:%5cother%5cx.js', r, path.win32).ok).toBe(false);
    }
  });
});

describe('isRendererUrl: is this frame our own page?', () => {
  it('accepts gradscope://app/index.html with any query or hash', () => {
    expect(isRendererUrl(APP_INDEX_URL)).toBe(true);
    expect(isRendererUrl(`${APP_INDEX_URL}?a=1#/x`)).toBe(true);
  });
  it('refuses other pages, hosts, schemes and credentials, whatever the file path looks like', () => {
    for (const url of [
      'gradscope://app/other.html',
      'gradscope://evil/index.html',
      'gradscope://user:pw@app/index.html',
      'file:///C:/Gradscope/out/renderer/index.html',
      'file:///c:/Gradscope/out/renderer/index.html',
      'https://app/index.html',
      'about:blank',
      '',
    ])
      expect(isRendererUrl(url), url).toBe(false);
  });
});
