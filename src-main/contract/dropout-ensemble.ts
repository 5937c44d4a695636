// The dropout-as-an-ensemble lesson's vocabulary, shared by the API (contract/api.ts), the trainer side
// that measures it (lesson/dropout-ensemble.ts), the CLI and the renderer that draws it. Pure.
import { z } from 'zod';

/** What the hidden layers compute during the measurement: the trained activations, or the same weights
 * with every dense hidden layer's activation replaced (linear: the lesson's case where (a) = (b) exactly). */
export const ENSEMBLE_ACTIVATIONS = ['trained', 'linear', 'relu', 'sigmoid', 'tanh'] as const;
export type EnsembleActivation = (typeof ENSEMBLE_ACTIVATIONS)[number];

/** The largest ensemble size measured (masks per repeat). */
export const MAX_ENSEMBLE_SAMPLES = 4096;
/** Exact enumeration of every mask is done when the network has at most this many dropout units (2^12 masks). */
export const MAX_EXACT_UNITS = 12;

export const DropoutEnsembleOptions = z.strictObject({
  /** ensemble sizes M, each 1..MAX_ENSEMBLE_SAMPLES; measured as prefixes of one sequence of masks per repeat */
  samples: z.array(z.number().int().min(1).max(MAX_ENSEMBLE_SAMPLES)).min(1).max(16),
  /** independent sequences of masks, for the spread */
  repeats: z.number().int().min(1).max(20),
  /** test examples measured (the first ones of the test split) */
  examples: z.number().int().min(1).max(100_000),
  activation: z.enum(ENSEMBLE_ACTIVATIONS),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});
export type DropoutEnsembleOptions = z.infer<typeof DropoutEnsembleOptions>;

export const DEFAULT_ENSEMBLE_OPTIONS: DropoutEnsembleOptions = {
  samples: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  repeats: 3,
  examples: 500,
  activation: 'trained',
  seed: 1,
};

/** A figure over the repeats. */
export interface Spread {
  mean: number;
  min: number;
  max: number;
}

/** Loss and accuracy of one prediction of the whole measured split. */
export interface Scores {
  /** cross-entropy, or MSE for a regression head */
  loss: number;
  /** null for a regression head */
  acc: number | null;
}

/** The ensemble of M thinned networks, over the repeats. */
export interface EnsembleRow {
  samples: number;
  /** softmax of the averaged pre-softmax outputs z (the lesson's "average of the outputs", taken before softmax) */
  meanZ: { loss: Spread; acc: Spread | null };
  /** the average of the M networks' probabilities (the usual ensemble of classifiers); null for regression */
  meanP: { loss: Spread; acc: Spread | null } | null;
  /** the largest |z̄_M − z_scaled| over every example and output */
  maxDiff: Spread;
}

export interface DropoutLayer {
  node: string;
  name: string;
  /** the dropout rate p */
  p: number;
  units: number;
}

export interface DropoutEnsembleView {
  /** which model: the run id (app) or the model folder (CLI) */
  source: string;
  activation: EnsembleActivation;
  /** the activations of the hidden layers as measured (node name → activation) */
  hidden: { node: string; name: string; activation: string }[];
  dropout: DropoutLayer[];
  head: 'softmax' | 'linear';
  split: { name: 'test' | 'validation' | 'training'; examples: number; of: number };
  repeats: number;
  seed: number;
  /** (a): every unit on, no mask: what the trained model predicts at test time */
  scaled: Scores;
  /** (b): the average of M sampled thinned networks, per M */
  rows: EnsembleRow[];
  /** every one of the 2^U masks, weighted by its probability: exactly the ensemble the lesson means;
   * null when U > MAX_EXACT_UNITS (then `exactNote` says why) */
  exact: { masks: number; meanZ: Scores; meanP: Scores | null; maxDiff: number } | null;
  exactNote: string | null;
  /** the training set (first examples): dropout off (as at test) and on (one fresh mask per example, as in training) */
  train: { examples: number; off: Scores; on: { loss: Spread; acc: Spread | null } };
  seconds: number;
}
