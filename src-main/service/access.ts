// Which paths the API may read and write: a pure function of the mode and the allowed roots. The
// roots are the folders the user works in (the Gradscope home, folders given on the command line,
// the open project's folder, folders picked in a native dialog) and single files (the recent list,
// files picked in a native dialog). Paths are compared after symbolic links are resolved.
import path from 'node:path';
import type { AppInfo } from '../contract/api';

export interface AccessRoots {
  folders: readonly string[];
  files: readonly string[];
}

function inside(folder: string, p: string): boolean {
  const rel = path.relative(folder, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** null when `real` (an absolute path with links resolved) may be used; else the refusal, naming `shown`. */
export function accessProblem(mode: AppInfo['mode'], roots: AccessRoots, real: string, shown: string): string | null {
  if (!path.isAbsolute(real)) return `refused: ${shown} is not an absolute path`;
  if (roots.files.includes(real) || roots.folders.some((f) => inside(f, real))) return null;
  const where = roots.folders.length > 0 ? roots.folders.join(', ') : '(none)';
  const how =
    mode === 'browser'
      ? 'to work there, start Gradscope with --folder DIR (npm run web -- --folder DIR)'
      : 'choose it in a file dialog (File ▸ Open, Save As, Export) instead';
  return `refused: ${shown} is outside the folders Gradscope may use (${where}); ${how}`;
}

/** Add `p` to a list unless it is already there; returns the list (for small lists, order kept). */
export function addRoot(list: string[], p: string): void {
  if (!list.includes(p)) list.push(p);
}
