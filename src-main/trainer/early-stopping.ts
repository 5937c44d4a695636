// Early stopping on a validation metric, and a copy of the best weights to restore.
import * as tf from '../layers/tf';

export interface EarlyStoppingOptions {
  monitor: 'val_loss' | 'val_acc';
  /** stop after this many epochs in a row without improvement (Keras's meaning) */
  patience: number;
}

export type EarlyStopVerdict = 'improved' | 'wait' | 'stop';

/** Tracks the monitored metric epoch by epoch. A NaN/missing value never counts as an improvement. */
export class EarlyStopper {
  bestEpoch: number | null = null;
  best: number | null = null;
  private waited = 0;

  constructor(readonly options: EarlyStoppingOptions) {}

  update(epoch: number, metrics: { valLoss: number | null; valAcc: number | null }): EarlyStopVerdict {
    const value = this.options.monitor === 'val_loss' ? metrics.valLoss : metrics.valAcc;
    const better =
      value !== null && Number.isFinite(value) && (this.best === null || (this.options.monitor === 'val_loss' ? value < this.best : value > this.best));
    if (better) {
      this.best = value;
      this.bestEpoch = epoch;
      this.waited = 0;
      return 'improved';
    }
    this.waited++;
    return this.waited >= this.options.patience ? 'stop' : 'wait';
  }
}

/** A kept copy of some variables' values. Replace with `capture`, put back with `restore`, free with `dispose`. */
export class WeightSnapshot {
  private copies: tf.Tensor[] | null = null;

  constructor(private readonly variables: tf.Variable[]) {}

  get held(): boolean {
    return this.copies !== null;
  }

  capture(): void {
    this.dispose();
    this.copies = this.variables.map((v) => tf.keep(v.clone()));
  }

  /** Writes the kept values back into the variables; false when nothing was captured. */
  restore(): boolean {
    if (!this.copies) return false;
    this.variables.forEach((v, i) => v.assign(this.copies![i]!));
    return true;
  }

  dispose(): void {
    this.copies?.forEach((t) => t.dispose());
    this.copies = null;
  }
}
