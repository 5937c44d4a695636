import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { RunControl } from '../../../src-main/trainer/control';
import type { Activation } from '../../../src-main/contract/graph';
import type { Optimizer } from '../../../src-main/contract/training';
import { chain, config, dense } from './fixtures/graphs';
import { randomLinear, spiral } from './fixtures/datasets';
import { collect } from './fixtures/run';

beforeAll(async () => {
  await initBackend();
});

let toDispose: (() => void)[] = [];
afterEach(() => {
  toDispose.forEach((d) => d());
  toDispose = [];
});

const data = spiral(240, 3, 0.05, 7);

describe('optimizers', () => {
  const cases: [Optimizer, number][] = [
    [{ kind: 'sgd' }, 0.3],
    [{ kind: 'momentum', momentum: 0.9 }, 0.05],
    [{ kind: 'nesterov', momentum: 0.9 }, 0.05],
    [{ kind: 'adagrad' }, 0.1],
    [{ kind: 'rmsprop', decay: 0.9 }, 0.01],
    [{ kind: 'adam', beta1: 0.9, beta2: 0.999 }, 0.02],
  ];
  for (const [optimizer, learningRate] of cases) {
    it(`${optimizer.kind} lowers the loss`, async () => {
      const r = await collect(chain([dense(16, 'tanh')]), config({ optimizer, learningRate, epochs: 8 }), data);
      toDispose.push(() => r.result.compiled?.dispose());
      const losses = r.stepLosses();
      const first = losses.slice(0, 3).reduce((a, b) => a + b) / 3;
      const last = r.result.history.at(-1)!.trainLoss;
      expect(r.result.reason).toBe('completed');
      expect(last).toBeLessThan(first * 0.8);
    });
  }
});

describe('activations', () => {
  const acts: Activation[] = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu', 'elu', 'linear'];
  for (const a of acts) {
    it(`${a} trains`, async () => {
      const r = await collect(chain([dense(16, a)]), config({ learningRate: 0.02, epochs: 6 }), data);
      toDispose.push(() => r.result.compiled?.dispose());
      expect(r.result.history.at(-1)!.trainLoss).toBeLessThan(r.stepLosses()[0]! * 0.85);
    });
  }
  it('maxout trains, and PReLU α moves', async () => {
    const r = await collect(
      chain([
        dense(8, 'prelu'),
        {
          type: 'maxout',
          units: 8,
          pieces: 3,
          grouping: { kind: 'explicit', groups: [[0, 1], [2, 3, 4, 5], ...Array.from({ length: 6 }, (_, j) => [6 + 3 * j, 7 + 3 * j, 8 + 3 * j])] },
        },
      ]),
      config({ learningRate: 0.02, epochs: 6 }),
      data,
    );
    toDispose.push(() => r.result.compiled?.dispose());
    expect(r.result.history.at(-1)!.trainLoss).toBeLessThan(r.stepLosses()[0]! * 0.8);
    const alpha = r.result.history.at(-1)!.weights[0]!.alpha!;
    expect(alpha.max - alpha.min).toBeGreaterThan(1e-4);
    const step = r.of('steps')[0]!.steps[0]!;
    expect(step.layers[0]!.alphaNorm).toBeGreaterThan(0);
    expect(step.layers[1]!.neuronMeanAbs).toHaveLength(8);
  });
  it('regression (linear head, MSE) lowers the loss and reports no accuracy', async () => {
    const r = await collect(chain([dense(8, 'relu')], 'linear'), config({ learningRate: 0.01, epochs: 6 }), randomLinear(200, 3, null));
    toDispose.push(() => r.result.compiled?.dispose());
    expect(r.result.history.at(-1)!.trainLoss).toBeLessThan(r.stepLosses()[0]! * 0.5);
    expect(r.result.history.at(-1)!.trainAcc).toBeNull();
    expect(r.result.test!.acc).toBeNull();
  });
});

describe('the training loop', () => {
  it('emits started first and finished last, with every step exactly once and per-layer probes', async () => {
    const r = await collect(chain([dense(8, 'relu'), dense(8, 'sigmoid')]), config({ epochs: 3, batchSize: 16 }), data);
    toDispose.push(() => r.result.compiled?.dispose());
    expect(r.events[0]!.type).toBe('started');
    expect(r.events.at(-1)!.type).toBe('finished');
    const started = r.of('started')[0]!;
    expect(started.backend).toMatch(/wasm|tensorflow/);
    expect(started.layers.map((l) => l.node)).toEqual(['h1', 'h2', 'out']);
    const steps = r.of('steps').flatMap((s) => s.steps);
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 3 * started.stepsPerEpoch }, (_, i) => i + 1));
    expect(started.stepsPerEpoch).toBe(Math.ceil(data.train.n / 16));
    for (const s of steps) {
      expect(s.layers).toHaveLength(3);
      expect(s.layers[0]!.kernelNorm).toBeGreaterThan(0);
      expect(s.layers[0]!.neuronMeanAbs).toHaveLength(8);
      expect(s.layers[2]!.neuronMeanAbs).toHaveLength(3);
    }
    // each epoch: its steps come before it; the minibatch mean is the mean of its steps (the train loss is
    // the training set measured after the epoch: tests/unit/trainer/train-measured.test.ts)
    const e1 = r.of('epoch')[0]!;
    const mean = steps.filter((s) => s.epoch === 1).reduce((a, s) => a + s.loss, 0) / started.stepsPerEpoch;
    expect(e1.runningLoss).toBeCloseTo(mean, 6);
    expect(e1.trainSamples).toBe(data.train.n);
    expect(e1.weights.map((w) => w.deadFraction === null)).toEqual([false, true, true]);
    expect(e1.weights[0]!.histogram.counts.reduce((a, b) => a + b)).toBe(2 * 8);
    const fin = r.of('finished')[0]!;
    expect(fin).toMatchObject({ reason: 'completed', epochs: 3 });
    expect(fin.test!.acc).toBeGreaterThan(0);
  });

  it('keeps tf.memory().numTensors flat from epoch 2 to epoch 30', async () => {
    const counts: number[] = [];
    const g = chain(
      [
        dense(12, 'prelu', { dropout: 0.2, l2: 0.001 }),
        { type: 'maxout', units: 4, pieces: 2, grouping: { kind: 'explicit', groups: [[0, 7], [1, 2, 3], [4], [5, 6]] }, l1: 0.001 },
        dense(6, 'relu', { dropout: 0.1 }),
      ],
      'softmax',
      { inputDropout: 0.1 },
    );
    const r = await collect(
      g,
      config({ epochs: 30, batchSize: 64, earlyStopping: { enabled: true, patience: 1000, monitor: 'val_loss', restoreBest: true } }),
      spiral(200),
      {
        onEvent: (e) => {
          if (e.type === 'epoch') counts.push(tf.memory().numTensors);
        },
      },
    );
    toDispose.push(() => r.result.compiled?.dispose());
    expect(counts).toHaveLength(30);
    expect(new Set(counts.slice(1))).toEqual(new Set([counts[1]]));
  });

  it('stops with a diverged event naming the epoch and step when the loss blows up', async () => {
    const before = tf.memory().numTensors;
    const r = await collect(
      chain([dense(16, 'relu'), dense(16, 'relu')], 'linear'),
      config({ optimizer: { kind: 'sgd' }, learningRate: 1e4, epochs: 20 }),
      randomLinear(200, 3, null),
    );
    const d = r.of('diverged');
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(new RegExp(`epoch ${d[0]!.epoch}, step ${d[0]!.step}`));
    expect(d[0]!.message).toMatch(/[Ll]ower the learning rate/);
    const before1 = r.stepLosses().slice(0, -1);
    // not finite, or 1000× the lowest loss so far
    expect(!Number.isFinite(d[0]!.loss) || d[0]!.loss > 1000 * Math.min(...before1)).toBe(true);
    expect(r.of('finished')[0]).toMatchObject({ reason: 'diverged' });
    expect(r.events.at(-1)!.type).toBe('finished');
    r.result.compiled?.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pauses, resumes and stops; a stopped run keeps its results and model', async () => {
    const control = new RunControl();
    let stepsSeen = 0;
    let stepsWhilePaused = -1;
    const r = await collect(chain([dense(16, 'relu')]), config({ epochs: 1000, batchSize: 32 }), data, {
      control,
      onEvent: (e) => {
        if (e.type === 'steps') stepsSeen += e.steps.length;
        if (e.type === 'epoch' && e.epoch === 2) control.pause();
        if (e.type === 'paused') {
          stepsWhilePaused = stepsSeen;
          setTimeout(() => {
            expect(stepsSeen).toBe(stepsWhilePaused); // nothing trains while paused
            control.resume();
          }, 150);
        }
        if (e.type === 'epoch' && e.epoch === 4) control.stop();
      },
    });
    toDispose.push(() => r.result.compiled?.dispose());
    const types = r.events.map((e) => e.type).filter((t) => t !== 'steps');
    expect(types.slice(0, 4)).toEqual(['started', 'epoch', 'epoch', 'paused']);
    expect(types).toContain('resumed');
    expect(types.at(-1)).toBe('finished');
    const fin = r.of('finished')[0]!;
    expect(fin.reason).toBe('stopped');
    expect(fin.epochs).toBe(4);
    expect(fin.test).not.toBeNull();
    expect(r.result.history).toHaveLength(4);
    const x = tf.tensor2d([[0.1, 0.2]]);
    const p = r.result.model!.predict(x) as tf.Tensor;
    expect(Array.from(p.dataSync()).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    tf.dispose([x, p]);
  });

  it('repeats a run exactly with the same seed (dropout included), and differs with another', async () => {
    const g = chain([dense(16, 'relu', { dropout: 0.3 }), dense(8, 'elu', { dropout: 0.2 })]);
    const run = async (seed: number) => {
      const r = await collect(g, config({ epochs: 3, seed }), data);
      const w = r.result.compiled!.variables.map((v) => Array.from(v.dataSync()));
      r.result.compiled!.dispose();
      return { losses: r.stepLosses(), w, test: r.result.test };
    };
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(b.losses).toEqual(a.losses);
    expect(b.w).toEqual(a.w);
    expect(b.test).toEqual(a.test);
    expect(c.losses).not.toEqual(a.losses);
  });

  it('refuses labels outside the classes, naming the split and sample', async () => {
    const bad = spiral(60);
    const y = Int32Array.from(bad.val.y);
    y[4] = 3;
    const r = await collect(chain([dense(4, 'relu')]), config(), { ...bad, val: { ...bad.val, y } });
    expect(r.events.map((e) => e.type)).toEqual(['error', 'finished']);
    expect(r.of('error')[0]!.message).toBe('dataset val split, sample 4: label 3 is not a class index 0…2');
  });

  it('reports a graph that cannot be built as an error, then finished', async () => {
    const g = chain([dense(8, 'relu')], 'linear');
    const r = await collect(g, config(), data);
    expect(r.events.map((e) => e.type)).toEqual(['error', 'finished']);
    expect(r.of('error')[0]!.message).toMatch(/node out: a linear \(regression\) head needs a numeric label/);
    expect(r.result.model).toBeNull();
  });
});
