// Atomic file and folder replacement: write next to the target, fsync, then rename over it.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export class ExportError extends Error {
  override name = 'ExportError';
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

/** Write bytes to a new file and flush them to disk. */
export async function writeDurable(file: string, data: string | Uint8Array): Promise<void> {
  const fh = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
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

/** Replace `file` with `data`: temp file in the same folder, fsync, rename. The old file is untouched on failure. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeDurable(tmp, data);
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
export async function writeDirAtomic(
  target: string,
  fill: (tmpDir: string) => Promise<void>,
  replaceable: (entries: string[]) => boolean,
): Promise<void> {
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
  const tmp = await mkdtemp(path.join(parent, `.${path.basename(abs)}.tmp-`));
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
