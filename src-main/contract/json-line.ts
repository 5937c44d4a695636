// The CLI's --json output: one JSON value per line. JSON has no NaN or Infinity, and writing them as
// null would turn a number field into something else without a word; so a non-finite number is written
// as the string "NaN", "Infinity" or "-Infinity" (Python's float() and JS's Number() read those back).
// Every number field of the TrainerEvent union may therefore hold a WireNumber on the wire. Pure.

export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** JSON text of a value with non-finite numbers spelled out as strings. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/** A wire number back to a number (NaN for anything else). */
export function fromWire(v: WireNumber | null | undefined): number {
  return typeof v === 'number' ? v : v === undefined || v === null ? NaN : Number(v);
}
