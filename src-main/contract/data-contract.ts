// The data contract of a trained model: how raw rows become the model's input and how its output
// reads back as labels or numbers. Exported in model.json's userDefinedMetadata.gradscope.dataContract,
// applied by `gradscope predict`, and read by other exporters (PyTorch). Pure.
//
// Input:  x_model[j] = (x_raw[features[j]] − input.mean[j]) / input.std[j]   (input.kind 'standardise')
//         x_model[j] = x_raw[features[j]] / input.divisor                     (input.kind 'divide', e.g. pixels / 255)
//         x_model[j] = x_raw[features[j]]                                     (input.kind 'none')
// Output: classification — output index i is the probability of class names[i];
//         regression     — y_raw = y_model · target.std + target.mean         (target null: y_raw = y_model)
import { z } from 'zod';
import type { TestResult } from './events';
import type { Graph } from './graph';
import type { TrainingConfig } from './training';

export const DATA_CONTRACT_VERSION = 1;

export const InputScaling = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** z-scoring fitted on the training split; one mean and std per feature, in feature order */
  z.strictObject({ kind: z.literal('standardise'), mean: z.array(z.number()), std: z.array(z.number().positive()) }),
  /** every feature divided by the same number (image pixels: 255) */
  z.strictObject({ kind: z.literal('divide'), divisor: z.number().positive() }),
]);
export type InputScaling = z.infer<typeof InputScaling>;

export const TargetContract = z.discriminatedUnion('task', [
  z.strictObject({
    task: z.literal('classification'),
    /** the label column (CSV) or a description of where labels come from */
    label: z.string(),
    /** class names in output order: output i is class names[i] */
    classes: z.array(z.string()).min(2),
  }),
  z.strictObject({
    task: z.literal('regression'),
    label: z.string(),
    /** the model predicts (y − mean) / std; null when the target was not scaled */
    scaling: z.strictObject({ mean: z.number(), std: z.number().positive() }).nullable(),
  }),
]);
export type TargetContract = z.infer<typeof TargetContract>;

export const DataContract = z.strictObject({
  version: z.literal(DATA_CONTRACT_VERSION),
  /** one line naming the data the model was trained on */
  source: z.string(),
  /** feature (column) names in the model's input order */
  features: z.array(z.string()).min(1),
  input: InputScaling,
  target: TargetContract,
});
export type DataContract = z.infer<typeof DataContract>;

/** What Gradscope writes under userDefinedMetadata.gradscope in model.json (CLI and app alike). */
export interface ExportMetadata {
  /** the preset or project name (CLI), or the run id (app) */
  label: string;
  graph: Graph;
  training: TrainingConfig;
  /** test metrics of the exported weights (regression figures in the target's own units) */
  test: TestResult | null;
  /** epochs trained */
  epochs: number;
  /** the epoch whose weights were exported (the best one when restore-best is on) */
  modelEpoch: number | null;
  /** null only for data given in memory without one (tests) */
  dataContract: DataContract | null;
}

/** Read the data contract out of a model.json's userDefinedMetadata; a message naming what is wrong otherwise. */
export function readDataContract(userDefinedMetadata: unknown): { ok: true; contract: DataContract } | { ok: false; error: string } {
  const g = (userDefinedMetadata as { gradscope?: { dataContract?: unknown } } | undefined)?.gradscope;
  if (!g || g.dataContract === undefined || g.dataContract === null)
    return { ok: false, error: 'has no data contract (userDefinedMetadata.gradscope.dataContract); export it again with this version of Gradscope' };
  const r = DataContract.safeParse(g.dataContract);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, error: `data contract ${i.path.join('.') || '(root)'}: ${i.message}` };
  }
  const c = r.data;
  if (c.input.kind === 'standardise' && (c.input.mean.length !== c.features.length || c.input.std.length !== c.features.length))
    return { ok: false, error: `data contract: ${c.features.length} features but ${c.input.mean.length} means and ${c.input.std.length} standard deviations` };
  return { ok: true, contract: c };
}

/** Turn raw feature values (in contract feature order) into the model's input. */
export function scaleInput(input: InputScaling, raw: ArrayLike<number>, out: Float32Array, offset = 0): void {
  const d = raw.length;
  for (let j = 0; j < d; j++) {
    const v = raw[j]!;
    switch (input.kind) {
      case 'none':
        out[offset + j] = v;
        break;
      case 'standardise':
        out[offset + j] = (v - input.mean[j]!) / input.std[j]!;
        break;
      case 'divide':
        out[offset + j] = v / input.divisor;
        break;
      default: {
        const never: never = input;
        throw new Error(`unknown input scaling ${JSON.stringify(never)}`);
      }
    }
  }
}

/** A regression output in the target's own units. */
export function unscaleTarget(target: Extract<TargetContract, { task: 'regression' }>, y: number): number {
  return target.scaling ? y * target.scaling.std + target.scaling.mean : y;
}

/** The model.json userDefinedMetadata for an export. */
export function exportMetadata(m: ExportMetadata): { gradscope: ExportMetadata } {
  return { gradscope: { ...m } };
}
