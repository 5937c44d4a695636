// Table and bar layout for the human-readable CLI report (numbers: contract/number-format.ts).
import { formatSci } from '../contract/number-format';

/** Columns left-aligned where `left` says so (default: the first only), the others right-aligned. */
export function table(header: string[], rows: string[][], left: number[] = [0]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Bars on a log10 scale shared by all values: one cell per tenth of a decade of the span shown. */
export function logBars(values: number[], width = 32): { bars: string[]; scale: string } {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { bars: values.map(() => ''), scale: '' };
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.max(Math.ceil(Math.log10(Math.max(...positive))), lo + 1);
  const bars = values.map((v) => {
    if (!(v > 0) || !Number.isFinite(v)) return '';
    const n = Math.max(1, Math.round(((Math.log10(v) - lo) / (hi - lo)) * width));
    return '█'.repeat(n);
  });
  return { bars, scale: `log scale: bar length spans 1e${lo} … 1e${hi}` };
}

/** first / last: "first hidden layer's gradient is 1.2e-4 of the last's". */
export function ratioLine(layers: { name: string; hidden: boolean; value: number }[]): { ratio: number; text: string } | null {
  const hidden = layers.filter((l) => l.hidden);
  if (hidden.length < 2) return null;
  const first = hidden[0]!;
  const last = hidden[hidden.length - 1]!;
  const ratio = first.value / last.value;
  const decades = Math.log10(ratio);
  const hint =
    decades < -2
      ? ` — the gradient vanishes toward the input (${Math.abs(decades).toFixed(1)} orders of magnitude)`
      : decades > 2
        ? ' — the gradient grows toward the input (exploding)'
        : ' — the gradient reaches the first layers';
  return { ratio, text: `first/last hidden-layer gradient ratio: ${formatSci(ratio)} (${first.name} / ${last.name})${hint}` };
}
