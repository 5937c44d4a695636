// The decision image as the view draws it, from a real run's picture: the colour at each cell and
// under each data point is the colour of the class the trained model predicts there.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { loadDataset } from '../../../src-main/data/index';
import { cellCentre, cellOf, type ClassRegions } from '../../../src-main/contract/regions';
import { classOfPixel, classPixels, neuronPixels, strength, ticks } from '../../../src-renderer/views/regions/region-image';
import { chain, config, dense } from '../trainer/fixtures/graphs';
import { collect, type Collected } from '../trainer/fixtures/run';

let r: Collected;
let pic: ClassRegions;
const predict = (pts: number[][]): number[][] => tf.tidy(() => (r.result.model!.predict(tf.tensor2d(pts)) as tf.Tensor2D).arraySync());
const argmax = (p: number[]) => p.indexOf(Math.max(...p));

beforeAll(async () => {
  await initBackend('cpu');
  const training = config({ dataset: { kind: 'synthetic', name: 'gauss', samples: 600, noise: 0.1, classes: 4 }, epochs: 6, learningRate: 0.03 });
  const dataset = await loadDataset(training.dataset, training.seed, training.validationSplit, training.testSplit);
  r = await collect(chain([dense(8, 'relu')]), training, dataset, { regionsPerSecond: 1 });
  pic = r.of('regions').at(-1)!.regions as ClassRegions;
  return () => r.result.compiled?.dispose();
});

/** The pixel of the drawn image at cell (col, row) of the picture (row 0 at y.min; the image has y.max on top). */
function pixelAt(px: Uint8ClampedArray, col: number, row: number): number[] {
  const o = ((pic.rows - 1 - row) * pic.cols + col) * 4;
  return Array.from(px.subarray(o, o + 3));
}

describe('the class image', () => {
  it('has at every cell the colour of the class the model predicts at its centre', () => {
    const px = classPixels(pic)!;
    const centres: [number, number, number[]][] = [];
    for (let row = 0; row < pic.rows; row++)
      for (let col = 0; col < pic.cols; col++)
        centres.push([col, row, [cellCentre(pic.x.min, pic.x.max, pic.cols, col), cellCentre(pic.y.min, pic.y.max, pic.rows, row)]]);
    const probs = predict(centres.map((c) => c[2]));
    let checked = 0;
    centres.forEach(([col, row], i) => {
      const p = probs[i]!;
      const sorted = [...p].sort((a, b) => b - a);
      if (sorted[0]! - sorted[1]! < 1e-4) return;
      checked++;
      expect(classOfPixel(pixelAt(px, col, row), 4)).toBe(argmax(p));
    });
    expect(checked).toBeGreaterThan(0.95 * centres.length);
  });

  it('under a data point shows the class the model predicts at that point (points off the class borders)', () => {
    const px = classPixels(pic)!;
    const pts = pic.test;
    const probs = predict(pts.x.map((x, i) => [x, pts.y[i]!]));
    let agree = 0;
    probs.forEach((p, i) => {
      const c = classOfPixel(pixelAt(px, cellOf(pic.x.min, pic.x.max, pic.cols, pts.x[i]!), cellOf(pic.y.min, pic.y.max, pic.rows, pts.y[i]!)), 4);
      if (c === argmax(p)) agree++;
    });
    // only points within half a cell of a class border may differ
    expect(agree / probs.length).toBeGreaterThan(0.95);
  });

  it('is paler where the model is unsure', () => {
    expect(strength(0.25, 4)).toBeCloseTo(0.2, 6);
    expect(strength(1, 4)).toBeCloseTo(0.85, 6);
    expect(strength(0.6, 4)).toBeGreaterThan(strength(0.4, 4));
  });
});

describe('a neuron image', () => {
  it('is white at 0, blue for positive and orange for negative activations', () => {
    const n = pic.neurons!;
    const img = n.images.find((m) => m.max > 0.1)!;
    const px = neuronPixels(img, n.cols, n.rows)!;
    let blue = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i + 2]! > px[i]! + 20) blue++;
    // relu: never negative, so blue or white only
    for (let i = 0; i < px.length; i += 4) expect(px[i]! <= px[i + 2]! + 1).toBe(true);
    expect(blue).toBeGreaterThan(0);
  });
});

describe('axis ticks', () => {
  it('are round values inside the range', () => {
    expect(ticks(-1.13, 1.13)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(ticks(995, 1045)).toEqual([1000, 1010, 1020, 1030, 1040]);
  });
});
