// `gradscope probe`: the gradient of the loss on one fixed batch (the first N training samples in file
// order) at the initial weights or those of an exported model, per layer, input side first.
import path from 'node:path';
import { loadFirstSamples } from '../data/index';
import { loadWeightsInto } from './exported-model';
import { startBackend } from './backend-arg';
import { compileGraph } from '../trainer/compile';
import { probeGradients } from '../trainer/probe-gradients';
import { longestPathHidden } from '../contract/graph-paths';
import type { Command } from './args';
import { formatFixed, formatPercent, formatSci } from '../contract/number-format';
import { logBars, ratioLine, table } from './format';
import { line, type CliIO } from './io';
import { jsonLine } from '../contract/json-line';
import { checkSetupGraph, loadSetup } from './setup';
import { EXIT } from './usage-error';

type ProbeCommand = Extract<Command, { kind: 'probe' }>;

export async function runProbeCommand(cmd: ProbeCommand, io: CliIO): Promise<number> {
  const setup = await loadSetup(cmd.source, { data: cmd.data, seed: cmd.seed, backend: cmd.backend }, io.cwd);
  const t = setup.training;
  const backend = await startBackend(t.backend);
  const first = await loadFirstSamples(t.dataset, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit }, cmd.batch);
  const where = cmd.source.preset ? `preset ${cmd.source.preset}` : cmd.source.file!;
  const graph = checkSetupGraph(setup, first, where);
  const c = compileGraph(graph, { inputDim: first.inputDim, classes: first.classes }, { seed: t.seed });
  try {
    // --model resolves against the CLI's folder, as every other path it is given
    if (cmd.model) await loadWeightsInto(c, path.resolve(io.cwd, cmd.model));
    const probe = probeGradients(c, first.batch);
    // first and last hidden layer on the longest input→output path (not two parallel branches)
    const onPath = new Set(longestPathHidden(graph));
    const ratio = ratioLine(probe.layers.map((l) => ({ name: l.name, hidden: onPath.has(l.node), value: l.kernelNorm })));
    if (cmd.json) {
      const report = {
        samples: first.batch.n,
        weights: cmd.model ?? 'initial',
        loss: probe.loss,
        acc: probe.acc,
        layers: probe.layers.map((l) => ({ node: l.node, name: l.name, kernelNorm: l.kernelNorm, kernelMeanAbs: l.kernelMeanAbs, biasNorm: l.biasNorm })),
        firstLastHiddenRatio: ratio?.ratio ?? null,
      };
      line(io.stdout, jsonLine(report));
      return EXIT.ok;
    }
    const out = io.stdout;
    line(out, `gradscope probe — ${setup.title} [${setup.label}] on TensorFlow.js ${backend}`);
    line(out, `batch: ${first.description}`);
    line(out, `weights: ${cmd.model ? `from ${cmd.model}` : `initial (seed ${t.seed})`}`);
    line(out, `loss ${formatFixed(probe.loss)}${probe.acc !== null ? `, accuracy ${formatPercent(probe.acc)}` : ''}`);
    line(out);
    const { bars, scale } = logBars(probe.layers.map((l) => l.kernelNorm));
    line(
      out,
      table(
        ['layer', '‖∂L/∂W‖', 'mean |∂L/∂w|', '‖∂L/∂b‖', ''],
        probe.layers.map((l, i) => [l.name, formatSci(l.kernelNorm), formatSci(l.kernelMeanAbs), formatSci(l.biasNorm), bars[i]!]),
        [0, 4],
      ),
    );
    if (scale) line(out, `(${scale})`);
    if (ratio) line(out, ratio.text);
    return EXIT.ok;
  } finally {
    c.dispose();
  }
}
