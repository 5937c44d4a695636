// Atomic file and folder replacement: write next to the target, fsync, then rename over it.
import { GradscopeError, type Where } from '../contract/errors';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readdir, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export class ExportError extends GradscopeError {
  override name = 'ExportError';
  constructor(message: string, where: Where = {}) {
    super('export', message, where);
  }
}

export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** What a replaced file keeps: its permission bits and, where we may set them, its owner and group. */
export interface Keep {
  mode: number;
  uid: number;
  gid: number;
}

/** Write bytes to a new file and flush them to disk; with `keep`, the new file gets the old one's mode and owner. */
export async function writeDurable(file: string, data: string | Uint8Array, keep: Keep | null = null): Promise<void> {
  const fh = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, keep ? 0o600 : 0o644);
  try {
    if (keep) {
      // owner first: chown may clear set-id bits, chmod then sets exactly the old mode
      await fh.chown(keep.uid, keep.gid).catch(() => undefined); // only root may give a file away
      await fh.chmod(keep.mode & 0o7777);
    }
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // some file systems cannot fsync a directory; the rename is still atomic
  }
}

/** Our temp files: `.NAME.PID.HEX8.tmp` (files) and `.NAME.tmp-PID-XXXXXX` (export folders). */
export const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;
export const TEMP_DIR = /^\..+\.tmp-(\d+)-[A-Za-z0-9]{6}$/;

/** The file a write to `file` lands in: a symbolic link is followed to its target (which may not exist yet). */
export async function writeTarget(file: string): Promise<string> {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    const l = await lstat(current).catch(() => null);
    if (!l?.isSymbolicLink()) return current;
    const real = await realpath(current).catch(() => null);
    if (real !== null) return real;
    // a dangling link: write where it points
    current = path.resolve(path.dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`${file}: too many symbolic links`), { code: 'ELOOP' });
}

/**
 * Replace `file` with `data`: temp file in the same folder, fsync, rename. The old file is untouched on
 * failure; the new one keeps the old one's mode (and owner, where permitted); a symbolic link is written
 * through to its target, and stays a link.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const target = await writeTarget(file);
  const dir = path.dirname(target);
  const old = await stat(target).catch(() => null);
  const keep = old?.isFile() ? { mode: old.mode, uid: old.uid, gid: old.gid } : null;
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  file = target;
  try {
    await writeDurable(tmp, data, keep);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

/**
 * Fill a fresh temp folder next to `target` with `fill`, then swap it in. An existing `target` is replaced
 * only when `replaceable` says so (e.g. it is an earlier export), never merged.
 */
export async function writeDirAtomic(target: string, fill: (tmpDir: string) => Promise<void>, replaceable: (entries: string[]) => boolean): Promise<void> {
  const abs = path.resolve(target);
  const parent = path.dirname(abs);
  await mkdir(parent, { recursive: true });
  let existing: string[] | null = null;
  try {
    const st = await stat(abs);
    if (!st.isDirectory()) throw new ExportError(`${abs}: exists and is a file, not a folder`);
    existing = await readdir(abs);
    if (existing.length > 0 && !replaceable(existing))
      throw new ExportError(`${abs}: the folder exists and holds other files; pick an empty folder or an earlier export`);
  } catch (e) {
    if (e instanceof ExportError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const tmp = await mkdtemp(path.join(parent, `.${path.basename(abs)}.tmp-${process.pid}-`));
  try {
    await fill(tmp);
    await syncDir(tmp);
    if (existing === null) {
      await rename(tmp, abs);
    } else {
      const old = `${abs}.old-${randomBytes(4).toString('hex')}`;
      await rename(abs, old);
      try {
        await rename(tmp, abs);
      } catch (e) {
        await rename(old, abs);
        throw e;
      }
      await rm(old, { recursive: true, force: true });
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await syncDir(parent);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temp files and folders of ours that a crash left in `dir` (not recursive): only names in our
 * pattern whose writing process is gone. Returns what was removed. Never throws.
 */
export async function sweepTempFiles(dir: string): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_FILE.exec(name) ?? TEMP_DIR.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const p = path.join(dir, name);
    try {
      const s = await lstat(p);
      if (TEMP_FILE.test(name) ? !s.isFile() : !s.isDirectory()) continue;
      await rm(p, { recursive: s.isDirectory(), force: true });
      removed.push(p);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}
