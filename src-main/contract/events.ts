// What the trainer reports, and what it is told. Discriminated unions on `type`. Pure.
// In the CLI's --json stream a non-finite number (a diverged loss) is written as "NaN" / "Infinity" /
// "-Infinity" (see json-line.ts): JSON has no such numbers.
import type { TrainingConfig } from './training';
import type { RegionsSnapshot } from './regions';

export type LayerKind = 'dense' | 'maxout' | 'output';

/** One layer that owns a kernel, in graph order (input side first). Step and epoch records index-align with these. */
export interface LayerInfo {
  node: string;
  name: string;
  kind: LayerKind;
  units: number;
  activation: string;
  /** false for the output layer */
  hidden: boolean;
  hasBias: boolean;
  /** PReLU: α is learned per neuron */
  hasAlpha: boolean;
}

/** Gradient magnitudes of one layer at one optimizer step. */
export interface LayerGrad {
  kernelNorm: number;
  kernelMeanAbs: number;
  biasNorm: number | null;
  biasMeanAbs: number | null;
  alphaNorm: number | null;
  alphaMeanAbs: number | null;
  /** per output neuron: mean |∂L/∂w| over its incoming weights (Maxout: over all its pieces) */
  neuronMeanAbs: number[];
}

export interface StepRecord {
  /** global step, 1-based */
  step: number;
  /** 1-based */
  epoch: number;
  loss: number;
  /** null for regression */
  acc: number | null;
  layers: LayerGrad[];
}

export interface Histogram {
  min: number;
  max: number;
  counts: number[];
}

export interface LayerWeightStats {
  node: string;
  histogram: Histogram;
  kernelNorm: number;
  kernelMeanAbs: number;
  /** fraction of kernel weights with |w| < 1e-3 (L1 drives this up) */
  nearZeroFraction: number;
  /** PReLU only; histogram: the learned α of the layer's neurons at this epoch (absent in runs saved before it was kept) */
  alpha: { mean: number; min: number; max: number; histogram?: Histogram } | null;
  /** ReLU only: fraction of neurons that output 0 on every sample of a fixed probe batch */
  deadFraction: number | null;
}

/** What a hidden layer computes on the validation sample at an epoch's end (inference, no dropout). */
export interface LayerActivationStats {
  node: string;
  /** pre-activations z = x·W + b (Maxout: every piece), over every unit and sample */
  pre: Histogram;
  /** the layer's outputs (activations), over every unit and sample */
  post: Histogram;
  /** 'bounds': sigmoid / tanh, the fraction of outputs within SATURATION_MARGIN of the activation's bounds;
   * 'dead': ReLU, the fraction of units that output 0 on every sample; null: the activation does not saturate */
  saturation: 'bounds' | 'dead' | null;
  saturated: number | null;
  /** how many samples were measured */
  samples: number;
}

/** sigmoid / tanh outputs this close to a bound (0 or 1; −1 or 1) count as saturated. */
export const SATURATION_MARGIN = 0.02;

/** Losses are the head's loss: cross-entropy, or for regression the MSE in the target's own units
 * (the trainer fits a standardised target; every figure it reports is scaled back). */
export interface EpochRecord {
  /** 1-based */
  epoch: number;
  /** the training set measured at the epoch's final weights in inference mode (dropout off), on trainSamples samples */
  trainLoss: number;
  trainAcc: number | null;
  /** how many training samples trainLoss/trainAcc were measured on (a fixed subset for large sets); absent in runs saved before it was measured */
  trainSamples?: number;
  /** mean of the minibatch losses/accuracies during the epoch (weights changing, dropout on); absent in older saved runs */
  runningLoss?: number;
  runningAcc?: number | null;
  valLoss: number | null;
  valAcc: number | null;
  /** regression: 1 − MSE / MSE of always predicting the training targets' mean; null for classification
   * (absent in runs saved before it existed) */
  trainR2?: number | null;
  valR2?: number | null;
  weights: LayerWeightStats[];
  /** hidden layers' pre-activations, activations and saturation on the validation sample; absent in runs saved before it was measured */
  activations?: LayerActivationStats[];
  seconds: number;
}

export interface TestResult {
  /** cross-entropy, or regression MSE in the target's own units */
  loss: number;
  acc: number | null;
  /** regression: mean absolute error in the target's own units; null for classification */
  mae?: number | null;
  /** regression: 1 − MSE / MSE of always predicting the training targets' mean; null for classification */
  r2?: number | null;
}

export type FinishReason = 'completed' | 'stopped' | 'early_stopped' | 'diverged' | 'error';

export type TrainerEvent =
  | {
      type: 'started';
      runId: string;
      backend: string;
      layers: LayerInfo[];
      inputDim: number;
      /** number of classes; null for regression */
      classes: number | null;
      samples: { train: number; val: number; test: number };
      /** how many training samples are measured after every epoch (all of them, or a fixed subset of a large set) */
      trainEvalSamples: number;
      stepsPerEpoch: number;
      epochs: number;
      config: TrainingConfig;
    }
  | { type: 'steps'; runId: string; steps: StepRecord[] }
  | ({ type: 'epoch'; runId: string } & EpochRecord)
  /** the decision-regions picture (2 features with classes, or 1 feature with a number): a few times a second at most */
  | { type: 'regions'; runId: string; regions: RegionsSnapshot }
  | { type: 'paused'; runId: string }
  | { type: 'resumed'; runId: string }
  | { type: 'early_stop'; runId: string; epoch: number; bestEpoch: number; restored: boolean }
  | { type: 'diverged'; runId: string; epoch: number; step: number; loss: number; message: string }
  /** fatal: the backend failed and the trainer process is replaced before the next run */
  | { type: 'error'; runId: string; message: string; fatal?: boolean }
  | {
      type: 'finished';
      runId: string;
      reason: FinishReason;
      epochs: number;
      /** the epoch with the best monitored validation figure; null without validation data */
      bestEpoch: number | null;
      /** the epoch whose weights the final model holds (tested and exported): bestEpoch when restore-best
       * is on, else the last; null when no epoch finished */
      modelEpoch?: number | null;
      test: TestResult | null;
    };

export type TrainerEventType = TrainerEvent['type'];

// The one exhaustiveness check lives in ./never; re-exported for the modules that import it from here.
export { assertNever } from './never';
