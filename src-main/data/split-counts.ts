// How many samples each split gets: one pure formula shared by the loader (split.ts) and the editor's
// dataset summary, so the numbers a user reads before training are the ones the trainer uses.

export interface SplitCounts {
  train: number;
  val: number;
  test: number;
}

/**
 * `n` training-file samples; `testFile` is the size of a separate test file (IDX t10k), or null when the
 * test set is split off the training samples by `testSplit`. Validation is always split off.
 */
export function splitCounts(n: number, testFile: number | null, validationSplit: number, testSplit: number): SplitCounts {
  const test = testFile === null ? Math.round(n * testSplit) : 0;
  const val = Math.round(n * validationSplit);
  return { train: n - test - val, val, test: testFile ?? test };
}
