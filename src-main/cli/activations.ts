// `gradscope activations --model DIR`: each Maxout unit's pieces and their max along a line through its
// layer's input space, the share of validation samples each piece wins and the units' shapes; PReLU's
// learned α per neuron; Leaky ReLU's and ELU's α and how often their units are negative.
import path from 'node:path';
import { Graph } from '../contract/graph';
import { checkTraining } from '../contract/validate';
import { formatZodIssues } from '../contract/project';
import { SHAPE_WORDS, UNIT_SHAPES, type ActivationsView, type AlphaLayerView, type MaxoutLayerView } from '../contract/activations';
import { loadDataset } from '../data/index';
import { compileGraph } from '../trainer/compile';
import { MODEL_JSON } from '../export/tfjs-layers';
import { ActivationLayerError, activationsView } from '../lesson/activations-view';
import { formatFixed, formatPercent } from '../contract/number-format';
import { jsonLine } from '../contract/json-line';
import type { ActivationsCommand } from './activations-args';
import { parseDataArg } from './data-arg';
import { startBackend } from './backend-arg';
import { loadWeightsInto, readModelMetadata } from './exported-model';
import { table } from './format';
import { line, type CliIO } from './io';
import { EXIT, UsageError } from './usage-error';

/** The graph and training setup an export carries in userDefinedMetadata.gradscope. */
async function readSetup(dir: string) {
  const file = path.join(dir, MODEL_JSON);
  const meta = (await readModelMetadata(dir)) as { gradscope?: { graph?: unknown; training?: unknown } } | undefined;
  if (!meta?.gradscope?.graph || !meta.gradscope.training)
    throw new UsageError(`${file}: not a Gradscope export (no userDefinedMetadata.gradscope graph and training); export it with gradscope train or the app`);
  const g = Graph.safeParse(meta.gradscope.graph);
  if (!g.success) throw new UsageError(`${file}: the graph in its metadata is not valid: ${formatZodIssues(g.error.issues)}`);
  const t = checkTraining(meta.gradscope.training, { allowNoEpochs: true });
  if (!t.ok) throw new UsageError(`${file}: the training setup in its metadata is not valid: ${t.problems.map((p) => p.message).join('; ')}`);
  return { graph: g.data, training: t.config };
}

export async function runActivationsCommand(cmd: ActivationsCommand, io: CliIO): Promise<number> {
  const dir = path.resolve(io.cwd, cmd.model);
  const setup = await readSetup(dir);
  let spec = setup.training.dataset;
  if (cmd.data !== null) {
    spec = parseDataArg(cmd.data, spec);
    if (spec.kind === 'csv') spec = { ...spec, file: path.resolve(io.cwd, spec.file) };
    if (spec.kind === 'idx') spec = { ...spec, dir: path.resolve(io.cwd, spec.dir) };
  }
  const t = setup.training;
  await startBackend(t.backend);
  const dataset = await loadDataset(spec, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit });
  let c;
  try {
    c = compileGraph(setup.graph, { inputDim: dataset.inputDim, classes: dataset.classes }, { seed: t.seed });
  } catch (e) {
    throw new UsageError(`${path.join(dir, MODEL_JSON)}: the model's graph does not fit ${dataset.description}: ${(e as Error).message}`);
  }
  try {
    await loadWeightsInto(c, dir);
    const split = dataset.val.n > 0 ? { ...dataset.val, split: 'validation' as const } : { ...dataset.train, split: 'training' as const };
    let view: ActivationsView;
    try {
      view = activationsView(c, split, { source: cmd.model, layer: cmd.layer, direction: cmd.direction });
    } catch (e) {
      if (e instanceof ActivationLayerError) throw new UsageError(`--model ${cmd.model}: ${e.message}`);
      throw e;
    }
    if (cmd.json) {
      line(io.stdout, jsonLine({ model: cmd.model, dataset: dataset.description, ...view }));
      return EXIT.ok;
    }
    line(io.stdout, `gradscope activations — ${cmd.model}, on ${view.samples.n} ${view.samples.split} samples of ${dataset.description}`);
    for (const layer of view.layers) {
      line(io.stdout);
      if (layer.kind === 'maxout') maxoutReport(layer, io);
      else alphaReport(layer, io);
    }
    return EXIT.ok;
  } finally {
    c.dispose();
  }
}

/** Units listed per shape in the human report (--json has all of them). */
const LISTED = 8;

function maxoutReport(l: MaxoutLayerView, io: CliIO): void {
  line(io.stdout, `${l.name} (${l.node}): Maxout, ${l.units} units of ${l.pieces} pieces; ${l.directionNote}`);
  line(
    io.stdout,
    UNIT_SHAPES.filter((s) => l.shapeCounts[s] > 0)
      .map((s) => `${l.shapeCounts[s]} ${SHAPE_WORDS[s]}`)
      .join(' · '),
  );
  const rows = UNIT_SHAPES.flatMap((s) =>
    l.unitViews
      .filter((u) => u.shape === s)
      .slice(0, LISTED)
      .map((u) => [
        String(u.unit),
        s,
        u.pieces.map((p) => formatFixed(p.slope)).join(' '),
        u.pieces.map((p) => formatPercent(p.share)).join(' '),
        u.envelope.map((e) => e.piece).join('→'),
      ]),
  );
  line(io.stdout, table(['unit', 'shape', 'slopes along the line', 'samples each piece wins', 'max, left→right'], rows, [0, 1, 2, 3, 4]));
  line(io.stdout, `(at most ${LISTED} units of each shape; --json gives every unit's pieces)`);
}

function alphaReport(l: AlphaLayerView, io: CliIO): void {
  const kind = { prelu: 'PReLU (α learned per neuron)', leaky_relu: 'Leaky ReLU', elu: 'ELU' }[l.kind];
  const lo = Math.min(...l.alpha);
  const hi = Math.max(...l.alpha);
  const mean = l.alpha.reduce((a, b) => a + b, 0) / l.alpha.length;
  const neg = l.negativeShare.reduce((a, b) => a + b, 0) / l.negativeShare.length;
  line(io.stdout, `${l.name} (${l.node}): ${kind}, ${l.units} units`);
  line(io.stdout, `α: ${lo === hi ? formatFixed(lo) : `mean ${formatFixed(mean)}, from ${formatFixed(lo)} to ${formatFixed(hi)}`}`);
  line(
    io.stdout,
    `pre-activations from ${formatFixed(l.zRange[0])} to ${formatFixed(l.zRange[1])} (2nd–98th percentile); ${formatPercent(neg)} of them below 0, where α acts`,
  );
}
