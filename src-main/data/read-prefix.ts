// Read the first bytes of a file, transparently gunzipping `.gz` files, without reading more than needed.
// Every file is checked first (regular file, at most MAX_DATASET_BYTES; decompressed, too).
import { createGunzip, gunzipSync } from 'node:zlib';
import { MAX_DATASET_BYTES, openChecked, readChecked, UnreadableFileError } from './safe-read';
import { formatBytes } from '../contract/number-format';
import { DatasetError } from './source';

function describe(e: unknown): string {
  if (e instanceof UnreadableFileError) return e.message.slice(e.message.indexOf(': ') + 2);
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'file not found';
  if (err?.code === 'EISDIR') return 'is a folder, not a file';
  if (err?.code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

const isGz = (file: string) => file.toLowerCase().endsWith('.gz');

/** Up to `maxBytes` bytes from the start of the (decompressed) file; fewer if it is shorter. */
export async function readPrefix(file: string, maxBytes: number): Promise<Buffer> {
  if (!Number.isFinite(maxBytes)) return readWhole(file);
  if (!isGz(file)) {
    let fh;
    try {
      fh = (await openChecked(file, MAX_DATASET_BYTES, 'dataset')).fh;
      const buf = Buffer.alloc(maxBytes);
      let got = 0;
      while (got < maxBytes) {
        const { bytesRead } = await fh.read(buf, got, maxBytes - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    } catch (e) {
      throw new DatasetError(`${file}: ${describe(e)}`);
    } finally {
      await fh?.close();
    }
  }
  let src;
  try {
    src = (await openChecked(file, MAX_DATASET_BYTES, 'dataset')).fh.createReadStream();
  } catch (e) {
    throw new DatasetError(`${file}: ${describe(e)}`);
  }
  const gz = createGunzip();
  src.on('error', (e) => gz.destroy(e));
  src.pipe(gz);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of gz) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= maxBytes) break;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code?.startsWith('Z_')) throw new DatasetError(`${file}: not a valid gzip file (${describe(e)})`);
    throw new DatasetError(`${file}: ${describe(e)}`);
  } finally {
    src.destroy();
    gz.destroy();
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}

async function readWhole(file: string): Promise<Buffer> {
  let raw: Buffer;
  try {
    raw = await readChecked(file, MAX_DATASET_BYTES, 'dataset');
  } catch (e) {
    throw new DatasetError(`${file}: ${describe(e)}`);
  }
  if (!isGz(file)) return raw;
  try {
    return gunzipSync(raw, { maxOutputLength: MAX_DATASET_BYTES });
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ERR_BUFFER_TOO_LARGE')
      throw new DatasetError(`${file}: decompresses to more than the limit of ${formatBytes(MAX_DATASET_BYTES)} for a dataset file`);
    throw new DatasetError(`${file}: not a valid gzip file (${describe(e)})`);
  }
}
