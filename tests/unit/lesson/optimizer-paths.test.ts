// The optimizer paths on 2-D surfaces: each step equals the published update rule of its method
// (computed here independently, in float64), the surfaces' gradients are right, and the defaults
// show what the lesson claims (momentum rolls out of the shallow minimum SGD settles in).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { defaultSpecs, optimizerPath, surfacePaths, type MethodSpec } from '../../../src-main/lesson/optimizer-paths';
import { SURFACES, SURFACE_NAMES, type Surface } from '../../../src-main/lesson/surfaces';
import type { Optimizer } from '../../../src-main/contract/training';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const EPS = 1e-7; // TF.js's float32 backend epsilon, used by Adagrad, RMSProp and Adam

/** The update rules as TF.js documents them (its formulation of Nesterov; ε inside √ for Adagrad/RMSProp). */
function referencePath(s: Surface, start: [number, number], opt: Optimizer, lr: number, steps: number): [number, number][] {
  let p = [...start];
  const out: [number, number][] = [[p[0]!, p[1]!]];
  const v = [0, 0];
  const acc = opt.kind === 'adagrad' ? [0.1, 0.1] : [0, 0];
  const m = [0, 0];
  for (let t = 1; t <= steps; t++) {
    const g = s.grad(p[0]!, p[1]!);
    p = p.map((x, i) => {
      const gi = g[i]!;
      switch (opt.kind) {
        case 'sgd':
          return x - lr * gi;
        case 'momentum':
          v[i] = opt.momentum * v[i]! + gi;
          return x - lr * v[i]!;
        case 'nesterov':
          v[i] = opt.momentum * v[i]! + gi;
          return x - lr * (gi + opt.momentum * v[i]!);
        case 'adagrad':
          acc[i]! += gi * gi;
          return x - (lr * gi) / Math.sqrt(acc[i]! + EPS);
        case 'rmsprop':
          acc[i] = opt.decay * acc[i]! + (1 - opt.decay) * gi * gi;
          return x - (lr * gi) / Math.sqrt(acc[i]! + EPS);
        case 'adam': {
          m[i] = opt.beta1 * m[i]! + (1 - opt.beta1) * gi;
          acc[i] = opt.beta2 * acc[i]! + (1 - opt.beta2) * gi * gi;
          const mh = m[i]! / (1 - opt.beta1 ** t);
          const vh = acc[i]! / (1 - opt.beta2 ** t);
          return x - (lr * mh) / (Math.sqrt(vh) + EPS);
        }
      }
    });
    out.push([p[0]!, p[1]!]);
  }
  return out;
}

describe('optimizer paths', () => {
  it('each surface gradient matches central differences', () => {
    for (const name of SURFACE_NAMES) {
      const s = SURFACES[name];
      for (const [x, y] of [s.start, [0.3, -0.7], [1.2, 0.4]] as [number, number][]) {
        const h = 1e-5;
        const [gx, gy] = s.grad(x, y);
        const nx = (s.value(x + h, y) - s.value(x - h, y)) / (2 * h);
        const ny = (s.value(x, y + h) - s.value(x, y - h)) / (2 * h);
        expect(Math.abs(gx - nx), `${name} ∂f/∂x at ${x},${y}`).toBeLessThan(1e-4 * (1 + Math.abs(nx)));
        expect(Math.abs(gy - ny), `${name} ∂f/∂y at ${x},${y}`).toBeLessThan(1e-4 * (1 + Math.abs(ny)));
      }
    }
  });

  it('every step equals the published update rule of its method', () => {
    const s = SURFACES.ravine;
    const specs: MethodSpec[] = [
      { optimizer: { kind: 'sgd' }, learningRate: 0.08 },
      { optimizer: { kind: 'momentum', momentum: 0.8 }, learningRate: 0.03 },
      { optimizer: { kind: 'nesterov', momentum: 0.7 }, learningRate: 0.03 },
      { optimizer: { kind: 'adagrad' }, learningRate: 0.9 },
      { optimizer: { kind: 'rmsprop', decay: 0.8 }, learningRate: 0.05 },
      { optimizer: { kind: 'adam', beta1: 0.8, beta2: 0.99 }, learningRate: 0.2 },
    ];
    for (const spec of specs) {
      const got = optimizerPath(s, [-5, 1.5], spec, 40);
      const want = referencePath(s, [-5, 1.5], spec.optimizer, spec.learningRate, 40);
      expect(got.points).toHaveLength(41);
      got.points.forEach(([x, y], t) => {
        // float32 in TF.js against float64 here: relative 1e-4 of the path's scale (5)
        expect(Math.abs(x - want[t]![0]), `${spec.optimizer.kind} x at step ${t}`).toBeLessThan(5e-4);
        expect(Math.abs(y - want[t]![1]), `${spec.optimizer.kind} y at step ${t}`).toBeLessThan(5e-4);
      });
      // the step sizes are the distances between consecutive points
      got.stepSize.forEach((d, t) => {
        const [a, b] = [got.points[t]!, got.points[t + 1]!];
        expect(d).toBeCloseTo(Math.hypot(b[0] - a[0], b[1] - a[1]), 9);
      });
    }
  });

  it('plain SGD has a constant effective learning rate; Adagrad’s shrinks step after step', () => {
    const r = surfacePaths('ravine', null, null, 60);
    const sgd = r.paths.find((p) => p.method === 'sgd')!;
    for (const e of sgd.effectiveLr) expect(e).toBeCloseTo(sgd.learningRate, 4);
    // on one coordinate axis Adagrad's effective rate η/√(0.1 + Σg²) can only fall
    const ada = optimizerPath(SURFACES.ravine, [-5, 0], defaultSpecs(SURFACES.ravine)[3]!, 30);
    expect(ada.method).toBe('adagrad');
    for (let t = 1; t < ada.effectiveLr.length; t++) expect(ada.effectiveLr[t]!).toBeLessThan(ada.effectiveLr[t - 1]!);
  });

  it('from the default start, SGD settles in the shallow minimum and Momentum rolls on to the deep one', () => {
    const s = SURFACES['local-min'];
    const r = surfacePaths('local-min', null, null, 300);
    const end = (k: string) => r.paths.find((p) => p.method === k)!.points.at(-1)!;
    const [sx] = end('sgd');
    const [mx] = end('momentum');
    expect(sx).toBeGreaterThan(-2);
    expect(sx).toBeLessThan(-1); // the shallow dip near x = −1.4
    expect(mx).toBeGreaterThan(1.5); // the deep minimum near x = 1.9
    expect(s.value(mx, 0)).toBeLessThan(s.value(sx, 0) - 1);
  });

  it('a path leaving the saddle stops outside the map with a reason, and nothing leaks', () => {
    const before = tf.memory().numTensors;
    const r = surfacePaths('saddle', null, null, 400);
    expect(tf.memory().numTensors).toBe(before);
    const sgd = r.paths.find((p) => p.method === 'sgd')!;
    expect(sgd.stopped).toMatch(/^left the map at step \d+$/);
    expect(sgd.points.length).toBeLessThan(401);
    expect(sgd.loss.at(-1)!).toBeLessThan(-10); // it went down the open side, as x² − y² does
  });
});

describe('a path computed in slices (the trainer worker, cancellable)', () => {
  const spec = defaultSpecs(SURFACES.rosenbrock)[5]!;
  const start: [number, number] = [-1.5, 2];

  it('equals the path computed at once, and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const whole = optimizerPath(SURFACES.rosenbrock, start, spec, 250);
    let slices = 0;
    const sliced = await optimizerPath(SURFACES.rosenbrock, start, spec, 250, { sliceSteps: 100, between: async () => void slices++ });
    expect(sliced).toEqual(whole);
    expect(slices).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops after the slice in which it was cancelled: no further steps, null, no tensor left', async () => {
    const before = tf.memory().numTensors;
    const stop = new AbortController();
    let slices = 0;
    const r = await optimizerPath(SURFACES.rosenbrock, start, spec, 2000, {
      sliceSteps: 100,
      signal: stop.signal,
      between: async () => {
        if (++slices === 2) stop.abort();
      },
    });
    expect(r).toBeNull();
    expect(slices).toBe(2); // 200 of the 2000 steps were computed, not one slice more
    expect(tf.memory().numTensors).toBe(before);
  });
});
