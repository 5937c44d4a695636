// Number formatting for heatmap legends and tooltips.

/** A log10 tick as the magnitude it stands for: 1e-3, 3.2e-4, 1, 10 (d3-format, in colour-scale.ts). */
export { logTickLabel as tickLabel } from '../../src-main/analysis/colour-scale';

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
