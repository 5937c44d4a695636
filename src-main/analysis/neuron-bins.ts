// The per-neuron gradient series of a run, held in bounded memory while it grows: columns of a
// power-of-two number of steps (the heatmap's binning, so every step counts in exactly one column),
// at most `maxColumns` of them. When the columns fill up, neighbour pairs merge exactly (means
// weighted by their usable counts) and the column size doubles. The steps of the column still
// filling are summed apart (O(units) memory) and become a column when it is full, or when the run
// ends (flush). The columns are the project file's `neuronBins`, so what is shown live is what is
// saved. Pure; the record's column object is filled in place (append-only, the views read it
// without copying).

/** The project file's per-neuron form: the last step number of each column, and per column the mean per neuron. */
export interface NeuronColumns {
  steps: number[];
  values: number[][];
}

export class NeuronAccumulator {
  /** steps per finished column */
  size = 1;
  /** per finished column, per neuron: how many finite values its mean is over */
  private valid: Uint32Array[] = [];
  private pendingSum: Float64Array;
  private pendingValid: Uint32Array;
  private pendingCount = 0;
  private pendingStep = 0;

  constructor(
    readonly units: number,
    readonly maxColumns: number,
    readonly out: NeuronColumns = { steps: [], values: [] },
  ) {
    if (!(maxColumns >= 2)) throw new RangeError(`maxColumns must be at least 2, got ${maxColumns}`);
    this.pendingSum = new Float64Array(units);
    this.pendingValid = new Uint32Array(units);
  }

  /** Steps taken in so far (finished columns and the one filling). */
  get steps(): number {
    return this.out.values.length * this.size + this.pendingCount;
  }

  /** One step's per-neuron values (missing or non-finite ones count as steps, not in the means). */
  add(step: number, values: readonly number[]): void {
    if (this.pendingCount === 0 && this.out.values.length >= this.maxColumns) this.double();
    for (let j = 0; j < this.units; j++) {
      const v = values[j];
      if (v !== undefined && Number.isFinite(v)) {
        this.pendingSum[j]! += v;
        this.pendingValid[j]!++;
      }
    }
    this.pendingCount++;
    this.pendingStep = step;
    if (this.pendingCount === this.size) this.closePending();
  }

  /** The column still filling becomes a (shorter) last column: the run has ended. */
  flush(): void {
    if (this.pendingCount > 0) this.closePending();
  }

  /** The columns with the one still filling appended, as a new object (for saving a run not yet ended). */
  snapshot(): NeuronColumns {
    const steps = [...this.out.steps];
    const values = [...this.out.values];
    if (this.pendingCount > 0) {
      steps.push(this.pendingStep);
      values.push(this.pendingMeans());
    }
    return { steps, values };
  }

  private pendingMeans(): number[] {
    return Array.from(this.pendingSum, (s, j) => (this.pendingValid[j]! > 0 ? s / this.pendingValid[j]! : NaN));
  }

  private closePending(): void {
    this.out.values.push(this.pendingMeans());
    this.out.steps.push(this.pendingStep);
    this.valid.push(this.pendingValid);
    this.pendingSum = new Float64Array(this.units);
    this.pendingValid = new Uint32Array(this.units);
    this.pendingCount = 0;
  }

  /** Merge neighbour pairs of columns; an unpaired last column becomes the one filling. */
  private double(): void {
    const { values, steps } = this.out;
    const pairs = Math.floor(values.length / 2);
    const merged: number[][] = [];
    const mergedValid: Uint32Array[] = [];
    const mergedSteps: number[] = [];
    for (let p = 0; p < pairs; p++) {
      const a = values[2 * p]!;
      const b = values[2 * p + 1]!;
      const va = this.valid[2 * p]!;
      const vb = this.valid[2 * p + 1]!;
      const v = new Uint32Array(this.units);
      const m = new Array<number>(this.units);
      for (let j = 0; j < this.units; j++) {
        const n = va[j]! + vb[j]!;
        v[j] = n;
        m[j] = n > 0 ? ((va[j]! > 0 ? a[j]! * va[j]! : 0) + (vb[j]! > 0 ? b[j]! * vb[j]! : 0)) / n : NaN;
      }
      merged.push(m);
      mergedValid.push(v);
      mergedSteps.push(steps[2 * p + 1]!);
    }
    if (values.length % 2 === 1) {
      const last = values.length - 1;
      const lv = this.valid[last]!;
      for (let j = 0; j < this.units; j++) {
        this.pendingSum[j] = lv[j]! > 0 ? values[last]![j]! * lv[j]! : 0;
        this.pendingValid[j] = lv[j]!;
      }
      this.pendingCount = this.size;
      this.pendingStep = steps[last]!;
    }
    // refill the record's arrays in place: the record keeps pointing at the same object
    values.length = 0;
    steps.length = 0;
    values.push(...merged);
    steps.push(...mergedSteps);
    this.valid = mergedValid;
    this.size *= 2;
  }
}
