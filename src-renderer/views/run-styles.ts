// Colours and dashes that tell overlaid runs apart (colour-blind-friendly hues).
export const RUN_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'] as const;

export function runColour(i: number): string {
  return RUN_COLOURS[((i % RUN_COLOURS.length) + RUN_COLOURS.length) % RUN_COLOURS.length]!;
}

/** Dash of the validation line; training is solid. */
export const VAL_DASH = [6, 4];
