// A run's way through weight space, kept so the loss landscape can project it: the initial weights and
// the weights after each epoch, copied out of the variables (plain Float32Arrays, not tensors). Memory
// is bounded: the initial weights are always kept, and when the snapshots would pass `budgetBytes` every
// other epoch snapshot is dropped and from then on only every 2nd (4th, …) epoch is taken.
import type * as tf from '../layers/tf';

/** Bytes of epoch snapshots one run may keep (the initial weights come on top). */
export const TRAJECTORY_BUDGET_BYTES = 32 * 1024 * 1024;

export interface WeightPoint {
  /** 0: the initial weights */
  epoch: number;
  /** one array per trainable variable, in the compiled graph's order */
  weights: Float32Array[];
}

/** A way through weight space as the loss landscape reads it: a live Trajectory, or one read back from disk (storedPath). */
export interface TrajectoryPath {
  readonly initial: WeightPoint;
  path(): WeightPoint[];
}

/** A path kept elsewhere (a sweep variant's, read back from its folder): `points[0]` is the initial weights. */
export function storedPath(points: WeightPoint[]): TrajectoryPath {
  if (points.length === 0) throw new Error('a stored path needs at least its initial weights');
  const copy = [...points];
  return { initial: copy[0]!, path: () => [...copy] };
}

export class Trajectory implements TrajectoryPath {
  readonly initial: WeightPoint;
  private points: WeightPoint[] = [];
  private stride = 1;
  private readonly bytesPerPoint: number;

  constructor(
    private readonly variables: tf.Variable[],
    private readonly budgetBytes = TRAJECTORY_BUDGET_BYTES,
  ) {
    this.initial = this.read(0);
    this.bytesPerPoint = this.initial.weights.reduce((a, w) => a + w.byteLength, 0);
  }

  private read(epoch: number): WeightPoint {
    return { epoch, weights: this.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array)) };
  }

  /** Keep the weights after `epoch` (when the stride takes it and the budget allows any). */
  capture(epoch: number): void {
    if (this.bytesPerPoint > this.budgetBytes || epoch % this.stride !== 0) return;
    this.points.push(this.read(epoch));
    while (this.points.length * this.bytesPerPoint > this.budgetBytes) {
      this.stride *= 2;
      this.points = this.points.filter((p) => p.epoch % this.stride === 0);
    }
  }

  /** The initial weights and every kept epoch, in order. */
  path(): WeightPoint[] {
    return [this.initial, ...this.points];
  }

  /** The most epoch snapshots this run can keep. */
  get capacity(): number {
    return Math.floor(this.budgetBytes / Math.max(1, this.bytesPerPoint));
  }
}
