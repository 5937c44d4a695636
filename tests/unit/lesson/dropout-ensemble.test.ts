// Dropout as an ensemble, measured on a small network: the full network (what the trained model predicts
// at test time) against the average of sampled thinned networks and of all 2^U of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { compileGraph, type CompiledGraph } from '../../../src-main/trainer/compile';
import { measureDropoutEnsemble, type EnsembleInput } from '../../../src-main/lesson/dropout-ensemble';
import type { DropoutEnsembleOptions, DropoutEnsembleView } from '../../../src-main/contract/dropout-ensemble';
import type { DataSplit } from '../../../src-main/data/dataset-types';
import { makeRng } from '../../../src-main/data/rng';
import { GradscopeError } from '../../../src-main/contract/errors';
import { chain, dense } from '../trainer/fixtures/graphs';

beforeAll(async () => {
  await initBackend('cpu');
});

const D = 4;
const CLASSES = 3;

function split(n: number, seed: number): DataSplit {
  const rng = makeRng(seed);
  const x = new Float32Array(n * D).map(() => rng.normal());
  const y = new Int32Array(n).map(() => rng.int(CLASSES));
  return { x, y, n };
}

const test = split(60, 1);
const train = split(50, 2);

/** input 4 → dense 5 (p 0.5) → dense 4 (p 0.3) → softmax 3: 9 dropout units, 512 masks. */
function net(activation: 'linear' | 'relu' | 'sigmoid'): CompiledGraph {
  const g = chain([dense(5, activation, { dropout: 0.5 }), dense(4, activation, { dropout: 0.3 })]);
  return compileGraph(g, { inputDim: D, classes: CLASSES }, { seed: 7 });
}

const OPTIONS: DropoutEnsembleOptions = { samples: [1, 16, 256, 1024], repeats: 3, examples: 1000, activation: 'trained', seed: 5 };

async function measure(c: CompiledGraph, over: Partial<DropoutEnsembleOptions> = {}, signal?: AbortSignal): Promise<DropoutEnsembleView | null> {
  const input: EnsembleInput = { source: 'test net', c, evaluate: { name: 'test', split: test }, train, options: { ...OPTIONS, ...over }, signal };
  return measureDropoutEnsemble(input);
}

const nets: CompiledGraph[] = [];
const made = (a: 'linear' | 'relu' | 'sigmoid') => {
  const c = net(a);
  nets.push(c);
  return c;
};
afterAll(() => nets.forEach((c) => c.dispose()));

describe('dropout as an ensemble', () => {
  it('a linear network: the average of all 2^9 thinned networks is the full network, to float rounding', async () => {
    const v = (await measure(made('linear')))!;
    expect(v.exact?.masks).toBe(512);
    expect(v.exact!.maxDiff).toBeLessThan(1e-5);
    expect(v.exact!.meanZ.loss).toBeCloseTo(v.scaled.loss, 5);
    expect(v.exact!.meanZ.acc).toBe(v.scaled.acc);
    // sampled ensembles close in on it as M grows (the error of a mean of M samples, ~1/√M)
    const diffs = v.rows.map((r) => r.maxDiff.mean);
    expect(diffs[3]!).toBeLessThan(diffs[0]! / 10);
    expect(v.rows.map((r) => r.samples)).toEqual([1, 16, 256, 1024]);
  });

  it('the same weights with ReLU: the full network is not the ensemble average', async () => {
    const v = (await measure(made('relu')))!;
    expect(v.exact!.maxDiff).toBeGreaterThan(1e-3);
    // the sampled average converges to the exact one, not to the full network
    const last = v.rows.at(-1)!;
    expect(Math.abs(last.maxDiff.mean - v.exact!.maxDiff)).toBeLessThan(v.exact!.maxDiff * 0.5);
    expect(last.meanZ.loss.mean).toBeCloseTo(v.exact!.meanZ.loss, 1);
  });

  it("the linear switch makes a ReLU-trained network's two predictions coincide; sigmoid does not", async () => {
    const c = made('relu');
    const linear = (await measure(c, { activation: 'linear', samples: [4], repeats: 1 }))!;
    expect(linear.activation).toBe('linear');
    expect(linear.hidden.map((h) => h.activation)).toEqual(['linear', 'linear']);
    expect(linear.exact!.maxDiff).toBeLessThan(1e-5);
    const sigmoid = (await measure(c, { activation: 'sigmoid', samples: [4], repeats: 1 }))!;
    expect(sigmoid.exact!.maxDiff).toBeGreaterThan(1e-4);
  });

  it('reports the spread over repeats, the measured split and the training set with dropout on and off', async () => {
    const v = (await measure(made('relu'), { examples: 40 }))!;
    expect(v.split).toEqual({ name: 'test', examples: 40, of: 60 });
    for (const r of v.rows) {
      expect(r.meanZ.acc!.min).toBeLessThanOrEqual(r.meanZ.acc!.mean);
      expect(r.meanZ.acc!.mean).toBeLessThanOrEqual(r.meanZ.acc!.max);
    }
    // one mask: the repeats differ
    expect(v.rows[0]!.maxDiff.max).toBeGreaterThan(v.rows[0]!.maxDiff.min);
    expect(v.train.examples).toBe(40);
    expect(v.train.on.loss.max).toBeGreaterThan(v.train.on.loss.min);
    expect(Math.abs(v.train.on.loss.mean - v.train.off.loss)).toBeGreaterThan(1e-4);
    expect(v.dropout.map(({ node, p, units }) => ({ node, p, units }))).toEqual([
      { node: 'h1', p: 0.5, units: 5 },
      { node: 'h2', p: 0.3, units: 4 },
    ]);
  });

  it('a wide network gets no exact enumeration, and says why', async () => {
    const g = chain([dense(16, 'relu', { dropout: 0.5 })]);
    const c = compileGraph(g, { inputDim: D, classes: CLASSES }, { seed: 1 });
    nets.push(c);
    const v = (await measure(c, { samples: [2], repeats: 1 }))!;
    expect(v.exact).toBeNull();
    expect(v.exactNote).toMatch(/16 dropout units.*2\^16/);
  });

  it('repeats exactly from its seed and leaks no tensor', async () => {
    const c = made('relu');
    const before = tf.memory().numTensors;
    const a = (await measure(c, { samples: [3, 8], repeats: 2 }))!;
    const b = (await measure(c, { samples: [3, 8], repeats: 2 }))!;
    expect(tf.memory().numTensors).toBe(before);
    expect(b.rows).toEqual(a.rows);
    expect(b.train).toEqual(a.train);
  });

  it('stops when cancelled, and refuses a network without dropout', async () => {
    const c = made('relu');
    const ctl = new AbortController();
    ctl.abort();
    const before = tf.memory().numTensors;
    expect(await measure(c, {}, ctl.signal)).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    const plain = compileGraph(chain([dense(5, 'relu')]), { inputDim: D, classes: CLASSES }, { seed: 1 });
    nets.push(plain);
    await expect(measure(plain)).rejects.toThrow(GradscopeError);
    await expect(measure(plain)).rejects.toThrow(/no dropout/);
  });
});
