// The decision-regions pictures, checked against the trained model's own predict(): the class image
// over the data's extent, the predictions at the drawn points, the regression curve, the neurons'
// activation images, the rate limit, and that the grid goes through the data's preprocessing.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { loadDataset } from '../../../src-main/data/index';
import { base64ToBytes, cellCentre, cellOf, type ClassRegions, type CurveRegions, type RegionsSnapshot } from '../../../src-main/contract/regions';
import { RegionsProbe, regionsSnapshot } from '../../../src-main/trainer/regions';
import { regionFrame } from '../../../src-main/trainer/region-frame';
import { chain, config, dense } from './fixtures/graphs';
import { collect, type Collected } from './fixtures/run';

beforeAll(async () => {
  await initBackend('cpu');
});

let toDispose: (() => void)[] = [];
afterEach(() => {
  toDispose.forEach((d) => d());
  toDispose = [];
});

/** The model's class probabilities at raw 2-D points (for data without input scaling), through the exported LayersModel. */
function predictProbs(r: Collected, pts: number[][]): number[][] {
  const out = tf.tidy(() => (r.result.model!.predict(tf.tensor2d(pts)) as tf.Tensor2D).arraySync());
  return out;
}

const argmax = (p: number[]): number => p.indexOf(Math.max(...p));
/** the two highest probabilities differ by less than this: a tie a change of summation order may flip */
const TIE = 1e-4;
const clearWinner = (p: number[]): boolean => {
  const s = [...p].sort((a, b) => b - a);
  return s[0]! - s[1]! > TIE;
};

function lastRegions(r: Collected): RegionsSnapshot {
  const all = r.of('regions');
  expect(all.length).toBeGreaterThan(0);
  return all.at(-1)!.regions;
}

describe('decision regions of a spiral run', () => {
  let r: Collected;
  let pic: ClassRegions;
  beforeAll(async () => {
    const training = config({ dataset: { kind: 'synthetic', name: 'spiral', samples: 600, noise: 0.02 }, epochs: 80, learningRate: 0.03 });
    const dataset = await loadDataset(training.dataset, training.seed, training.validationSplit, training.testSplit);
    r = await collect(chain([dense(16, 'tanh'), dense(12, 'relu')]), training, dataset, { regionsPerSecond: 2 });
    const p = lastRegions(r);
    if (p.kind !== 'classes') throw new Error('expected a class picture');
    pic = p;
  });
  afterEach(() => undefined);

  it('ends with the final model’s picture, after the run’s last epoch', () => {
    expect(pic.final).toBe(true);
    expect(pic.epoch).toBe(r.result.modelEpoch);
    const finishedAt = r.events.findIndex((e) => e.type === 'finished');
    expect(r.events.findIndex((e) => e.type === 'regions' && e.regions.final)).toBeLessThan(finishedAt);
  });

  it('covers the data’s extent: every point inside, with at most a 10 % margin', () => {
    const xs = [...pic.train.x, ...pic.test.x];
    const ys = [...pic.train.y, ...pic.test.y];
    for (const [axis, vs] of [
      [pic.x, xs],
      [pic.y, ys],
    ] as const) {
      const lo = Math.min(...vs);
      const hi = Math.max(...vs);
      expect(axis.min).toBeLessThan(lo);
      expect(axis.max).toBeGreaterThan(hi);
      expect(lo - axis.min).toBeLessThan(0.1 * (hi - lo));
      expect(axis.max - hi).toBeLessThan(0.1 * (hi - lo));
    }
    expect(pic.x.name).toBe('x');
    expect(pic.y.name).toBe('y');
  });

  it('colours every cell with the class the model predicts at its centre, and its probability', () => {
    const cls = base64ToBytes(pic.cls, pic.cols * pic.rows)!;
    const conf = base64ToBytes(pic.conf, pic.cols * pic.rows)!;
    const centres: number[][] = [];
    for (let row = 0; row < pic.rows; row++)
      for (let col = 0; col < pic.cols; col++) centres.push([cellCentre(pic.x.min, pic.x.max, pic.cols, col), cellCentre(pic.y.min, pic.y.max, pic.rows, row)]);
    const probs = predictProbs(r, centres);
    let checked = 0;
    probs.forEach((p, i) => {
      expect(Math.abs(conf[i]! / 255 - Math.max(...p))).toBeLessThanOrEqual(0.5 / 255 + 1e-5);
      if (!clearWinner(p)) return;
      checked++;
      expect(cls[i]).toBe(argmax(p));
    });
    expect(checked).toBeGreaterThan(0.95 * centres.length);
    // a trained spiral model predicts every class somewhere
    expect(new Set(cls).size).toBe(3);
  });

  it('marks each drawn point with the model’s prediction there; the cell under a point mostly agrees', () => {
    for (const pts of [pic.train, pic.test]) {
      const probs = predictProbs(
        r,
        pts.x.map((x, i) => [x, pts.y[i]!]),
      );
      probs.forEach((p, i) => {
        if (clearWinner(p)) expect(pts.pred[i]).toBe(argmax(p));
      });
    }
    const cls = base64ToBytes(pic.cls, pic.cols * pic.rows)!;
    const pts = pic.train;
    const agree = pts.x.filter(
      (x, i) => cls[cellOf(pic.y.min, pic.y.max, pic.rows, pts.y[i]!) * pic.cols + cellOf(pic.x.min, pic.x.max, pic.cols, x)] === pts.pred[i],
    ).length;
    expect(agree / pts.x.length).toBeGreaterThan(0.9);
    // the run learned: far more training points classified right than chance (a third)
    expect(pts.label.filter((l, i) => l === pts.pred[i]).length / pts.label.length).toBeGreaterThan(0.6);
  });

  it('draws each neuron of the first two hidden layers as its activation over the plane', () => {
    const n = pic.neurons!;
    expect(n.images.map((m) => `${m.node}:${m.unit}`)).toEqual([
      ...Array.from({ length: 16 }, (_, u) => `h1:${u}`),
      ...Array.from({ length: 12 }, (_, u) => `h2:${u}`),
    ]);
    expect(n.note).toBeNull();
    // hidden 1 is tanh(W·p + b): recompute neuron 3 at a few cells from the model's own weights
    const layer = r.result.model!.layers.find((l) => l.name.includes('h1') && l.getWeights().length === 2)!;
    const [w, b] = layer.getWeights().map((t) => t.arraySync() as number[] | number[][]) as [number[][], number[]];
    const img = n.images[3]!;
    const bytes = base64ToBytes(img.values, n.cols * n.rows)!;
    for (const [col, row] of [
      [0, 0],
      [5, 17],
      [23, 23],
      [12, 8],
    ] as const) {
      const px = cellCentre(pic.x.min, pic.x.max, n.cols, col);
      const py = cellCentre(pic.y.min, pic.y.max, n.rows, row);
      const a = Math.tanh(px * w[0]![3]! + py * w[1]![3]! + b[3]!);
      const decoded = img.min + (bytes[row * n.cols + col]! / 255) * (img.max - img.min);
      expect(Math.abs(decoded - a)).toBeLessThanOrEqual((img.max - img.min) / 255 + 1e-5);
    }
  });

  it('leaks no tensor', () => {
    const frame = regionFrame({ ...spiralLike(), contract: undefined })!;
    const before = tf.memory().numTensors;
    regionsSnapshot(r.result.compiled!, frame, { epoch: 1, step: 1, final: false });
    expect(tf.memory().numTensors).toBe(before);
    r.result.compiled!.dispose();
  });
});

function spiralLike() {
  const split = (n: number) => ({ x: Float32Array.from({ length: 2 * n }, (_, i) => Math.sin(i)), y: Int32Array.from({ length: n }, (_, i) => i % 3), n });
  return { inputDim: 2, classes: 3, train: split(50), val: split(5), test: split(10), description: 'test' };
}

describe('a 2-feature CSV with standardised features', () => {
  it('sends the grid through the same standardisation as the data: the picture agrees with the points', async () => {
    // two blobs far from the origin, on very different scales: fed raw, the model would see nonsense
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-regions-'));
    const file = path.join(dir, 'blobs.csv');
    const lines = ['height,weight,kind'];
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 400; i++) {
      const k = i % 2;
      lines.push(`${(1000 + 40 * k + 10 * (rand() - 0.5)).toFixed(3)},${(0.02 + 0.01 * (rand() - 0.5) - 0.004 * k).toFixed(5)},${k ? 'b' : 'a'}`);
    }
    fs.writeFileSync(file, lines.join('\n'));
    const training = config({ dataset: { kind: 'csv', file, label: 'kind' }, epochs: 8, learningRate: 0.02 });
    const dataset = await loadDataset(training.dataset, training.seed, training.validationSplit, training.testSplit);
    const r = await collect(chain([dense(8, 'tanh')]), training, dataset, { regionsPerSecond: 1e6 });
    toDispose.push(() => r.result.compiled?.dispose());
    const pic = lastRegions(r) as ClassRegions;
    expect(pic.kind).toBe('classes');
    expect([pic.x.name, pic.y.name]).toEqual(['height', 'weight']);
    expect(pic.classNames).toEqual(['a', 'b']);
    expect(pic.x.min).toBeGreaterThan(900);
    expect(pic.x.max).toBeLessThan(1100);
    const cls = base64ToBytes(pic.cls, pic.cols * pic.rows)!;
    const cellClass = (x: number, y: number) => cls[cellOf(pic.y.min, pic.y.max, pic.rows, y) * pic.cols + cellOf(pic.x.min, pic.x.max, pic.cols, x)];
    const pts = pic.test;
    expect(pts.label.filter((l, i) => l === pts.pred[i]).length).toBe(pts.label.length);
    expect(pts.x.filter((x, i) => cellClass(x, pts.y[i]!) === pts.pred[i]).length / pts.x.length).toBeGreaterThan(0.95);
    // both classes appear in the image
    expect(new Set(cls).size).toBe(2);
  });
});

describe('a 1-D regression run (sine with noise)', () => {
  it('draws the function the network learned: the curve equals model.predict at those x, in the target’s units', async () => {
    const training = config({ dataset: { kind: 'synthetic', name: 'sine', samples: 400, noise: 0.1 }, epochs: 10, learningRate: 0.02 });
    const dataset = await loadDataset(training.dataset, training.seed, training.validationSplit, training.testSplit);
    const r = await collect(chain([dense(16, 'tanh'), dense(16, 'tanh')], 'linear'), training, dataset, { regionsPerSecond: 1e6 });
    toDispose.push(() => r.result.compiled?.dispose());
    const pic = lastRegions(r) as CurveRegions;
    expect(pic.kind).toBe('curve');
    expect(pic.curve.x).toHaveLength(200);
    expect(pic.curve.x[0]).toBeLessThan(-3);
    expect(pic.curve.x.at(-1)).toBeGreaterThan(3);
    const scaling = dataset.contract!.target.task === 'regression' ? dataset.contract!.target.scaling! : null;
    expect(scaling).not.toBeNull();
    const raw = tf.tidy(() => (r.result.model!.predict(tf.tensor2d(pic.curve.x, [200, 1])) as tf.Tensor2D).dataSync());
    pic.curve.y.forEach((y, i) => expect(y).toBeCloseTo(raw[i]! * scaling!.std + scaling!.mean, 4));
    // the points are the data in its own units: y ≈ sin(1.5x) within the noise
    const resid = pic.train.x.map((x, i) => Math.abs(pic.train.y[i]! - Math.sin(1.5 * x)));
    expect(Math.max(...resid)).toBeLessThan(0.5);
    expect(pic.train.x.length).toBe(Math.min(300, dataset.train.n));
    // and the curve has learned something of the sine: its mean distance to it is well under sine's spread
    const err = pic.curve.x.reduce((s, x, i) => s + Math.abs(pic.curve.y[i]! - Math.sin(1.5 * x)), 0) / 200;
    expect(err).toBeLessThan(0.4);
    expect(pic.neurons!.rows).toBe(1);
    expect(pic.neurons!.images).toHaveLength(32);
  });
});

describe('the rate limit', () => {
  it('sends at most perSecond pictures a second however often it is asked', () => {
    let t = 0;
    const sent: RegionsSnapshot[] = [];
    const frame = regionFrame(spiralLike())!;
    const graph = chain([dense(4, 'relu')]);
    return (async () => {
      const { compileGraph } = await import('../../../src-main/trainer/compile');
      const c = compileGraph(graph, { inputDim: 2, classes: 3 }, { seed: 1 });
      const probe = new RegionsProbe(c, frame, (s) => sent.push(s), { now: () => t }, 4);
      for (let step = 1; step <= 100; step++) {
        t = step * 20; // 50 steps a second for 2 s
        probe.tick({ epoch: 1, step });
      }
      // 2 s at 4 a second: the first ask, then the first ask at least 250 ms after the last picture
      expect(sent.map((s) => s.step)).toEqual([1, 14, 27, 40, 53, 66, 79, 92]);
      c.dispose();
    })();
  });
});
