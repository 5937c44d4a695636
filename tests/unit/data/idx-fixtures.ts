// Writes small IDX files (optionally gzipped) for the loader tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export function idxImages(count: number, rows: number, cols: number, pixel: (i: number, p: number) => number): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x00000803, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(rows, 8);
  header.writeUInt32BE(cols, 12);
  const data = Buffer.alloc(count * rows * cols);
  for (let i = 0; i < count; i++) for (let p = 0; p < rows * cols; p++) data[i * rows * cols + p] = pixel(i, p);
  return Buffer.concat([header, data]);
}

export function idxLabels(labels: number[]): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(0x00000801, 0);
  header.writeUInt32BE(labels.length, 4);
  return Buffer.concat([header, Buffer.from(labels)]);
}

export function tempDir(prefix = 'gradscope-data-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Pixel p of image i encodes both, so a test can tell exactly which image landed where. */
export const pixelOf = (i: number, p: number) => (i * 7 + p * 3) % 256;

export interface Fixture {
  dir: string;
  trainLabels: number[];
  testLabels: number[];
}

/** 20 training and 6 test images of 3×2 pixels with labels 0…3. */
export function writeIdxFolder(opts: { gz?: boolean; dotNames?: boolean; test?: boolean } = {}): Fixture {
  const dir = tempDir();
  const trainLabels = Array.from({ length: 20 }, (_, i) => i % 4);
  const testLabels = [3, 2, 1, 0, 1, 2];
  const name = (role: string, kind: string) => `${role}${opts.dotNames ? '.' : '-'}${kind}-ubyte${opts.gz ? '.gz' : ''}`;
  const put = (file: string, data: Buffer) => writeFileSync(path.join(dir, file), opts.gz ? gzipSync(data) : data);
  put(name('train-images', 'idx3'), idxImages(20, 3, 2, pixelOf));
  put(name('train-labels', 'idx1'), idxLabels(trainLabels));
  if (opts.test !== false) {
    put(
      name('t10k-images', 'idx3'),
      idxImages(6, 3, 2, (i, p) => pixelOf(i + 100, p)),
    );
    put(name('t10k-labels', 'idx1'), idxLabels(testLabels));
  }
  return { dir, trainLabels, testLabels };
}
