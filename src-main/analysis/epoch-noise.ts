// Whether a regression's validation/training loss gap is real or the epoch-to-epoch noise of a loss at
// its floor: a gap counts only when it holds over the last few epochs, not when one epoch jumps. Pure.
import type { RunRecord } from '../contract/project';
import { epochsInOrder } from './epochs';

/** True when validation loss exceeds training loss × `ratio` in each of the last `span` epochs that have both. */
export function persistentLossGap(run: RunRecord, ratio: number, span = 3): boolean {
  const last = epochsInOrder(run.epochs)
    .filter((e) => e.valLoss !== null && Number.isFinite(e.valLoss) && Number.isFinite(e.trainLoss))
    .slice(-span);
  return last.length > 0 && last.every((e) => e.valLoss! > e.trainLoss * ratio);
}
