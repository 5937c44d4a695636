// Saturation per layer: the trainer's per-epoch histograms of pre-activations and activations on the
// validation sample, and the saturated share (sigmoid/tanh near their bounds, ReLU dead on every sample).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { compileGraph } from '../../../src-main/trainer/compile';
import { activationStats } from '../../../src-main/trainer/activation-stats';
import { Project } from '../../../src-main/contract/project';
import { chain, config, dense } from './fixtures/graphs';
import { collect } from './fixtures/run';
import { spiral } from './fixtures/datasets';
import { applyEvent, forStorage, newRun } from '../../../src-main/analysis/run-record';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('activation statistics', () => {
  it('counts sigmoid outputs near 0 or 1 and ReLU units dead on every sample, matching the layers’ own outputs', () => {
    const c = compileGraph(chain([dense(8, 'sigmoid'), dense(6, 'relu'), dense(5, 'tanh')]), { inputDim: 3, classes: 2 }, { seed: 3 });
    // a large first kernel drives the sigmoid into saturation; a negative bias kills some ReLUs
    c.kernels[0]!.kernel.assign(tf.mul(c.kernels[0]!.kernel, 40));
    c.kernels[1]!.bias!.assign(tf.tensor1d([-100, -100, 0, 0, 0, 0]));
    const probe = tf.randomNormal([64, 3], 0, 1, 'float32', 5) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const stats = activationStats(c, probe)!;
    expect(tf.memory().numTensors).toBe(before);
    expect(stats.map((s) => [s.node, s.saturation])).toEqual([
      ['h1', 'bounds'],
      ['h2', 'dead'],
      ['h3', 'bounds'],
    ]);
    const sig = tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(probe, c.kernels[0]!.kernel), c.kernels[0]!.bias!)).dataSync());
    const near = Array.from(sig).filter((v) => v < 0.02 || v > 0.98).length / sig.length;
    expect(stats[0]!.saturated).toBeCloseTo(near, 6);
    expect(stats[0]!.saturated).toBeGreaterThan(0.5);
    expect(stats[0]!.post.min).toBeGreaterThanOrEqual(0);
    expect(stats[0]!.post.max).toBeLessThanOrEqual(1);
    expect(stats[0]!.pre.counts.reduce((a, b) => a + b, 0)).toBe(64 * 8);
    expect(stats[1]!.saturated).toBeGreaterThanOrEqual(2 / 6);
    expect(stats[1]!.post.min).toBe(0);
    expect(stats[2]!.samples).toBe(64);
    probe.dispose();
    c.dispose();
  });

  it('every epoch of a run carries them, and the run saves and reloads with them', async () => {
    const graph = chain([dense(8, 'sigmoid'), dense(8, 'sigmoid')]);
    const training = config({ epochs: 2 });
    const { events } = await collect(graph, training, spiral());
    const record = forStorage(events.reduce((r, e) => applyEvent(r, e), newRun('test-run', graph, training, 'run', new Date(0))));
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(2);
    for (const e of epochs) expect(e.type === 'epoch' && e.activations?.map((a) => a.node)).toEqual(['h1', 'h2']);
    const saved = JSON.parse(
      JSON.stringify({ format: 'gradscope-project', version: 2, name: 'x', graph: record.graph, training: record.training, runs: [record] }),
    );
    const back = Project.safeParse(saved);
    expect(back.success, JSON.stringify(back.error?.issues?.slice(0, 2))).toBe(true);
    expect(back.data!.runs![0]!.epochs[1]!.activations![0]!.pre!.counts).toEqual(record.epochs[1]!.activations![0]!.pre!.counts);
    // a run saved before the measurement existed still loads
    delete saved.runs[0].epochs[0].activations;
    delete saved.runs[0].epochs[1].activations;
    expect(Project.safeParse(saved).success).toBe(true);
  });
});
