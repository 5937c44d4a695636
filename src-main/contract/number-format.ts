// The one place numbers become text: the app's panels, the CLI's report and the messages of every
// floor use these. Pure; in contract/ because contract/memory.ts and data/ use it as well.

/** What a missing or undefined figure shows as. */
export const MISSING = '–';

/** 3 significant digits; scientific for very small or large magnitudes (the app's panels and nodes). */
export function formatNumber(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return MISSING;
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(digits - 1).replace('e-', 'e−');
  return Number(v.toPrecision(digits)).toString();
}

/** Fixed decimals for columns that line up; 5 significant digits in exponent form from 1e6 up (a diverging loss). */
export function formatFixed(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return MISSING;
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e6) return v.toExponential(4);
  return v.toFixed(digits);
}

/** 1.23e-4 style, for gradient norms spanning many decades. */
export function formatSci(v: number | null | undefined): string {
  if (v === null || v === undefined) return MISSING;
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  return v.toExponential(2);
}

/** A fraction as a percentage with one decimal: 0.9234 → "92.3%". */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
  return `${(v * 100).toFixed(1)}%`;
}

/** A whole count with thousands separators: 60,000. Grouped by hand: a page's first toLocaleString
 * loads the locale data (12–45 ms in Chromium), and a count is often the first number a view shows. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const grouped = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** A file size in bytes, KiB, MiB or GiB. */
export function formatBytes(n: number): string {
  const MiB = 1024 * 1024;
  if (n >= 1024 * MiB) return `${(n / (1024 * MiB)).toFixed(1)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Memory in whole MiB: "1,536 MiB". */
export function formatMiB(bytes: number): string {
  return `${formatCount(Math.round(bytes / (1024 * 1024)))} MiB`;
}

/** A measured time: "1.25 s" under ten seconds, "12.5 s" above. */
export function formatSeconds(s: number): string {
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

/** A time left or taken: "12 s" / "1:05" / "1 h 3 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return MISSING;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
