// --out, checked before any training: the folder must be creatable and writable, and an existing one
// must be empty or an earlier export (the export replaces only those). An interrupted run's model goes
// to a separate folder next to it, so a complete export is never replaced by a half-trained one.
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { MODEL_JSON } from '../export/tfjs-layers';
import { UsageError } from './usage-error';

export function partialDir(out: string): string {
  return `${out}.partial`;
}

/** Throws a UsageError naming `--out` and the reason, or returns when the export can be written. */
export async function checkOutDir(out: string): Promise<void> {
  const s = await stat(out).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'ENOTDIR' ? null : Promise.reject(e)));
  if (s) {
    if (!s.isDirectory()) throw new UsageError(`--out ${out}: exists and is a file, not a folder`);
    const entries = await readdir(out);
    if (entries.length > 0 && !entries.includes(MODEL_JSON))
      throw new UsageError(`--out ${out}: the folder holds other files; give an empty folder, a new one or an earlier export`);
  }
  // the export is written next to the folder and renamed into place: its parent must be writable
  let parent = path.dirname(out);
  for (;;) {
    const p = await stat(parent).catch(() => null);
    if (p) {
      if (!p.isDirectory()) throw new UsageError(`--out ${out}: ${parent} is a file, not a folder`);
      break;
    }
    const up = path.dirname(parent);
    if (up === parent) break;
    parent = up;
  }
  try {
    await access(parent, constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(`--out ${out}: cannot write in ${parent} (permission denied)`);
  }
}
