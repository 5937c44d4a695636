// A dataset path typed into the inspector reads like one in the project file: a relative path is
// relative to the project file's folder (not to wherever the app was started). Pure string work, for
// POSIX and Windows paths alike.

const ABSOLUTE = /^(?:[A-Za-z]:[\\/]|[\\/])/;

export function isAbsolutePath(p: string): boolean {
  return ABSOLUTE.test(p);
}

/** `typed` made absolute against the folder of `projectFile`; unchanged when absolute, empty or there is no project file yet. */
export function resolveDataPath(typed: string, projectFile: string | null): string {
  const t = typed.trim();
  if (t === '' || projectFile === null || isAbsolutePath(t)) return t;
  const cut = Math.max(projectFile.lastIndexOf('/'), projectFile.lastIndexOf('\\'));
  if (cut < 0) return t;
  const sep = projectFile[cut]!;
  const parts = `${projectFile.slice(0, cut)}${sep}${t}`.split(/[\\/]/);
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.') continue;
    // keep the root ('' before a leading slash, or a drive letter) when climbing
    if (part === '..' && out.length > 1) out.pop();
    else if (part !== '..') out.push(part);
  }
  return out.join(sep);
}
