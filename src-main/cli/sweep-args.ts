// Arguments of `gradscope sweep <project.json | --preset NAME | --template NAME> --vary AXIS=V1,V2,… [--vary …]
// [--epochs N] [--workers K] [--data SPEC] [--seed N] [--backend NAME] [--json] [--out DIR]`.
// --vary AXIS[@NODE+NODE]=VALUES: VALUES is a comma list; A..B is every whole number from A to B; A..BxN is N
// log-spaced numbers from A to B (lr=1e-3..1e-1x5). Every mistake is one line naming the axis.
import { ACTIVATIONS } from '../contract/graph';
import { AXIS_NAMES, MAX_AXIS_VALUES, type AxisName, type SweepSpecInput } from '../contract/sweep';
import { sweepTemplate, SWEEP_TEMPLATES } from '../contract/sweep-templates';
import { OPTIMIZER_KINDS, Optimizer, BACKEND_CHOICES, type BackendChoice } from '../contract/training';
import { readOptions, valueOf } from './options';
import { UsageError } from './usage-error';

export interface SweepCommand {
  kind: 'sweep';
  /** a project file path, or the preset's name (the same shape as the other commands' Source in ./args) */
  source: { file: string | null; preset: string | null };
  /** the template named by --template (its preset is the source) */
  template: string | null;
  axes: SweepSpecInput['axes'];
  epochs: number | null;
  workers: number | null;
  data: string | null;
  seed: number | null;
  backend: BackendChoice | null;
  json: boolean;
  out: string | null;
}

const ALIASES: Record<string, AxisName> = {
  lr: 'learningRate',
  'learning-rate': 'learningRate',
  batch: 'batchSize',
  'batch-size': 'batchSize',
  'train-samples': 'trainSamples',
  samples: 'trainSamples',
  opt: 'optimizer',
};
const INTEGER_AXES: readonly AxisName[] = ['depth', 'units', 'pieces', 'batchSize', 'epochs', 'trainSamples', 'seed'];
const NUMBER_AXES: readonly AxisName[] = ['learningRate', 'dropout', 'l1', 'l2'];
const NODE_AXES: readonly AxisName[] = ['depth', 'activation', 'units', 'pieces', 'dropout', 'l1', 'l2'];

function axisName(text: string, arg: string): AxisName {
  const name = ALIASES[text] ?? AXIS_NAMES.find((a) => a.toLowerCase() === text.toLowerCase());
  if (!name) throw new UsageError(`--vary ${arg}: unknown axis "${text}" (axes: ${AXIS_NAMES.join(', ')}; lr, batch-size, train-samples also work)`);
  return name;
}

function numberOf(text: string, axis: AxisName, arg: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--vary ${arg}: axis ${axis}: "${text}" is not a number`);
  if (INTEGER_AXES.includes(axis) && !Number.isInteger(n)) throw new UsageError(`--vary ${arg}: axis ${axis}: ${text} is not a whole number`);
  return n;
}

/** A..B (whole numbers, step 1) or A..BxN (N log-spaced numbers; whole-number axes round them). */
function range(text: string, axis: AxisName, arg: string): number[] | null {
  const m = /^([^.]+|[^.]*\.[^.]+)\.\.(.+?)(?:x(\d+))?$/.exec(text);
  if (!m) return null;
  const [a, b] = [numberOf(m[1]!, axis, arg), numberOf(m[2]!, axis, arg)];
  if (m[3] === undefined) {
    if (!Number.isInteger(a) || !Number.isInteger(b) || b < a)
      throw new UsageError(`--vary ${arg}: axis ${axis}: ${text}: A..B counts whole numbers upward; for other numbers give A..BxN (N log-spaced values)`);
    if (b - a + 1 > MAX_AXIS_VALUES) throw new UsageError(`--vary ${arg}: axis ${axis}: ${text} makes ${b - a + 1} values, at most ${MAX_AXIS_VALUES}`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const n = Number(m[3]);
  if (!(a > 0 && b > a)) throw new UsageError(`--vary ${arg}: axis ${axis}: ${text}: log-spaced values need 0 < A < B`);
  if (n < 2 || n > MAX_AXIS_VALUES) throw new UsageError(`--vary ${arg}: axis ${axis}: ${text}: N must be from 2 to ${MAX_AXIS_VALUES}`);
  return Array.from({ length: n }, (_, i) => {
    const v = a * (b / a) ** (i / (n - 1));
    return INTEGER_AXES.includes(axis) ? Math.round(v) : Number(v.toPrecision(3));
  });
}

/** adam, momentum:momentum=0.95, adam:beta1=0.8:beta2=0.99 */
function optimizerOf(text: string, arg: string): unknown {
  const [kind, ...params] = text.split(':');
  if (!(OPTIMIZER_KINDS as readonly string[]).includes(kind!))
    throw new UsageError(`--vary ${arg}: axis optimizer: unknown optimizer "${kind}" (one of ${OPTIMIZER_KINDS.join(', ')})`);
  const fields: Record<string, unknown> = { kind };
  for (const p of params) {
    const [key, value] = p.split('=');
    if (!key || value === undefined)
      throw new UsageError(`--vary ${arg}: axis optimizer: expected KIND:KEY=VALUE, e.g. momentum:momentum=0.95 (got "${text}")`);
    fields[key] = Number(value);
  }
  const r = Optimizer.safeParse(fields);
  if (!r.success)
    throw new UsageError(`--vary ${arg}: axis optimizer: ${text}: ${r.error.issues.map((i) => `${i.path.join('.') || 'value'} ${i.message}`).join('; ')}`);
  return r.data;
}

/** One --vary argument as an axis of the spec. */
export function parseVary(arg: string): SweepSpecInput['axes'][number] {
  const eq = arg.indexOf('=');
  if (eq <= 0 || eq === arg.length - 1) throw new UsageError(`--vary ${arg}: expected AXIS=V1,V2,… e.g. depth=1..9 or activation=sigmoid,relu`);
  const [head, nodeList] = arg.slice(0, eq).split('@') as [string, string | undefined];
  const name = axisName(head, arg);
  const nodes = nodeList === undefined ? undefined : nodeList.split('+').filter((n) => n !== '');
  if (nodes !== undefined && (!NODE_AXES.includes(name) || nodes.length === 0))
    throw new UsageError(
      `--vary ${arg}: axis ${name}: ${NODE_AXES.includes(name) ? 'give the nodes as @ID+ID' : 'takes no nodes (it is not a change to layers)'}`,
    );
  const texts = arg.slice(eq + 1).split(',');
  let values: unknown[];
  if (name === 'activation') {
    values = texts.map((t) => {
      if (!(ACTIVATIONS as readonly string[]).includes(t))
        throw new UsageError(`--vary ${arg}: axis activation: unknown activation "${t}" (one of ${ACTIVATIONS.join(', ')})`);
      return t;
    });
  } else if (name === 'optimizer') {
    values = texts.map((t) => optimizerOf(t, arg));
  } else {
    values = texts.flatMap((t) => range(t, name, arg) ?? [numberOf(t, name, arg)]);
    if (!INTEGER_AXES.includes(name) && !NUMBER_AXES.includes(name)) throw new UsageError(`--vary ${arg}: axis ${name} takes no numbers`);
  }
  if (values.length > MAX_AXIS_VALUES) throw new UsageError(`--vary ${arg}: axis ${name}: ${values.length} values, at most ${MAX_AXIS_VALUES}`);
  return { name, values, ...(nodes ? { nodes } : {}) } as SweepSpecInput['axes'][number];
}

function intArg(flag: string, v: string | undefined, min: number, max: number): number | null {
  if (v === undefined) return null;
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} ${v}: expected a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`${flag} ${v}: must be from ${min} to ${max}`);
  return n;
}

export function parseSweepArgs(rest: readonly string[]): SweepCommand | { kind: 'help' } {
  const text = { type: 'string' } as const;
  const read = readOptions('sweep', rest, {
    preset: text,
    template: text,
    vary: { type: 'string', multiple: true },
    epochs: text,
    workers: text,
    data: text,
    seed: text,
    backend: text,
    out: text,
    json: { type: 'boolean' },
  });
  if (read === 'help') return { kind: 'help' };
  if (read.positionals.length > 1) throw new UsageError(`sweep: one project file expected, got ${read.positionals.join(', ')}`);
  const file = read.positionals[0] ?? null;
  const templateName = valueOf(read, 'template') ?? null;
  const template = templateName === null ? null : sweepTemplate(templateName);
  if (templateName !== null && !template)
    throw new UsageError(`--template ${templateName}: no such sweep template (templates: ${SWEEP_TEMPLATES.map((t) => t.name).join(', ')})`);
  const preset = template ? template.preset : (valueOf(read, 'preset') ?? null);
  if ([file, valueOf(read, 'preset'), templateName].filter((x) => x != null).length > 1)
    throw new UsageError('sweep: give one of a project file, --preset NAME or --template NAME');
  if (!preset && !file) throw new UsageError('sweep: which network? Give a project file, --preset NAME (see gradscope presets) or --template NAME');
  const vary = read.values.get('vary') ?? [];
  if (template && vary.length > 0)
    throw new UsageError(`sweep: --template ${template.name} sets the axes; leave out --vary (or use --preset ${template.preset} with your own --vary)`);
  if (!template && vary.length === 0)
    throw new UsageError('sweep: what to vary? Give --vary AXIS=V1,V2,… e.g. --vary depth=1..9 --vary activation=sigmoid,relu');
  if (vary.length > 2) throw new UsageError(`sweep: at most two --vary axes (got ${vary.length})`);
  const backend = valueOf(read, 'backend');
  if (backend !== undefined && !(BACKEND_CHOICES as readonly string[]).includes(backend))
    throw new UsageError(`--backend ${backend}: expected one of ${BACKEND_CHOICES.join(', ')}`);
  return {
    kind: 'sweep',
    source: { file, preset },
    template: template?.name ?? null,
    axes: template ? template.axes : vary.map(parseVary),
    epochs: intArg('--epochs', valueOf(read, 'epochs'), 1, 100000) ?? template?.training?.epochs ?? null,
    workers: intArg('--workers', valueOf(read, 'workers'), 1, 32),
    data: valueOf(read, 'data') ?? null,
    seed: intArg('--seed', valueOf(read, 'seed'), 0, 2 ** 31 - 1),
    backend: (backend as BackendChoice | undefined) ?? null,
    json: read.flags.has('json'),
    out: valueOf(read, 'out') ?? null,
  };
}
