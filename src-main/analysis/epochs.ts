// A run's epochs in epoch order, read once per epoch list: the trainer sends them in order, so the
// list itself is returned when it is sorted (no copy), and the answer is kept per list (a live run's
// views and diagnosis ask for it many times between two epochs). Pure apart from the cache, which
// holds no list alive.
import type { KeptEpoch } from '../contract/project';

const sorted = new WeakMap<readonly KeptEpoch[], readonly KeptEpoch[]>();

export function epochsInOrder(epochs: readonly KeptEpoch[]): readonly KeptEpoch[] {
  const known = sorted.get(epochs);
  if (known) return known;
  let inOrder = true;
  for (let i = 1; i < epochs.length && inOrder; i++) inOrder = epochs[i]!.epoch > epochs[i - 1]!.epoch;
  const out = inOrder ? epochs : [...epochs].sort((a, b) => a.epoch - b.epoch);
  sorted.set(epochs, out);
  return out;
}
