// Number formatting for heatmap legends and tooltips.

/** A log10 tick as the magnitude it stands for: 1e-3, 3.2e-4, 1, 10. */
export function tickLabel(log10: number): string {
  if (Math.abs(log10 - Math.round(log10)) < 1e-9) {
    const k = Math.round(log10);
    if (k === 0) return '1';
    if (k === 1) return '10';
    return `1e${k}`;
  }
  const v = 10 ** log10;
  if (v >= 0.01 && v < 1000) return String(Number(v.toPrecision(2)));
  return v.toExponential(1).replace('e+', 'e');
}

export function magnitudeLabel(v: number): string {
  if (Number.isNaN(v)) return 'no value';
  if (v === 0) return '0';
  return v.toExponential(2).replace('e+', 'e');
}

/** Index of the first step number ≥ step in an ascending list (length when none). */
export function indexOfStep(steps: readonly number[], step: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]! < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
