// Only files inside the renderer folder are served: no traversal, no symlink escapes, no dot-files.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStatic } from '../../../src-main/server/static-files';
import { tempDir } from '../service/fixtures';

describe('resolveStatic', () => {
  it('maps paths to files inside the root and refuses everything else', async () => {
    const base = await tempDir();
    const root = join(base, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    await writeFile(join(root, 'assets', 'app.js'), '');
    await writeFile(join(root, '.secret'), '');
    await writeFile(join(base, 'outside.txt'), 'secret');
    await symlink(join(base, 'outside.txt'), join(root, 'assets', 'link.txt'));

    expect(await resolveStatic(root, '/')).toEqual({ kind: 'file', path: join(root, 'index.html') });
    expect(await resolveStatic(root, '/assets/app.js')).toEqual({ kind: 'file', path: join(root, 'assets', 'app.js') });
    expect(await resolveStatic(root, '/some/app/route')).toEqual({ kind: 'file', path: join(root, 'index.html') });
    for (const p of [
      '/../outside.txt',
      '/assets/../../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/%2e%2e%2f%2e%2e%2foutside.txt',
      '/assets/link.txt',
      '/.secret',
      '/assets/missing.js',
    ]) {
      expect(await resolveStatic(root, p), p).toMatchObject({ kind: 'error', status: 404 });
    }
    expect(await resolveStatic(root, '/%E0%A4%A')).toMatchObject({ kind: 'error', status: 400 });
    expect(await resolveStatic(root, '/a%00b')).toMatchObject({ kind: 'error', status: 400 });
    expect(await resolveStatic(root, '/..%5Coutside.txt')).toMatchObject({ kind: 'error', status: 400 });
    expect(await resolveStatic(join(base, 'not-built'), '/')).toMatchObject({ kind: 'error', status: 503, message: expect.stringMatching(/npm run build/) });
  });
});
