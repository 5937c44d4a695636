// Colours and dashes that tell overlaid runs apart (colour-blind-friendly hues).
export const RUN_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'] as const;

export function runColour(i: number): string {
  return RUN_COLOURS[((i % RUN_COLOURS.length) + RUN_COLOURS.length) % RUN_COLOURS.length]!;
}

/** Dash of the validation line; training is solid. */
export const VAL_DASH = [6, 4];

/** Training and validation of one run shown alone: two hues that differ in colour, not only in dash. */
export const TRAIN_COLOUR = '#1f77b4';
export const VAL_COLOUR = '#e8710a';

/** The validation colour of an overlaid run: its run colour darkened, so train and validation differ in colour too. */
export function valColourOf(runColour: string): string {
  const n = parseInt(runColour.slice(1), 16);
  const d = (c: number) => Math.round(c * 0.55);
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => d(c).toString(16).padStart(2, '0')).join('')}`;
}

/** The training and validation line colours of a run: two hues when it is shown alone, its own hue and a darker one when overlaid. */
export function curveColours(runColour: string, overlaid: boolean): { train: string; val: string } {
  return overlaid ? { train: runColour, val: valColourOf(runColour) } : { train: TRAIN_COLOUR, val: VAL_COLOUR };
}
