// User-typed paths: "~" means the home folder; relative paths are taken from the working directory.
import { homedir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { FileFilter } from './dialogs';

export function userPath(p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  return resolve(p);
}

/** A save-dialog filter matching a default file name's extension. */
export function filtersFor(defaultName: string): FileFilter[] {
  const ext = extname(defaultName).slice(1).toLowerCase();
  if (ext === '') return [{ name: 'All files', extensions: ['*'] }];
  return [
    { name: `${ext.toUpperCase()} file`, extensions: [ext] },
    { name: 'All files', extensions: ['*'] },
  ];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export function isBase64(s: string): boolean {
  return s.length % 4 === 0 && BASE64.test(s);
}
