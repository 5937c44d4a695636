// The learned-activations lesson view's vocabulary: what the trainer (or `gradscope activations`)
// computes for each Maxout, PReLU, Leaky ReLU and ELU layer of a trained model, and the renderer draws.
// Types and name lists only; the maths is in analysis/activation-shapes.ts.

/** The line through the layer's input space a Maxout unit is drawn along: through the mean validation
 * input, along the unit's own first piece's weight vector, or the input's first principal direction. */
export const LINE_DIRECTIONS = ['own', 'pca'] as const;
export type LineDirection = (typeof LINE_DIRECTIONS)[number];

/** A Maxout unit's shape along the line, in the gallery's order. */
export const UNIT_SHAPES = ['relu-like', 'abs-like', 'convex-3+', 'bent', 'linear'] as const;
export type UnitShape = (typeof UNIT_SHAPES)[number];

export const SHAPE_WORDS: Record<UnitShape, string> = {
  'relu-like': 'ReLU-like (one piece flat)',
  'abs-like': 'absolute-value-like (slopes of opposite sign, similar size)',
  'convex-3+': 'convex, 3 or more pieces',
  bent: 'two pieces with a bend (leaky-ReLU-like)',
  linear: 'linear (one piece wins along the whole line)',
};

/** One linear piece along the line: value = intercept + slope · t. */
export interface PieceLine {
  slope: number;
  intercept: number;
  /** fraction of the validation samples (full inputs, not just the line) in which this piece is the max */
  share: number;
}

/** The part of the line [from, to] over which `piece` is the max. */
export interface EnvelopeSegment {
  piece: number;
  from: number;
  to: number;
}

export interface MaxoutUnitView {
  unit: number;
  pieces: PieceLine[];
  /** the max of the pieces along the line, left to right */
  envelope: EnvelopeSegment[];
  shape: UnitShape;
  /** the range of t drawn: the validation inputs' projections on the line (2nd to 98th percentile), 0 included */
  tRange: [number, number];
}

export interface MaxoutLayerView {
  kind: 'maxout';
  node: string;
  name: string;
  units: number;
  pieces: number;
  direction: LineDirection;
  /** what the line is, in words (e.g. the share of input variance the principal direction explains) */
  directionNote: string;
  unitViews: MaxoutUnitView[];
  shapeCounts: Record<UnitShape, number>;
}

export type FixedAlphaKind = 'prelu' | 'leaky_relu' | 'elu';

export interface AlphaLayerView {
  kind: FixedAlphaKind;
  node: string;
  name: string;
  units: number;
  /** α per neuron: PReLU's learned ones; Leaky ReLU and ELU have one α for the whole layer (repeated) */
  alpha: number[];
  /** per neuron, the fraction of validation samples whose pre-activation is negative (where α acts) */
  negativeShare: number[];
  /** the pre-activations' range on the validation samples (2nd to 98th percentile), 0 included */
  zRange: [number, number];
}

export type ActivationLayerView = MaxoutLayerView | AlphaLayerView;

export interface ActivationsView {
  /** the run id (app) or the model folder (CLI) */
  source: string;
  /** which samples the layer inputs come from */
  samples: { split: 'validation' | 'training'; n: number };
  layers: ActivationLayerView[];
  /** the layers of the model that have a learned or parametrised activation, by node id and name (for a layer picker) */
  available: { node: string; name: string; kind: 'maxout' | FixedAlphaKind }[];
}
