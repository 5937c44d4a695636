// `gradscope landscape`: trains the project twice (the second run with another seed or optimizer),
// keeping each run's path, then prints the loss along the first run's line from its initial to its
// trained weights, and on the plane through both runs' trained weights with both paths projected.
import { Optimizer, type TrainingConfig } from '../contract/training';
import type { LandscapeView } from '../contract/landscape';
import { loadDataset } from '../data/index';
import { evenRows } from '../data/even-rows';
import { runTraining, type RunResult } from '../trainer/loop';
import { regressionScale } from '../trainer/evaluate';
import { computeLandscape, LandscapeError, type LandscapeRun } from '../lesson/landscape';
import { formatFixed } from '../contract/number-format';
import { jsonLine } from '../contract/json-line';
import type { LandscapeCommand } from './landscape-args';
import { startBackend } from './backend-arg';
import { checkSetupGraph, loadSetup } from './setup';
import { table } from './format';
import { line, type CliIO } from './io';
import { EXIT, UsageError } from './usage-error';

/** Training samples the loss is measured on (evenly spaced through the training split). */
export const CLI_LANDSCAPE_SAMPLES = 512;

const describe = (t: TrainingConfig) => `${t.optimizer.kind}, learning rate ${t.learningRate}, seed ${t.seed}, ${t.epochs} epochs`;

export async function runLandscapeCommand(cmd: LandscapeCommand, io: CliIO): Promise<number> {
  const setup = await loadSetup(cmd.source, { data: cmd.data, seed: cmd.seed, epochs: cmd.epochs }, io.cwd);
  const t = setup.training;
  const second: TrainingConfig = {
    ...t,
    seed: cmd.secondSeed ?? (cmd.secondOptimizer ? t.seed : t.seed + 1),
    optimizer: cmd.secondOptimizer ? Optimizer.parse({ kind: cmd.secondOptimizer }) : t.optimizer,
  };
  const where = cmd.source.preset ? `preset ${cmd.source.preset}` : cmd.source.file!;
  const backend = await startBackend(t.backend);
  const dataset = await loadDataset(t.dataset, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit });
  const graph = checkSetupGraph(setup, dataset, where);
  if (!cmd.json) {
    line(io.stderr, `gradscope landscape — ${setup.title} [${setup.label}] on TensorFlow.js ${backend}, ${dataset.description}`);
    line(io.stderr, `run A: ${describe(t)}; run B: ${describe(second)} (training both…)`);
  }
  const runs: (LandscapeRun & { result: RunResult })[] = [];
  try {
    for (const [name, training] of [
      ['A', t],
      ['B', second],
    ] as const) {
      const result = await runTraining({ graph, training, dataset, runId: name, emit: () => undefined, keepTrajectory: true });
      if (result.compiled) runs.push({ runId: name, c: result.compiled, trajectory: result.trajectory!, modelEpoch: result.modelEpoch, result });
      if (!result.compiled || result.reason === 'error' || result.reason === 'diverged' || result.epochs === 0)
        throw new UsageError(
          `${where}: run ${name} (${describe(training)}) ${result.reason === 'diverged' ? 'diverged' : 'did not finish an epoch'}; lower the learning rate or check the setup`,
        );
    }
    const [a, b] = [runs[0]!, runs[1]!];
    const sample = {
      ...evenRows(dataset.train, dataset.inputDim, CLI_LANDSCAPE_SAMPLES),
      lossFactor: a.c.head === 'linear' ? regressionScale(dataset).lossFactor : 1,
    };
    let view: LandscapeView;
    try {
      view = (await computeLandscape(a, b, sample, { graph, grid: cmd.grid }))!;
    } catch (e) {
      if (e instanceof LandscapeError) throw new UsageError(`${where}: ${e.message}`);
      throw e;
    }
    const runsOut = runs.map((r, i) => ({
      run: r.runId,
      training: i === 0 ? t : second,
      epochs: r.result.epochs,
      modelEpoch: r.modelEpoch,
      test: r.result.test,
    }));
    if (cmd.json) {
      line(io.stdout, jsonLine({ runs: runsOut, ...view }));
      return EXIT.ok;
    }
    report(view, io);
    return EXIT.ok;
  } finally {
    for (const r of runs) r.c.dispose();
  }
}

function report(v: LandscapeView, io: CliIO): void {
  const out = io.stdout;
  const at = (t: number) => v.line.loss[v.line.t.indexOf(t)]!;
  line(out, `${v.parameters} parameters; ${v.lossName} on ${v.samples} training samples (dropout off, no L1/L2 term)`);
  line(out);
  line(out, `run A along the line θ₀ + t·(θ₁ − θ₀), ‖θ₁ − θ₀‖ = ${formatFixed(v.line.distance)}:`);
  line(
    out,
    table(
      ['t', 'loss'],
      [-0.25, 0, 0.25, 0.5, 0.75, 1, 1.25].map((t) => [String(t), formatFixed(at(t))]),
      [],
    ),
  );
  line(out);
  line(out, 'run A’s kept epochs (loss at their own weights; t of their projection; distance from the line):');
  line(
    out,
    table(
      ['epoch', 'loss', 't', 'off the line'],
      v.line.path.map((p) => [String(p.epoch), formatFixed(p.loss), formatFixed(p.t), formatFixed(p.offLine)]),
      [],
    ),
  );
  const p = v.plane;
  if (!p) return;
  line(out);
  let best = 0;
  p.loss.forEach((l, i) => (l < p.loss[best]! ? (best = i) : 0));
  const cols = p.a.length;
  line(out, `plane through A's initial weights (origin), A's and B's trained weights (${p.angle.toFixed(1)}° apart), ${cols}×${p.b.length} grid:`);
  line(
    out,
    table(
      ['point', 'a', 'b', 'loss', 'off the plane'],
      [
        ...p.paths.flatMap((path) => [
          [`${path.runId} start`, path.points[0]!],
          [`${path.runId} trained`, path.end],
        ]),
      ].map(([name, q]) => {
        const pt = q as (typeof p.paths)[number]['end'];
        return [name as string, formatFixed(pt.a), formatFixed(pt.b), formatFixed(pt.loss), formatFixed(pt.offPlane)];
      }),
      [0],
    ),
  );
  line(
    out,
    `lowest loss on the grid: ${formatFixed(p.loss[best]!)} at a = ${formatFixed(p.a[best % cols]!)}, b = ${formatFixed(p.b[Math.floor(best / cols)]!)}`,
  );
  line(out, '(--json gives the whole line, the grid and both paths)');
}
