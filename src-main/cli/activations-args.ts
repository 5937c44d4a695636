// Arguments of `gradscope activations --model DIR [--layer NAME] [--data SPEC] [--direction own|pca] [--json]`.
import { LINE_DIRECTIONS, type LineDirection } from '../contract/activations';
import { readOptions, valueOf } from './options';
import { UsageError } from './usage-error';

export interface ActivationsCommand {
  kind: 'activations';
  model: string;
  /** a node id or name; null: every Maxout, PReLU, Leaky ReLU and ELU layer */
  layer: string | null;
  /** --data: measure on another dataset's validation split (default: the one the model was trained on) */
  data: string | null;
  direction: LineDirection;
  json: boolean;
}

const text = { type: 'string' } as const;

export function parseActivationsArgs(rest: readonly string[]): ActivationsCommand | { kind: 'help' } {
  const read = readOptions(
    'activations',
    rest,
    { model: text, layer: text, data: text, direction: text, json: { type: 'boolean' } },
    (a) => `activations: unexpected argument ${a} (give --model DIR)`,
  );
  if (read === 'help') return { kind: 'help' };
  const model = valueOf(read, 'model');
  if (!model) throw new UsageError('activations: which model? Give --model DIR (a folder exported by gradscope train or the app)');
  const direction = valueOf(read, 'direction') ?? 'own';
  if (!(LINE_DIRECTIONS as readonly string[]).includes(direction))
    throw new UsageError(`--direction ${direction}: expected own (each unit's first piece) or pca (the layer input's first principal direction)`);
  return {
    kind: 'activations',
    model,
    layer: valueOf(read, 'layer') ?? null,
    data: valueOf(read, 'data') ?? null,
    direction: direction as LineDirection,
    json: read.flags.has('json'),
  };
}
