// The real network's loss landscape on real runs: the line's ends are the initial and the trained
// losses, the plane's origin is the initial loss, the three weight vectors that span the plane project
// onto it exactly, kept epochs are bounded, runs of different shapes are refused, a cancel stops it.
import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { Graph, type GraphInput } from '../../../src-main/contract/graph';
import { TrainingConfig } from '../../../src-main/contract/training';
import { loadDataset } from '../../../src-main/data/index';
import type { Dataset } from '../../../src-main/data/dataset-types';
import { runTraining, type RunResult } from '../../../src-main/trainer/loop';
import { compileGraph } from '../../../src-main/trainer/compile';
import { forward, headLoss } from '../../../src-main/trainer/forward';
import { Trajectory } from '../../../src-main/trainer/trajectory';
import { LINE_T, computeLandscape, type LandscapeRun, type LandscapeSample } from '../../../src-main/lesson/landscape';

const graph = (units: number): Graph =>
  Graph.parse({
    version: 1,
    nodes: [
      { id: 'in', type: 'input' },
      { id: 'h', type: 'dense', units, activation: 'relu' },
      { id: 'out', type: 'output', head: 'softmax' },
    ],
    edges: [
      { id: 'a', source: 'in', target: 'h' },
      { id: 'b', source: 'h', target: 'out' },
    ],
  } satisfies GraphInput);

let data: Dataset;
let sample: LandscapeSample;
beforeAll(async () => {
  data = await loadDataset({ kind: 'synthetic', name: 'spiral', samples: 300 }, 1, 0.1, 0.1);
  sample = { x: data.train.x, y: data.train.y, n: 200, lossFactor: 1 };
});

async function train(g: Graph, optimizer: 'sgd' | 'adam', seed = 1): Promise<LandscapeRun & { result: RunResult }> {
  const training = TrainingConfig.parse({
    dataset: { kind: 'synthetic', name: 'spiral' },
    optimizer: { kind: optimizer },
    learningRate: optimizer === 'sgd' ? 0.1 : 0.02,
    epochs: 4,
    batchSize: 32,
    seed,
  });
  const result = await runTraining({ graph: g, training, dataset: data, runId: `${optimizer}-${seed}`, emit: () => undefined, keepTrajectory: true });
  return { runId: `${optimizer}-${seed}`, c: result.compiled!, trajectory: result.trajectory!, modelEpoch: result.modelEpoch, result };
}

/** The loss of a model's current weights on the sample, measured directly. */
function lossOf(c: LandscapeRun['c']): number {
  return tf.tidy(() => {
    const x = tf.tensor2d(sample.x.subarray(0, sample.n * c.inputDim), [sample.n, c.inputDim]);
    const y = tf.tensor1d(Int32Array.from(sample.y.subarray(0, sample.n)), 'int32');
    return headLoss(c, forward(c, x, { training: false }).output, y).dataSync()[0]!;
  });
}

describe('loss landscape of a real network', () => {
  it('line ends = initial and trained losses; plane origin = initial loss; the spanning points project exactly', async () => {
    const g = graph(16);
    const A = await train(g, 'sgd');
    const B = await train(g, 'adam');
    try {
      const initial = compileGraph(g, { inputDim: data.inputDim, classes: data.classes }, { seed: 1 });
      const initialLoss = lossOf(initial);
      initial.dispose();
      const trainedLoss = lossOf(A.c);
      const before = tf.memory().numTensors;
      const v = (await computeLandscape(A, B, sample, { graph: g, grid: 9 }))!;
      expect(tf.memory().numTensors).toBe(before);

      expect(v.lossName).toBe('cross-entropy');
      expect(v.parameters).toBe(2 * 16 + 16 + 16 * 3 + 3);
      const at = (t: number) => v.line.loss[LINE_T.indexOf(t)]!;
      expect(at(0)).toBeCloseTo(initialLoss, 5);
      expect(at(1)).toBeCloseTo(trainedLoss, 5);
      expect(trainedLoss).toBeLessThan(initialLoss);
      // the kept path: epoch 0 at t = 0 on the line, then the 4 epochs; the last (the model, no restore) at t = 1
      expect(v.line.path.map((p) => p.epoch)).toEqual([0, 1, 2, 3, 4]);
      expect(v.line.path[0]!.t).toBe(0);
      expect(v.line.path[0]!.offLine).toBe(0);
      expect(v.line.path[4]!.t).toBeCloseTo(1, 6);
      expect(v.line.path[4]!.offLine).toBeLessThan(1e-3 * v.line.distance);
      expect(v.line.path[0]!.loss).toBeCloseTo(initialLoss, 5);

      const plane = v.plane!;
      expect(plane.a).toContain(0);
      expect(plane.b).toContain(0);
      const origin = plane.loss[plane.b.indexOf(0) * plane.a.length + plane.a.indexOf(0)]!;
      expect(origin).toBeCloseTo(initialLoss, 5);
      const [pa, pb] = plane.paths;
      // same seed: both runs start at the origin
      for (const p of [pa!.points[0]!, pb!.points[0]!]) {
        expect(Math.abs(p.a) + Math.abs(p.b) + p.offPlane).toBeLessThan(1e-6);
      }
      // A's trained weights at (‖θ₁ − θ₀‖, 0), B's on the plane, both with no distance from it
      expect(pa!.end.a).toBeCloseTo(v.line.distance, 4);
      expect(Math.abs(pa!.end.b)).toBeLessThan(1e-4 * v.line.distance);
      expect(pa!.end.offPlane).toBeLessThan(1e-3 * v.line.distance);
      expect(pb!.end.offPlane).toBeLessThan(1e-3 * v.line.distance);
      expect(pb!.end.b).toBeGreaterThan(0);
      expect(pa!.end.loss).toBeCloseTo(trainedLoss, 5);
      expect(pb!.end.loss).toBeCloseTo(lossOf(B.c), 5);
      // the grid covers every projected point
      for (const p of [...pa!.points, ...pb!.points]) {
        expect(p.a).toBeGreaterThanOrEqual(plane.a[0]!);
        expect(p.a).toBeLessThanOrEqual(plane.a.at(-1)!);
        expect(p.b).toBeGreaterThanOrEqual(plane.b[0]!);
        expect(p.b).toBeLessThanOrEqual(plane.b.at(-1)!);
      }
      expect(plane.loss).toHaveLength(81);
      expect(plane.angle).toBeGreaterThan(0);
    } finally {
      A.c.dispose();
      B.c.dispose();
    }
  }, 120_000);

  it('refuses runs whose parameters differ in shape, and stops when cancelled', async () => {
    const A = await train(graph(16), 'sgd');
    const C = await train(graph(12), 'sgd');
    try {
      await expect(computeLandscape(A, C, sample, { graph: graph(16), grid: 5 })).rejects.toThrow(
        /cannot share a plane: their parameters have different shapes \(\[2×16\]/,
      );
      const stop = new AbortController();
      stop.abort();
      expect(await computeLandscape(A, null, sample, { graph: graph(16), grid: 5, signal: stop.signal })).toBeNull();
    } finally {
      A.c.dispose();
      C.c.dispose();
    }
  }, 120_000);

  it('keeps the initial weights and at most budget ÷ model size epochs, evenly thinned', () => {
    const v = tf.variable(tf.zeros([10, 10]));
    try {
      const t = new Trajectory([v], 400 * 4);
      expect(t.capacity).toBe(4);
      for (let e = 1; e <= 13; e++) {
        v.assign(tf.fill([10, 10], e));
        t.capture(e);
      }
      const kept = t.path();
      expect(kept[0]!.epoch).toBe(0);
      expect(kept[0]!.weights[0]![0]).toBe(0);
      expect(kept.length - 1).toBeLessThanOrEqual(4);
      expect(kept.map((p) => p.epoch)).toEqual([0, 4, 8, 12]);
      expect(kept.at(-1)!.weights[0]![5]).toBe(12);
    } finally {
      v.dispose();
    }
  });
});
