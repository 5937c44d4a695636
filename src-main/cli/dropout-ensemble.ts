// `gradscope dropout-ensemble --model DIR`: a model trained with dropout, every unit on (what it predicts
// at test time) against the average of M sampled thinned networks, as a table or one JSON object.
import path from 'node:path';
import { loadDataset } from '../data/index';
import { compileGraph } from '../trainer/compile';
import { measureOnDataset } from '../lesson/dropout-ensemble';
import type { DropoutEnsembleView, Spread } from '../contract/dropout-ensemble';
import { formatPercent, formatSci } from '../contract/number-format';
import { jsonLine } from '../contract/json-line';
import { startBackend } from './backend-arg';
import { parseDataArg } from './data-arg';
import type { DropoutEnsembleCommand } from './dropout-ensemble-args';
import { loadWeightsInto, readTrainedSetup } from './exported-model';
import { againstCwd, checkSetupGraph } from './setup';
import { table } from './format';
import { line, type CliIO } from './io';
import { EXIT } from './usage-error';

const pct = (s: Spread | null) => (s ? `${formatPercent(s.mean)} (${formatPercent(s.min)}–${formatPercent(s.max)})` : '—');
const loss = (s: Spread) => `${s.mean.toFixed(4)} (${s.min.toFixed(4)}–${s.max.toFixed(4)})`;

export async function runDropoutEnsembleCommand(cmd: DropoutEnsembleCommand, io: CliIO): Promise<number> {
  const dir = path.resolve(io.cwd, cmd.model);
  const setup = await readTrainedSetup(dir);
  const t = setup.training;
  const spec = cmd.data === null ? t.dataset : againstCwd(parseDataArg(cmd.data, t.dataset), io.cwd);
  const backend = await startBackend(cmd.backend ?? t.backend);
  const dataset = await loadDataset(spec, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit });
  const graph = checkSetupGraph({ ...setup, title: setup.label }, dataset, dir);
  const c = compileGraph(graph, { inputDim: dataset.inputDim, classes: dataset.classes }, { seed: t.seed });
  let v: DropoutEnsembleView;
  try {
    await loadWeightsInto(c, dir);
    v = (await measureOnDataset(cmd.model, c, dataset, cmd.options))!;
  } finally {
    c.dispose();
  }
  if (cmd.json) {
    line(io.stdout, jsonLine({ ...v, model: dir, backend, data: dataset.description }));
    return EXIT.ok;
  }
  report(v, io, { dir, backend, data: dataset.description });
  return EXIT.ok;
}

function report(v: DropoutEnsembleView, io: CliIO, about: { dir: string; backend: string; data: string }): void {
  const out = io.stdout;
  const cls = v.head === 'softmax';
  line(out, `gradscope dropout-ensemble — ${about.dir} on TensorFlow.js ${about.backend}`);
  line(out, `data: ${about.data}; measured on the first ${v.split.examples} of ${v.split.of} ${v.split.name} examples, ${v.repeats} repeats (seed ${v.seed})`);
  line(out, `dropout: ${v.dropout.map((d) => `${d.name} p=${d.p} (${d.units} units)`).join(', ')}`);
  line(
    out,
    `hidden activations: ${v.hidden.map((h) => `${h.name} ${h.activation}`).join(', ')}${v.activation === 'trained' ? '' : ` (switched to ${v.activation}; the weights are the trained ones)`}`,
  );
  line(out);
  const a = v.scaled;
  line(out, `(a) full network, every unit on (the weight-scaled net): ${cls ? `accuracy ${formatPercent(a.acc)}, ` : ''}loss ${a.loss.toFixed(4)}`);
  line(out, `(b) average of M thinned networks, mean (min–max) over the repeats:`);
  const head = cls
    ? ['M', 'accuracy, mean z', 'loss, mean z', 'accuracy, mean prob.', 'loss, mean prob.', 'max |z̄ − z(a)|']
    : ['M', 'MSE, mean output', 'max |ȳ − y(a)|'];
  line(
    out,
    table(
      head,
      v.rows.map((r) =>
        cls
          ? [String(r.samples), pct(r.meanZ.acc), loss(r.meanZ.loss), pct(r.meanP!.acc), loss(r.meanP!.loss), formatSci(r.maxDiff.mean)]
          : [String(r.samples), loss(r.meanZ.loss), formatSci(r.maxDiff.mean)],
      ),
    ),
  );
  line(out, '(mean z: softmax of the averaged pre-softmax outputs; mean prob.: the averaged probabilities)');
  if (v.exact) {
    const e = v.exact;
    line(
      out,
      `exact average of all ${e.masks} masks (weighted by their probability): ${cls ? `accuracy ${formatPercent(e.meanZ.acc)}, ` : ''}loss ${e.meanZ.loss.toFixed(4)}, max |z̄ − z(a)| ${formatSci(e.maxDiff)}`,
    );
  } else if (v.exactNote) line(out, v.exactNote);
  line(out);
  const tr = v.train;
  line(
    out,
    `training set (first ${tr.examples}): dropout off ${cls ? `accuracy ${formatPercent(tr.off.acc)}, ` : ''}loss ${tr.off.loss.toFixed(4)}; dropout on (a fresh mask per example, as in training) ${cls ? `accuracy ${pct(tr.on.acc)}, ` : ''}loss ${loss(tr.on.loss)}`,
  );
  line(out, `(${v.seconds.toFixed(1)} s)`);
}
