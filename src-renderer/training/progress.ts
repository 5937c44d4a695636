// Progress of a run: epoch, step within the epoch, latest loss and an ETA. Pure.
import type { RunRecord } from '../../src-main/contract/project';

export interface RunShape {
  stepsPerEpoch: number;
  epochs: number;
}

export interface Progress {
  /** 1-based epoch the latest step belongs to (0 before the first step) */
  epoch: number;
  epochs: number;
  /** step within the current epoch, 1-based */
  step: number;
  stepsPerEpoch: number;
  /** global steps done */
  done: number;
  total: number;
  /** 0…1 */
  fraction: number;
  loss: number | null;
  /** seconds left at the pace so far; null until there is a pace */
  etaSeconds: number | null;
}

export function progressOf(run: RunRecord | null, shape: RunShape | null, activeSeconds: number): Progress | null {
  if (!run || !shape) return null;
  const { stepsPerEpoch, epochs } = shape;
  const done = run.steps.step.at(-1) ?? 0;
  const total = Math.max(1, stepsPerEpoch * epochs);
  const fraction = Math.min(1, done / total);
  const epoch = done === 0 ? 0 : Math.ceil(done / Math.max(1, stepsPerEpoch));
  const step = done === 0 ? 0 : done - (epoch - 1) * stepsPerEpoch;
  const loss = run.steps.loss.at(-1) ?? null;
  const etaSeconds = done > 0 && activeSeconds > 0 && fraction < 1 ? (activeSeconds / done) * (total - done) : fraction >= 1 ? 0 : null;
  return { epoch, epochs, step, stepsPerEpoch, done, total, fraction, loss, etaSeconds };
}
