// How fields and schema problems are named to a user: the labels the editor shows, never a field key
// or a schema library's wording. Used by graph and training validation. Pure.
import type { z } from 'zod';

/** Node fields, as the inspector labels them. */
export const NODE_FIELD_LABEL: Record<string, string> = {
  layer: 'the layer',
  id: 'id',
  name: 'name',
  type: 'layer type',
  units: 'Units',
  activation: 'Activation',
  alpha: 'α',
  useBias: 'Use bias',
  pieces: 'Pieces k',
  grouping: 'Grouping',
  'grouping.kind': 'Grouping',
  'grouping.groups': 'Groups',
  head: 'Head',
  dropout: 'Dropout p',
  l1: 'L1 λ',
  l2: 'L2 λ',
  position: 'position',
};

/** Training fields, as the Training tab labels them. */
export const TRAINING_FIELD_LABEL: Record<string, string> = {
  training: 'Training setup',
  dataset: 'Dataset',
  'dataset.kind': 'Dataset source',
  'dataset.limit': 'Use the first N samples',
  'dataset.name': 'Set',
  'dataset.samples': 'Samples',
  'dataset.noise': 'Noise',
  'dataset.classes': 'Classes',
  'dataset.dir': 'Folder',
  'dataset.file': 'CSV file',
  'dataset.label': 'Label column',
  optimizer: 'Optimizer',
  'optimizer.kind': 'Optimizer method',
  'optimizer.momentum': 'Momentum λ',
  'optimizer.decay': 'Decay α',
  'optimizer.beta1': 'Adam β₁',
  'optimizer.beta2': 'Adam β₂',
  learningRate: 'Learning rate η',
  batchSize: 'Batch size',
  epochs: 'Epochs',
  validationSplit: 'Validation split',
  testSplit: 'Test split',
  trainSamples: 'Training samples used',
  earlyStopping: 'Early stopping',
  'earlyStopping.enabled': 'Early stopping',
  'earlyStopping.monitor': 'Early stopping monitor',
  'earlyStopping.patience': 'Early stopping patience',
  'earlyStopping.restoreBest': 'Restore the best epoch',
  seed: 'Seed',
};

/** "Units", or the key spelled out in words when there is no label for it. */
export function labelOf(labels: Record<string, string>, key: string): string {
  return (
    labels[key] ??
    key
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/\./g, ' ')
      .toLowerCase()
  );
}

function fmt(v: unknown): string {
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'infinity' : '−infinity';
  return String(v);
}

/** A schema problem in plain words ("must be a whole number", "must be at least 1"), without the field. */
export function issueWords(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small': {
      if (issue.origin === 'array') return `needs at least ${fmt(issue.minimum)} entr${Number(issue.minimum) === 1 ? 'y' : 'ies'}`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `needs at least ${fmt(issue.minimum)} characters`;
      return issue.inclusive === false ? `must be above ${fmt(issue.minimum)}` : `must be at least ${fmt(issue.minimum)}`;
    }
    case 'too_big': {
      if (issue.origin === 'array') return `takes at most ${fmt(issue.maximum)} entries`;
      if (issue.origin === 'string') return `is too long (at most ${fmt(issue.maximum)} characters)`;
      return issue.inclusive === false ? `must be below ${fmt(issue.maximum)}` : `must be at most ${fmt(issue.maximum)}`;
    }
    case 'invalid_type': {
      if (issue.expected === 'int') return 'must be a whole number';
      if (issue.expected === 'number') return (issue as { received?: string }).received === 'Infinity' ? 'must be a finite number' : 'must be a number';
      if (issue.expected === 'string') return 'must be text';
      if (issue.expected === 'boolean') return 'must be on or off';
      if (issue.expected === 'array') return 'must be a list';
      if (issue.expected === 'object') return 'is missing or not a group of settings';
      return 'is missing or of the wrong kind';
    }
    case 'invalid_format':
      return 'is not in the expected format';
    case 'not_multiple_of':
      return `must be a multiple of ${fmt(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `“${k}”`).join(', ')}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be “${fmt(issue.values[0])}”` : 'is not one of the choices offered';
    case 'invalid_union': {
      const note = (issue as { note?: string }).note;
      return note === 'No matching discriminator' ? 'is not one of the kinds offered' : 'is not valid';
    }
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
    default:
      return 'is not valid';
  }
}
