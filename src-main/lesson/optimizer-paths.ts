// The path each optimizer takes on a 2-D surface, stepped by TF.js's own optimizer classes as the
// trainer builds them (trainer/optimizers.ts stockOptimizer) on one 2-parameter variable. The gradient
// is the surface's analytic one; the update is TF.js's own applyGradients.
import * as tf from '../layers/tf';
import { stockOptimizer } from '../trainer/optimizers';
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

/** One path being stepped: its variable and optimizer live until `finish()`; `advance` runs steps synchronously. */
class PathStepper {
  private readonly points: [number, number][];
  private readonly loss: number[];
  private readonly stepSize: number[] = [];
  private readonly effectiveLr: number[] = [];
  private stopped: string | null = null;
  private done = 0;
  private x: number;
  private y: number;
  private readonly theta: tf.Variable;
  private readonly opt: tf.Optimizer;

  constructor(
    private readonly s: Surface,
    start: [number, number],
    private readonly spec: MethodSpec,
    readonly steps: number,
  ) {
    this.points = [[start[0], start[1]]];
    this.loss = [s.value(start[0], start[1])];
    // tidy: tf.variable keeps a copy of its initial tensor; the variable itself is disposed in finish()
    this.theta = tf.tidy(() => tf.variable(tf.tensor1d(start, 'float32'), true, undefined, 'float32'));
    // TF.js's own optimizer classes (tf.train), as the trainer builds them on every backend but wasm-native
    this.opt = stockOptimizer(spec.optimizer, spec.learningRate);
    [this.x, this.y] = Array.from(this.theta.dataSync()) as [number, number];
  }

  get finished(): boolean {
    return this.stopped !== null || this.done >= this.steps;
  }

  /** Up to `n` more steps (fewer when the path diverges or leaves the map). */
  advance(n: number): void {
    const { s, theta, opt } = this;
    const end = Math.min(this.steps, this.done + n);
    tf.tidy(() => {
      while (this.done < end && this.stopped === null) {
        const t = this.done++;
        const g = s.grad(this.x, this.y);
        const grad = tf.tensor1d(g, 'float32');
        opt.applyGradients({ [theta.name]: grad });
        grad.dispose();
        const [nx, ny] = Array.from(theta.dataSync()) as [number, number];
        const f = s.value(nx, ny);
        if (!Number.isFinite(nx) || !Number.isFinite(ny) || !Number.isFinite(f)) {
          this.stopped = `diverged at step ${t + 1}`;
          break;
        }
        const d = Math.hypot(nx - this.x, ny - this.y);
        const gn = Math.hypot(g[0], g[1]);
        this.points.push([nx, ny]);
        this.loss.push(f);
        this.stepSize.push(d);
        this.effectiveLr.push(gn > 0 ? d / gn : 0);
        this.x = nx;
        this.y = ny;
        if (outside(s, nx, ny)) this.stopped = `left the map at step ${t + 1}`;
      }
    });
  }

  /** Frees the variable and the optimizer's state; returns the path so far. */
  finish(): OptimizerPath {
    if (!this.freed) this.free();
    const { spec, points, loss, stepSize, effectiveLr, stopped } = this;
    return { method: spec.optimizer.kind, learningRate: spec.learningRate, optimizer: spec.optimizer, points, loss, stepSize, effectiveLr, stopped };
  }

  private freed = false;

  private free(): void {
    this.freed = true;
    // stockOptimizer's dispose also frees the −η scalar tf.train.momentum forgets
    this.opt.dispose();
    this.theta.dispose();
  }
}

export interface Slicing {
  /** steps per slice */
  sliceSteps: number;
  /** awaited between slices (lets a worker read a cancel message) */
  between: () => Promise<void>;
  /** aborted: stop after the current slice and answer null */
  signal?: AbortSignal;
}

/** The path of one method, all at once. */
export function optimizerPath(s: Surface, start: [number, number], spec: MethodSpec, steps: number): OptimizerPath;
/** The path in slices, awaiting `between` after each; null when `signal` was aborted. */
export function optimizerPath(s: Surface, start: [number, number], spec: MethodSpec, steps: number, slicing: Slicing): Promise<OptimizerPath | null>;
export function optimizerPath(
  s: Surface,
  start: [number, number],
  spec: MethodSpec,
  steps: number,
  slicing?: Slicing,
): OptimizerPath | Promise<OptimizerPath | null> {
  const stepper = new PathStepper(s, start, spec, steps);
  if (!slicing) {
    try {
      stepper.advance(steps);
    } finally {
      stepper.finish();
    }
    return stepper.finish();
  }
  return (async () => {
    try {
      while (!stepper.finished) {
        if (slicing.signal?.aborted) return null;
        stepper.advance(slicing.sliceSteps);
        await slicing.between();
      }
      return slicing.signal?.aborted ? null : stepper.finish();
    } finally {
      stepper.finish();
    }
  })();
}

export function surfacePaths(name: SurfaceName, start: [number, number] | null, specs: MethodSpec[] | null, steps: number): SurfacePaths {
  const s = SURFACES[name];
  const from = start ?? s.start;
  const chosen = specs ?? defaultSpecs(s);
  return { surface: name, start: from, steps, paths: chosen.map((spec) => optimizerPath(s, from, spec, steps)) };
}
