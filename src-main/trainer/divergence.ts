// When a run has diverged: the loss is not a finite number, or it has grown to DIVERGENCE_FACTOR times
// its running minimum. The minimum is counted as at least MIN_FLOOR of the first step's loss, so a
// loss that got very close to 0 can still bounce a little without being called divergence. Same rule
// for every optimizer. Pure.
export const DIVERGENCE_FACTOR = 1000;
export const MIN_FLOOR = 0.01;

export class DivergenceWatch {
  private first: number | null = null;
  private min = Infinity;

  /** null while the run is fine; else why it diverged, in words. */
  check(loss: number): string | null {
    if (!Number.isFinite(loss)) return `the loss became ${loss}`;
    if (this.first === null) this.first = Math.abs(loss);
    this.min = Math.min(this.min, loss);
    const base = Math.max(this.min, this.first * MIN_FLOOR);
    if (base > 0 && loss > DIVERGENCE_FACTOR * base) {
      return `the loss grew to ${loss.toPrecision(3)}, over ${DIVERGENCE_FACTOR}× its lowest value so far (${base.toPrecision(3)})`;
    }
    return null;
  }
}
