// A folder in MNIST's IDX layout (MNIST, Fashion-MNIST, EMNIST): train-images-idx3-ubyte,
// train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally .gz and
// also in the "train-images.idx3-ubyte" spelling. The t10k files are the test set. Pixels are scaled by 1/255.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readPrefix } from './read-prefix';
import { DatasetError, pixelNames, type Source } from './source';
import { formatCount } from '../contract/number-format';

type Role = 'train-images' | 'train-labels' | 't10k-images' | 't10k-labels';

interface IdxHeader {
  /** counts along each axis: [n, rows, cols] for images, [n] for labels */
  dims: number[];
  headerBytes: number;
}

interface IdxFiles {
  trainImages: string;
  trainLabels: string;
  testImages: string | null;
  testLabels: string | null;
}

function candidates(role: Role): string[] {
  const kind = role.endsWith('images') ? 'idx3' : 'idx1';
  const names = [`${role}-${kind}-ubyte`, `${role}.${kind}-ubyte`];
  return names.flatMap((n) => [n, `${n}.gz`]);
}

/** Locate the four files (case-insensitively); the two test files are optional but go together. */
export async function findIdxFiles(dir: string): Promise<IdxFiles> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'folder not found' : code === 'ENOTDIR' ? 'is a file, not a folder' : String((e as Error).message);
    throw new DatasetError(`${dir}: ${why} (an IDX dataset is a folder holding train-images-idx3-ubyte and friends)`);
  }
  const lower = new Map(entries.map((e) => [e.toLowerCase(), e]));
  const find = (role: Role): string | null => {
    for (const c of candidates(role)) {
      const hit = lower.get(c);
      if (hit) return path.join(dir, hit);
    }
    return null;
  };
  const need = (role: Role): string => {
    const f = find(role);
    if (!f) throw new DatasetError(`${dir}: no ${candidates(role)[0]} file (also looked for ${candidates(role).slice(1).join(', ')})`);
    return f;
  };
  const trainImages = need('train-images');
  const trainLabels = need('train-labels');
  const testImages = find('t10k-images');
  const testLabels = find('t10k-labels');
  if ((testImages === null) !== (testLabels === null)) {
    const missing: Role = testImages === null ? 't10k-images' : 't10k-labels';
    throw new DatasetError(`${dir}: has ${testImages ?? testLabels} but no ${candidates(missing)[0]} file; the test images and labels go together`);
  }
  return { trainImages, trainLabels, testImages, testLabels };
}

/** Parse and check the header: magic 0x00 0x00 0x08 <ndims>, then ndims big-endian counts. */
export function parseIdxHeader(file: string, buf: Buffer, expectDims: 1 | 3): IdxHeader {
  const what = expectDims === 3 ? 'an images file (count × rows × cols)' : 'a labels file (count)';
  if (buf.length < 4) throw new DatasetError(`${file}: byte offset ${buf.length}: truncated header, the 4-byte magic number is missing`);
  const magic = buf.readUInt32BE(0);
  if (buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 0x08) {
    const expected = (0x0800 | expectDims).toString(16).padStart(8, '0');
    throw new DatasetError(
      `${file}: byte offset 0: bad magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expected} for ${what} of unsigned bytes`,
    );
  }
  const ndims = buf[3]!;
  if (ndims !== expectDims) throw new DatasetError(`${file}: byte offset 3: ${ndims} dimension${ndims === 1 ? '' : 's'}, expected ${expectDims} for ${what}`);
  const headerBytes = 4 + 4 * ndims;
  if (buf.length < headerBytes) throw new DatasetError(`${file}: byte offset ${buf.length}: truncated header, it needs ${headerBytes} bytes`);
  const dims = Array.from({ length: ndims }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  for (let i = 1; i < ndims; i++) {
    if (dims[i] === 0) throw new DatasetError(`${file}: byte offset ${4 + 4 * i}: an image dimension of 0`);
  }
  return { dims, headerBytes };
}

async function readHeader(file: string, expectDims: 1 | 3): Promise<IdxHeader> {
  return parseIdxHeader(file, await readPrefix(file, 4 + 4 * expectDims), expectDims);
}

/** The header and the first `limit` items (all when undefined) of one IDX file. */
async function readItems(file: string, expectDims: 1 | 3, limit: number | undefined): Promise<{ dims: number[]; count: number; data: Buffer }> {
  const header = await readHeader(file, expectDims);
  const itemBytes = header.dims.slice(1).reduce((a, b) => a * b, 1);
  const count = Math.min(header.dims[0]!, limit ?? Infinity);
  const needed = header.headerBytes + count * itemBytes;
  const full = limit === undefined || limit >= header.dims[0]!;
  const buf = await readPrefix(file, full ? Infinity : needed);
  if (buf.length < needed) {
    const whole = Math.floor((buf.length - header.headerBytes) / itemBytes);
    throw new DatasetError(
      `${file}: byte offset ${buf.length}: truncated data, the header promises ${formatCount(header.dims[0]!)} items of ${itemBytes} bytes ` +
        `(${formatCount(header.headerBytes + header.dims[0]! * itemBytes)} bytes) but the file ends after ${formatCount(whole)} whole items`,
    );
  }
  if (full && buf.length > needed)
    throw new DatasetError(
      `${file}: byte offset ${needed}: ${formatCount(buf.length - needed)} unexpected bytes after the ${formatCount(count)} items the header promises`,
    );
  return { dims: header.dims, count, data: buf.subarray(header.headerBytes, needed) };
}

function checkCounts(images: string, labels: string, nImages: number, nLabels: number): void {
  if (nImages !== nLabels)
    throw new DatasetError(
      `${images} (byte offset 4) says ${formatCount(nImages)} images but ${labels} (byte offset 4) says ${formatCount(nLabels)} labels; they must match`,
    );
}

async function readPair(
  imagesFile: string,
  labelsFile: string,
  limit: number | undefined,
): Promise<{ rows: number; cols: number; count: number; pixels: Buffer; labels: Buffer }> {
  const [ih, lh] = await Promise.all([readHeader(imagesFile, 3), readHeader(labelsFile, 1)]);
  checkCounts(imagesFile, labelsFile, ih.dims[0]!, lh.dims[0]!);
  const [im, lb] = await Promise.all([readItems(imagesFile, 3, limit), readItems(labelsFile, 1, limit)]);
  return { rows: im.dims[1]!, cols: im.dims[2]!, count: im.count, pixels: im.data, labels: lb.data };
}

function toSplit(pixels: Buffer, labels: Buffer, count: number) {
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = pixels[i]! / 255;
  return { x, y: Int32Array.from(labels.subarray(0, count)), n: count };
}

function checkLabels(file: string, labels: Buffer, classes: number): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! >= classes)
      throw new DatasetError(`${file}: byte offset ${8 + i}: label ${labels[i]} is out of range 0…${classes - 1} (the training labels' range)`);
  }
}

function maxLabel(labels: Buffer): number {
  let m = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i]! > m) m = labels[i]!;
  return m;
}

export async function loadIdx(dir: string, limit?: number): Promise<Source> {
  const files = await findIdxFiles(dir);
  const train = await readPair(files.trainImages, files.trainLabels, limit);
  let classes = maxLabel(train.labels) + 1;
  const t = files.testImages && files.testLabels ? await readPair(files.testImages, files.testLabels, limit) : null;
  // A limited read may miss the highest class in the training prefix: then the range covers both prefixes.
  if (t && limit !== undefined) classes = Math.max(classes, maxLabel(t.labels) + 1);
  if (classes < 2)
    throw new DatasetError(`${files.trainLabels}: byte offset 8: every training label is ${Math.max(classes - 1, 0)}; a classifier needs at least two classes`);
  let test: Source['test'] = null;
  if (t && files.testImages && files.testLabels) {
    if (t.rows !== train.rows || t.cols !== train.cols)
      throw new DatasetError(
        `${files.testImages}: byte offset 8: images are ${t.rows}×${t.cols} but the training images in ${files.trainImages} are ${train.rows}×${train.cols}`,
      );
    checkLabels(files.testLabels, t.labels, classes);
    test = toSplit(t.pixels, t.labels, t.count);
  }
  const testNote = test ? `, ${formatCount(test.n)} test` : '';
  return {
    inputDim: train.rows * train.cols,
    classes,
    train: toSplit(train.pixels, train.labels, train.count),
    test,
    standardise: false,
    features: pixelNames(train.rows, train.cols),
    rawScaling: { kind: 'divide', divisor: 255 },
    labelName: 'label',
    classNames: Array.from({ length: classes }, (_, c) => String(c)),
    title: `IDX ${path.basename(path.resolve(dir))}, ${formatCount(train.count)} training images ${train.rows}×${train.cols}${testNote}, ${classes} classes`,
  };
}

/** Cheap facts: image size and counts from the headers, classes from the (small) training labels file. */
export async function inspectIdx(dir: string): Promise<{ inputDim: number; classes: number; train: number; test: number; title: string }> {
  const files = await findIdxFiles(dir);
  const ih = await readHeader(files.trainImages, 3);
  const labels = await readItems(files.trainLabels, 1, undefined);
  checkCounts(files.trainImages, files.trainLabels, ih.dims[0]!, labels.count);
  let test = 0;
  if (files.testImages && files.testLabels) {
    const [th, tl] = await Promise.all([readHeader(files.testImages, 3), readHeader(files.testLabels, 1)]);
    checkCounts(files.testImages, files.testLabels, th.dims[0]!, tl.dims[0]!);
    test = th.dims[0]!;
  }
  const rows = ih.dims[1]!;
  const cols = ih.dims[2]!;
  return {
    inputDim: rows * cols,
    classes: maxLabel(labels.data) + 1,
    train: ih.dims[0]!,
    test,
    title: `IDX ${path.basename(path.resolve(dir))}, ${rows}×${cols} images`,
  };
}
