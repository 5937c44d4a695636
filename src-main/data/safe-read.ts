// Reading a file the user named, checked first: it must be a regular file (not a device, FIFO, socket
// or folder) and no larger than a stated limit. Opened non-blocking, so a FIFO cannot hang the read,
// and checked on the open descriptor, so the file checked is the file read.
import { GradscopeError, type Where } from '../contract/errors';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { formatBytes } from '../contract/number-format';

const MiB = 1024 * 1024;
/** The largest project or recovery file read (a project with many kept runs is a few MB). */
export const MAX_PROJECT_BYTES = 64 * MiB;
/** The largest run log (JSON lines) imported: a long run's per-step lines. */
export const MAX_RUN_LOG_BYTES = 256 * MiB;
/** The largest dataset file read (Fashion-MNIST's training images are 47 MB uncompressed). */
export const MAX_DATASET_BYTES = 1024 * MiB;

export class UnreadableFileError extends GradscopeError {
  override name = 'UnreadableFileError';
  constructor(
    message: string,
    readonly code: string | undefined = undefined,
    where: Where = {},
  ) {
    super('file', message, where);
  }
}

function kindOf(s: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'ELOOP') return 'too many symbolic links';
  return e instanceof Error ? e.message : String(e);
}

/** Open `file` for reading after checking it is a regular file of at most `maxBytes`. */
export async function openChecked(file: string, maxBytes: number, what: string): Promise<{ fh: FileHandle; size: number }> {
  let fh: FileHandle;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw new UnreadableFileError(`${file}: ${describe(e)}`, (e as NodeJS.ErrnoException)?.code, { file });
  }
  try {
    const s = await fh.stat();
    if (!s.isFile()) throw new UnreadableFileError(`${file}: is ${kindOf(s)}, not a ${what} file`, s.isDirectory() ? 'EISDIR' : 'ENOTFILE', { file });
    if (s.size > maxBytes)
      throw new UnreadableFileError(`${file}: is ${formatBytes(s.size)}, over the limit of ${formatBytes(maxBytes)} for a ${what} file`, 'EFBIG', { file });
    return { fh, size: s.size };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** The whole file, checked as openChecked does; never reads more than `maxBytes`, even from a file that grows. */
export async function readChecked(file: string, maxBytes: number, what: string): Promise<Buffer> {
  const { fh, size } = await openChecked(file, maxBytes, what);
  try {
    const buf = Buffer.alloc(Math.min(maxBytes, size) + 1);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (got > maxBytes)
      throw new UnreadableFileError(`${file}: grew past the limit of ${formatBytes(maxBytes)} for a ${what} file while being read`, 'EFBIG', { file });
    return buf.subarray(0, got);
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    throw new UnreadableFileError(`${file}: ${describe(e)}`, (e as NodeJS.ErrnoException)?.code, { file });
  } finally {
    await fh.close();
  }
}

export async function readCheckedText(file: string, maxBytes: number, what: string): Promise<string> {
  return (await readChecked(file, maxBytes, what)).toString('utf8');
}
