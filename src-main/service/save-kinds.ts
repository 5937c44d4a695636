// What saveFile may write: CSV (text) and PNG (bytes) files, nothing else (models go through
// exportModel, projects through saveProject). An existing file is replaced only when it is of the
// same kind; anything else is left untouched, since there is no way to ask first over this API.
import { MAX_PROJECT_BYTES, openChecked, UnreadableFileError } from '../data/safe-read';

export const SAVE_KINDS = { csv: 'text', png: 'base64' } as const;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function extension(file: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(file);
  return m ? m[1]!.toLowerCase() : '';
}

/** Why `file` (whose write lands in `real`) may not be written with this payload; null when it may. */
export async function checkSaveFile(file: string, real: string, payload: 'text' | 'base64', base64?: string): Promise<string | null> {
  const ext = extension(file);
  if (ext !== 'csv' && ext !== 'png') return `not saved: ${file}: Gradscope saves only .csv and .png files here (models: Export model; projects: Save)`;
  if (SAVE_KINDS[ext] !== payload) return `not saved: ${file}: a .${ext} file is saved from ${SAVE_KINDS[ext] === 'text' ? 'text' : 'image bytes'}`;
  if (
    ext === 'png' &&
    !Buffer.from((base64 ?? '').slice(0, 12), 'base64')
      .subarray(0, 8)
      .equals(PNG_SIGNATURE)
  )
    return `not saved: ${file}: the data is not a PNG image`;
  let head: Buffer;
  try {
    const { fh } = await openChecked(real, Number.MAX_SAFE_INTEGER, ext.toUpperCase());
    try {
      head = Buffer.alloc(Math.min(MAX_PROJECT_BYTES, 64 * 1024));
      const { bytesRead } = await fh.read(head, 0, head.length, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    if (e instanceof UnreadableFileError && e.code === 'ENOENT') return null;
    if (e instanceof UnreadableFileError) return `not saved: ${file} exists and ${e.message.slice(e.message.indexOf(': ') + 2)}; it was left untouched`;
    return null;
  }
  const same = ext === 'png' ? head.subarray(0, 8).equals(PNG_SIGNATURE) : !head.includes(0);
  if (!same) return `not saved: ${file} exists and is not a ${ext.toUpperCase()} file, so it was left untouched; save under another name`;
  return null;
}
