// Binning training steps into heatmap columns when there are more steps than pixels.
// Every step lands in exactly one bin (none dropped); a bin's value is the mean of its steps.
// Bins hold a power-of-two number of steps, so when the run grows past the width the bin size
// doubles by merging neighbour pairs exactly — which lets IncrementalBins update live without
// re-reading old steps, and always agree with the pure binSeries. Pure.

/** Steps [start, end) of a series (indices, not step numbers) and how many there are. */
export interface BinRange {
  start: number;
  end: number;
}

/** The smallest power-of-two bin size that fits n steps into at most maxBins bins. */
export function binSize(n: number, maxBins: number): number {
  if (!(maxBins >= 1)) throw new RangeError(`maxBins must be at least 1, got ${maxBins}`);
  let k = 1;
  while (Math.ceil(n / k) > maxBins) k *= 2;
  return k;
}

/** Contiguous ranges covering indices 0…n-1 exactly once, at most maxBins of them. */
export function binRanges(n: number, maxBins: number): BinRange[] {
  const k = binSize(n, maxBins);
  const out: BinRange[] = [];
  for (let start = 0; start < n; start += k) out.push({ start, end: Math.min(n, start + k) });
  return out;
}

/** A binned series: per-bin mean of the usable values, and how many values went into each. */
export interface Binned {
  size: number;
  ranges: BinRange[];
  /** NaN where a bin had no usable value (null / NaN steps) */
  means: Float64Array;
  /** steps per bin (always the range length: every step counts) */
  counts: Uint32Array;
  /** usable (finite or ±∞, non-null, non-NaN) values per bin that the mean is over */
  valid: Uint32Array;
}

function usable(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && !Number.isNaN(v);
}

/** Bin values[0…n-1] (n defaults to values.length) into at most maxBins bins of power-of-two size. */
export function binSeries(values: ArrayLike<number | null>, maxBins: number, n = values.length): Binned {
  return binSeriesBy(n, (i) => values[i], maxBins);
}

/** Same as binSeries, reading value i through `at` (e.g. a folded record read per step). */
export function binSeriesBy(n: number, at: (i: number) => number | null | undefined, maxBins: number): Binned {
  const ranges = binRanges(n, maxBins);
  const means = new Float64Array(ranges.length);
  const counts = new Uint32Array(ranges.length);
  const valid = new Uint32Array(ranges.length);
  ranges.forEach((r, b) => {
    let sum = 0;
    let c = 0;
    for (let i = r.start; i < r.end; i++) {
      const v = at(i);
      if (usable(v)) {
        sum += v;
        c++;
      }
    }
    counts[b] = r.end - r.start;
    valid[b] = c;
    means[b] = c > 0 ? sum / c : NaN;
  });
  return { size: binSize(n, maxBins), ranges, means, counts, valid };
}

/**
 * Live binning of one growing series. update() reads only the values appended since the last
 * call (plus a pairwise merge when the bin size doubles). `dirtyFrom` tells a renderer which
 * bins changed since it last cleared it.
 */
export class IncrementalBins {
  size = 1;
  private sums: number[] = [];
  private valid: number[] = [];
  private counts: number[] = [];
  private seen = 0;
  /** first bin index whose value changed since clearDirty(); Infinity when nothing changed */
  dirtyFrom = Infinity;
  /** true when the bin size changed since clearDirty() (every column moved) */
  resized = false;

  constructor(readonly maxBins: number) {
    if (!(maxBins >= 1)) throw new RangeError(`maxBins must be at least 1, got ${maxBins}`);
  }

  get length(): number {
    return this.counts.length;
  }

  /** Steps consumed so far. */
  get steps(): number {
    return this.seen;
  }

  /** Consume values[seen…n-1]. A series that shrank (a new run) starts over. */
  update(values: ArrayLike<number | null>, n = values.length): void {
    this.updateBy(n, (i) => values[i] ?? null);
  }

  /** Same as update(), reading value i through `at` (e.g. one neuron's column of a matrix). */
  updateBy(n: number, at: (i: number) => number | null | undefined): void {
    if (n < this.seen) this.reset();
    if (n === this.seen) return;
    while (Math.ceil(n / this.size) > this.maxBins) this.double();
    let b = Math.floor(this.seen / this.size);
    this.dirtyFrom = Math.min(this.dirtyFrom, b);
    for (let i = this.seen; i < n; i++) {
      b = Math.floor(i / this.size);
      if (b >= this.counts.length) {
        this.sums.push(0);
        this.valid.push(0);
        this.counts.push(0);
      }
      const v = at(i);
      this.counts[b]!++;
      if (usable(v)) {
        this.sums[b]! += v;
        this.valid[b]!++;
      }
    }
    this.seen = n;
  }

  mean(b: number): number {
    const c = this.valid[b] ?? 0;
    return c > 0 ? this.sums[b]! / c : NaN;
  }

  count(b: number): number {
    return this.counts[b] ?? 0;
  }

  range(b: number): BinRange {
    return { start: b * this.size, end: Math.min(this.seen, (b + 1) * this.size) };
  }

  clearDirty(): void {
    this.dirtyFrom = Infinity;
    this.resized = false;
  }

  reset(): void {
    this.size = 1;
    this.sums = [];
    this.valid = [];
    this.counts = [];
    this.seen = 0;
    this.dirtyFrom = 0;
    this.resized = true;
  }

  private double(): void {
    const pairs = Math.ceil(this.counts.length / 2);
    const merge = (a: number[]): number[] => Array.from({ length: pairs }, (_, j) => (a[2 * j] ?? 0) + (a[2 * j + 1] ?? 0));
    this.sums = merge(this.sums);
    this.valid = merge(this.valid);
    this.counts = merge(this.counts);
    this.size *= 2;
    this.dirtyFrom = 0;
    this.resized = true;
  }
}

/** Index of the bin holding series index i, for a bin size. */
export function binOf(i: number, size: number): number {
  return Math.floor(i / size);
}
