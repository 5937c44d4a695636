// The path each optimizer takes on a 2-D surface, stepped by the very TF.js optimizer objects the
// trainer builds (trainer/optimizers.ts) on one 2-parameter variable. The gradient is the surface's
// analytic one; the update is TF.js's own applyGradients.
import * as tf from '@tensorflow/tfjs';
import { makeOptimizer } from '../trainer/optimizers';
import { OPTIMIZER_KINDS, type OptimizerKind } from '../contract/training';
import { SURFACES, type Surface, type SurfaceName } from './surfaces';
import type { MethodSpec, OptimizerPath } from '../contract/surface';

export type { MethodSpec, OptimizerPath } from '../contract/surface';

export interface SurfacePaths {
  surface: SurfaceName;
  start: [number, number];
  steps: number;
  paths: OptimizerPath[];
}

/** Defaults that let each method show its character on this surface. */
export function defaultSpec(kind: OptimizerKind, s: Surface): MethodSpec {
  const span = Math.max(s.extent.xMax - s.extent.xMin, s.extent.yMax - s.extent.yMin);
  switch (kind) {
    case 'sgd':
      return { optimizer: { kind }, learningRate: s.sgdLr };
    case 'momentum':
    case 'nesterov':
      return { optimizer: { kind, momentum: 0.9 }, learningRate: s.sgdLr / 2 };
    case 'adagrad':
      return { optimizer: { kind }, learningRate: span / 10 };
    case 'rmsprop':
      return { optimizer: { kind, decay: 0.9 }, learningRate: span / 200 };
    case 'adam':
      return { optimizer: { kind, beta1: 0.9, beta2: 0.999 }, learningRate: span / 40 };
    default: {
      const never: never = kind;
      throw new Error(`unknown optimizer ${String(never)}`);
    }
  }
}

export function defaultSpecs(s: Surface): MethodSpec[] {
  return OPTIMIZER_KINDS.map((k) => defaultSpec(k, s));
}

/** Far outside the map: stop rather than follow x² − y² to infinity. */
function outside(s: Surface, x: number, y: number): boolean {
  const { xMin, xMax, yMin, yMax } = s.extent;
  const w = xMax - xMin;
  const h = yMax - yMin;
  return x < xMin - w || x > xMax + w || y < yMin - h || y > yMax + h;
}

export function optimizerPath(s: Surface, start: [number, number], spec: MethodSpec, steps: number): OptimizerPath {
  // tidy: tf.variable keeps a copy of its initial tensor; the variables are disposed in stepPath.
  let path: OptimizerPath | null = null;
  tf.tidy(() => {
    path = stepPath(s, start, spec, steps);
  });
  return path!;
}

function stepPath(s: Surface, start: [number, number], spec: MethodSpec, steps: number): OptimizerPath {
  const points: [number, number][] = [[start[0], start[1]]];
  const loss = [s.value(start[0], start[1])];
  const stepSize: number[] = [];
  const effectiveLr: number[] = [];
  let stopped: string | null = null;
  const theta = tf.variable(tf.tensor1d(start, 'float32'), true, undefined, 'float32');
  const opt = makeOptimizer(spec.optimizer, spec.learningRate);
  try {
    let [x, y] = Array.from(theta.dataSync()) as [number, number];
    for (let t = 0; t < steps; t++) {
      const g = s.grad(x, y);
      const grad = tf.tensor1d(g, 'float32');
      opt.applyGradients({ [theta.name]: grad });
      grad.dispose();
      const [nx, ny] = Array.from(theta.dataSync()) as [number, number];
      const f = s.value(nx, ny);
      if (!Number.isFinite(nx) || !Number.isFinite(ny) || !Number.isFinite(f)) {
        stopped = `diverged at step ${t + 1}`;
        break;
      }
      const d = Math.hypot(nx - x, ny - y);
      const gn = Math.hypot(g[0], g[1]);
      points.push([nx, ny]);
      loss.push(f);
      stepSize.push(d);
      effectiveLr.push(gn > 0 ? d / gn : 0);
      x = nx;
      y = ny;
      if (outside(s, x, y)) {
        stopped = `left the map at step ${t + 1}`;
        break;
      }
    }
  } finally {
    opt.dispose();
    // MomentumOptimizer.dispose() does not call SGDOptimizer's, which frees the kept −η scalar.
    const k = spec.optimizer.kind;
    if (k === 'momentum' || k === 'nesterov') tf.SGDOptimizer.prototype.dispose.call(opt);
    theta.dispose();
  }
  return { method: spec.optimizer.kind, learningRate: spec.learningRate, optimizer: spec.optimizer, points, loss, stepSize, effectiveLr, stopped };
}

export function surfacePaths(name: SurfaceName, start: [number, number] | null, specs: MethodSpec[] | null, steps: number): SurfacePaths {
  const s = SURFACES[name];
  const from = start ?? s.start;
  const chosen = specs ?? defaultSpecs(s);
  return { surface: name, start: from, steps, paths: chosen.map((spec) => optimizerPath(s, from, spec, steps)) };
}
