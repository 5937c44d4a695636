// The exported PyTorch project computes what Gradscope computes: run with Debian's python3-torch, its probe
// equals Gradscope's on the same weights and batch, and one epoch from the same weights (dropout off,
// Gradscope's batch order) ends at the same weights for every optimizer, across every activation, Maxout
// grouping, merge, dropout placement and L1/L2 penalty. All Python work runs in one process.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Graph } from '../../../src-main/contract/graph';
import type { TrainingConfig } from '../../../src-main/contract/training';
import { getPreset, listPresets } from '../../../src-main/export/presets';
import { exportPytorch } from '../../../src-main/export/pytorch/export';
import { initialWeights } from '../../../src-main/cli/export-pytorch';
import { initBackend } from '../../../src-main/trainer/backend';
import { tfjsLayerName } from '../../../src-main/export/pytorch/weights';
import { modelCode } from '../../../src-main/export/pytorch/model-py';
import { runFromLog } from '../../../src-main/analysis/run-log';
import {
  dense,
  graph,
  gradscopeProbe,
  gradscopeRun,
  input,
  maxout,
  output,
  readSavedWeights,
  relErr,
  relL2,
  runPython,
  tmpDir,
  training,
  transpose,
  type PyJob,
  type PyResult,
} from './pytorch-fixtures';

const PROBE_N = 64;
const TOL = 1e-3;

interface Case {
  name: string;
  graph: Graph;
  training: TrainingConfig;
  /** what the epoch comparison trains in Gradscope (dropout off) */
  trainGraph?: Graph;
}

const noDropout = (g: Graph): Graph => ({ ...g, nodes: g.nodes.map(({ dropout: _d, ...n }) => n as typeof n) }) as Graph;

const CASES: Case[] = [
  {
    name: 'sgd: sigmoid → tanh, L2 on the first kernel',
    graph: graph(
      [input(), dense('s1', 12, 'sigmoid', { l2: 0.002 }), dense('t1', 10, 'tanh'), output()],
      [
        ['in', 's1'],
        ['s1', 't1'],
        ['t1', 'out'],
      ],
    ),
    training: training({ optimizer: { kind: 'sgd' }, learningRate: 0.3 }),
  },
  {
    name: 'momentum: ReLU and Leaky ReLU α=0.2 branches → add → ELU α=0.7, L1',
    graph: graph(
      [
        input(),
        dense('r', 12, 'relu', { l1: 0.001 }),
        dense('lk', 12, 'leaky_relu', { alpha: 0.2 }),
        { id: 'sum', type: 'add' },
        dense('e', 10, 'elu', { alpha: 0.7 }),
        output(),
      ],
      [
        ['in', 'r'],
        ['in', 'lk'],
        ['r', 'sum'],
        ['lk', 'sum'],
        ['sum', 'e'],
        ['e', 'out'],
      ],
    ),
    training: training({ optimizer: { kind: 'momentum', momentum: 0.9 }, learningRate: 0.02 }),
  },
  {
    name: 'nesterov: PReLU α=0.3 per neuron → Maxout contiguous',
    graph: graph(
      [input(), dense('p', 12, 'prelu', { alpha: 0.3 }), maxout('mc', 6, 3, { kind: 'contiguous' }), output()],
      [
        ['in', 'p'],
        ['p', 'mc'],
        ['mc', 'out'],
      ],
    ),
    training: training({ optimizer: { kind: 'nesterov', momentum: 0.8 }, learningRate: 0.08 }),
  },
  {
    name: 'adagrad: Maxout interleaved ∥ linear dense → concat',
    graph: graph(
      [input(), maxout('mi', 5, 2, { kind: 'interleaved' }), dense('lin', 6, 'linear'), { id: 'cat', type: 'concat' }, dense('h', 8, 'tanh'), output()],
      [
        ['in', 'mi'],
        ['in', 'lin'],
        ['mi', 'cat'],
        ['lin', 'cat'],
        ['cat', 'h'],
        ['h', 'out'],
      ],
    ),
    training: training({ optimizer: { kind: 'adagrad' }, learningRate: 0.1 }),
  },
  {
    name: 'rmsprop: Maxout explicit groups of unequal size → tanh with L1 and L2',
    graph: graph(
      [
        input(),
        maxout('mx', 3, 3, {
          kind: 'explicit',
          groups: [
            [0, 4],
            [1, 2, 3, 8],
            [5, 6, 7],
          ],
        }),
        dense('t', 8, 'tanh', { l1: 0.001, l2: 0.002 }),
        output(),
      ],
      [
        ['in', 'mx'],
        ['mx', 't'],
        ['t', 'out'],
      ],
    ),
    training: training({ optimizer: { kind: 'rmsprop', decay: 0.85 }, learningRate: 0.01 }),
  },
  {
    name: 'adam: dropout on the input (0.2) and a hidden layer (0.5), early stopping on',
    graph: graph(
      [input({ dropout: 0.2 }), dense('d', 16, 'relu', { dropout: 0.5 }), dense('d2', 8, 'sigmoid'), output()],
      [
        ['in', 'd'],
        ['d', 'd2'],
        ['d2', 'out'],
      ],
    ),
    training: training({
      optimizer: { kind: 'adam', beta1: 0.85, beta2: 0.99 },
      learningRate: 0.01,
      earlyStopping: { enabled: true, monitor: 'val_acc', patience: 2, restoreBest: true },
    }),
  },
];

interface Prepared extends Case {
  dir: string;
  saved: string;
  gsProbe: Awaited<ReturnType<typeof gradscopeProbe>>;
  gsRun: Awaited<ReturnType<typeof gradscopeRun>>;
}

const prepared: Prepared[] = [];
const presetDirs: Array<{ name: string; dir: string; graph: Graph; training: TrainingConfig }> = [];
let csvCase: { dir: string; graph: Graph; training: TrainingConfig; csv: string } | null = null;
let idxCase: { dir: string; graph: Graph; training: TrainingConfig } | null = null;
let bigCase: { dir: string; root: string; csv: string; graph: Graph; training: TrainingConfig; gs: Awaited<ReturnType<typeof gradscopeRun>> } | null = null;
let esCase: { dir: string; graph: Graph; training: TrainingConfig; gs: Awaited<ReturnType<typeof gradscopeRun>> } | null = null;
let py: Map<string, PyResult>;
const table: string[] = [];

async function exportCase(g: Graph, t: TrainingConfig, dir: string, label = 'case') {
  await exportPytorch({ title: label, label, graph: g, training: t, weights: initialWeights(g, t.seed), out: dir });
}

function ok(id: string): PyResult {
  const r = py.get(id);
  if (!r) throw new Error(`no Python result for ${id}`);
  if (r.code !== 0) throw new Error(`${id}: exit ${r.code}: ${r.stderr}`);
  return r;
}

beforeAll(async () => {
  await initBackend();
  const root = await tmpDir('gs-pt-agree-');
  const jobs: PyJob[] = [];
  for (const [i, c] of CASES.entries()) {
    const dir = path.join(root, `case${i}`);
    const saved = path.join(root, `case${i}-trained`);
    await exportCase(c.graph, c.training, dir);
    const gsProbe = await gradscopeProbe(c.graph, c.training, PROBE_N);
    const gsRun = await gradscopeRun(c.trainGraph ?? noDropout(c.graph), c.training);
    prepared.push({ ...c, dir, saved, gsProbe, gsRun });
    jobs.push({ id: `probe${i}`, dir, args: ['--probe', '--batch', `first:${PROBE_N}`] });
    jobs.push({
      id: `train${i}`,
      dir,
      args: ['--epochs', '1', '--no-dropout', '--save-weights', saved, '--log', path.join(root, `case${i}.jsonl`), '--out', path.join(root, `runs${i}`)],
    });
  }
  jobs.push({ id: 'dropout', dir: prepared[5]!.dir, check: 'dropout' });
  // early stopping on val_acc, patience 2, best weights restored: both frameworks stop at the same epoch
  const esGraph = graph(
    [input(), dense('h', 16, 'tanh'), output()],
    [
      ['in', 'h'],
      ['h', 'out'],
    ],
  );
  const esTraining = training({
    optimizer: { kind: 'adam' },
    learningRate: 0.1,
    epochs: 10,
    earlyStopping: { enabled: true, monitor: 'val_acc', patience: 2, restoreBest: true },
  });
  esCase = { dir: path.join(root, 'es'), graph: esGraph, training: esTraining, gs: await gradscopeRun(esGraph, esTraining) };
  await exportCase(esGraph, esTraining, esCase.dir);
  jobs.push({
    id: 'es',
    dir: esCase.dir,
    args: ['--log', path.join(root, 'es.jsonl'), '--out', path.join(root, 'es-runs'), '--save-weights', path.join(root, 'es-w')],
  });
  // every preset, on a 300-digit slice of MNIST so the exports stay small
  for (const { name } of listPresets()) {
    const p = getPreset(name);
    const t: TrainingConfig = p.training.dataset.kind === 'mnist' ? { ...p.training, dataset: { kind: 'mnist', limit: 300 } } : p.training;
    const dir = path.join(root, `preset-${name}`);
    await exportCase(p.graph, t, dir, name);
    presetDirs.push({ name, dir, graph: p.graph, training: t });
    jobs.push({ id: `preset-${name}`, dir, args: ['--probe', '--batch', 'first:128'] });
  }
  // a CSV regression (linear head) and an IDX classifier: probe on the exported split and on the originals
  const csv = path.join(root, 'houses.csv');
  const rows = ['rooms,area,age,price'];
  for (let i = 0; i < 150; i++) {
    const rooms = 1 + (i % 5);
    const area = 30 + ((i * 37) % 120);
    const age = (i * 13) % 50;
    rows.push(`${rooms},${area},${age},${(rooms * 20 + area * 1.5 - age * 0.7 + ((i * 7) % 11)).toFixed(2)}`);
  }
  await writeFile(csv, rows.join('\n') + '\n');
  const csvGraph = graph(
    [input(), dense('h', 8, 'elu', { l2: 0.01 }), output('linear')],
    [
      ['in', 'h'],
      ['h', 'out'],
    ],
  );
  const csvTraining = training({ dataset: { kind: 'csv', file: csv, label: 'price' }, optimizer: { kind: 'adam' }, learningRate: 0.01 });
  csvCase = { dir: path.join(root, 'csv'), graph: csvGraph, training: csvTraining, csv };
  await exportCase(csvGraph, csvTraining, csvCase.dir);
  jobs.push({ id: 'csv', dir: csvCase.dir, args: ['--probe', '--batch', 'first:50'] });
  jobs.push({ id: 'csv-originals', dir: csvCase.dir, args: ['--probe', '--batch', 'first:50', '--data-from', csv] });
  const idxGraph = graph(
    [input(), dense('h', 16, 'relu'), output()],
    [
      ['in', 'h'],
      ['h', 'out'],
    ],
  );
  const idxTraining = training({ dataset: { kind: 'idx', dir: '/usr/share/datasets/fashion-mnist', limit: 200 } });
  idxCase = { dir: path.join(root, 'idx'), graph: idxGraph, training: idxTraining };
  await exportCase(idxGraph, idxTraining, idxCase.dir);
  jobs.push({ id: 'idx', dir: idxCase.dir, args: ['--probe', '--batch', 'first:100'] });
  jobs.push({ id: 'idx-originals', dir: idxCase.dir, args: ['--probe', '--batch', 'first:100', '--data-from', '/usr/share/datasets/fashion-mnist'] });
  jobs.push({
    id: 'idx-originals-train',
    dir: idxCase.dir,
    args: [
      '--epochs',
      '1',
      '--data-from',
      '/usr/share/datasets/fashion-mnist',
      '--log',
      path.join(root, 'idx-orig.jsonl'),
      '--out',
      path.join(root, 'idx-runs'),
      '--save-weights',
      path.join(root, 'idx-orig-w'),
    ],
  });
  jobs.push({
    id: 'idx-train',
    dir: idxCase.dir,
    args: ['--epochs', '1', '--log', path.join(root, 'idx.jsonl'), '--out', path.join(root, 'idx-runs2'), '--save-weights', path.join(root, 'idx-w')],
  });
  // a regression whose target is y·5e4 + 3e5: Gradscope trains it standardised and reports it in its own units
  const big = path.join(root, 'big.csv');
  const bigRows = ['a,b,c,target'];
  for (let i = 0; i < 240; i++) {
    const a = ((i * 37) % 100) / 50 - 1;
    const b = ((i * 59) % 100) / 50 - 1;
    const c = ((i * 13) % 17) / 8 - 1;
    const y = 1.5 * a - 0.8 * b + 0.6 * a * b + 0.3 * Math.sin(3 * c);
    bigRows.push(`${a},${b},${c},${(y * 5e4 + 3e5).toFixed(3)}`);
  }
  await writeFile(big, bigRows.join('\n') + '\n');
  const bigGraph = graph(
    [input(), dense('h', 12, 'tanh'), output('linear')],
    [
      ['in', 'h'],
      ['h', 'out'],
    ],
  );
  const bigTraining = training({ dataset: { kind: 'csv', file: big, label: 'target' }, optimizer: { kind: 'adam' }, learningRate: 0.03, batchSize: 8 });
  bigCase = { dir: path.join(root, 'big'), root, csv: big, graph: bigGraph, training: bigTraining, gs: await gradscopeRun(bigGraph, bigTraining) };
  await exportCase(bigGraph, bigTraining, bigCase.dir, 'big-target');
  jobs.push({ id: 'big', dir: bigCase.dir, args: ['--log', path.join(root, 'big.jsonl'), '--out', path.join(root, 'big-runs')] });
  jobs.push({
    id: 'big-originals',
    dir: bigCase.dir,
    args: ['--data-from', big, '--log', path.join(root, 'big-orig.jsonl'), '--out', path.join(root, 'big-runs2')],
  });
  jobs.push({ id: 'big-probe', dir: bigCase.dir, args: ['--probe', '--batch', 'first:40'] });
  py = await runPython(jobs);
});

interface ProbeJson {
  loss: number;
  acc: number | null;
  layers: Array<{ node: string; kernelNorm: number; kernelMeanAbs: number; biasNorm: number | null }>;
}

/** Largest relative error between a Python probe and Gradscope's, over the loss and every layer's numbers. */
function probeError(pyOut: string, gs: Awaited<ReturnType<typeof gradscopeProbe>>): number {
  const p = JSON.parse(pyOut) as ProbeJson;
  expect(p.layers.map((l) => l.node)).toEqual(gs.layers.map((l) => l.node));
  let worst = relErr(gs.loss, p.loss);
  gs.layers.forEach((l, i) => {
    const q = p.layers[i]!;
    worst = Math.max(worst, relErr(l.kernelNorm, q.kernelNorm), relErr(l.kernelMeanAbs, q.kernelMeanAbs));
    if (l.biasNorm !== null) worst = Math.max(worst, relErr(l.biasNorm, q.biasNorm!));
  });
  return worst;
}

describe('an exported project agrees with Gradscope', () => {
  for (const [i, c] of CASES.entries()) {
    it(`${c.name}: probe and one epoch`, async () => {
      const p = prepared[i]!;
      const probeErr = probeError(ok(`probe${i}`).stdout, p.gsProbe);
      expect(probeErr).toBeLessThan(TOL);

      ok(`train${i}`);
      const saved = await readSavedWeights(p.saved);
      const { layers } = modelCode(c.graph, { inputDim: 2, classes: 3 }, 'x');
      let worstWeight = 0;
      for (const l of layers) {
        const gs = p.gsRun.weights.get(l.info.node)!;
        const [rows, cols] = gs.shape as [number, number];
        const pairs: Array<[ArrayLike<number>, Float32Array | undefined]> = [[transpose(gs.kernel, rows, cols), saved.get(l.keys.kernel)]];
        if (l.keys.bias) pairs.push([gs.bias!, saved.get(l.keys.bias)]);
        if (l.keys.alpha) pairs.push([gs.alpha!, saved.get(l.keys.alpha)]);
        for (const [a, b] of pairs) {
          expect(b, `${l.attr}: a weight tensor is missing`).toBeDefined();
          const d = relL2(a, b!);
          worstWeight = Math.max(worstWeight, d);
          expect(d, `${l.attr}`).toBeLessThan(TOL);
        }
      }
      // the weights moved by far more than the tolerance: the comparison is of training, not of two copies of the start
      const initial = await readSavedWeights(path.join(p.dir, 'weights'));
      const moved = Math.min(...layers.map((l) => relL2(initial.get(l.keys.kernel)!, saved.get(l.keys.kernel)!)));
      expect(moved).toBeGreaterThan(10 * TOL);

      // the logged step gradients and the epoch's validation loss agree too
      const events = (await readFile(path.join(path.dirname(p.saved), `case${i}.jsonl`), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const pySteps = events.filter((e) => e.type === 'steps').flatMap((e) => e.steps);
      expect(pySteps.length).toBe(p.gsRun.steps.length);
      let worstGrad = 0;
      pySteps.forEach((s: { layers: Array<{ kernelNorm: number }> }, k: number) =>
        s.layers.forEach((l, j) => (worstGrad = Math.max(worstGrad, relErr(p.gsRun.steps[k]!.layers[j]!.kernelNorm, l.kernelNorm)))),
      );
      expect(worstGrad).toBeLessThan(TOL);
      const pyEpoch = events.find((e) => e.type === 'epoch');
      const valErr = relErr(p.gsRun.epochs[0]!.valLoss!, pyEpoch.valLoss);
      expect(valErr).toBeLessThan(TOL);
      table.push(
        `| ${c.training.optimizer.kind} | ${c.name.split(': ')[1]} | ${probeErr.toExponential(1)} | ${worstWeight.toExponential(1)} | ${worstGrad.toExponential(1)} | ${valErr.toExponential(1)} | ${moved.toExponential(1)} | ${pySteps.length} |`,
      );
      if (i === CASES.length - 1) {
        console.log(
          [
            '| optimizer | graph | probe max rel. err | weights max rel. L2 after 1 epoch | step ‖∂L/∂W‖ max rel. err | val loss rel. err | smallest kernel change in the epoch | steps |',
            '|---|---|---|---|---|---|---|---|',
            ...table,
          ].join('\n'),
        );
      }
    });
  }

  it("puts dropout at exactly the graph's nodes and rates, active in training only", () => {
    const r = ok('dropout');
    expect(r.check).toEqual({ rates: { in_layer_dropout: 0.2, d_dropout: 0.5 }, evalRepeats: true, trainDiffers: true, trainDiffersFromEval: true });
  });

  it('early stopping: same monitored metric, patience and restored best weights', async () => {
    ok('es');
    const root = path.dirname(esCase!.dir);
    const events = (await readFile(path.join(root, 'es.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const gsStop = esCase!.gs.result;
    expect(gsStop.reason).toBe('early_stopped');
    const stop = events.find((e) => e.type === 'early_stop');
    expect(stop).toMatchObject({ epoch: gsStop.epochs, bestEpoch: gsStop.bestEpoch, restored: true });
    const finished = events.at(-1);
    expect(finished).toMatchObject({ type: 'finished', reason: 'early_stopped', epochs: gsStop.epochs, bestEpoch: gsStop.bestEpoch });
    expect(relErr(gsStop.test!.loss, finished.test.loss)).toBeLessThan(TOL);
    const saved = await readSavedWeights(path.join(root, 'es-w'));
    const h = esCase!.gs.weights.get('h')!;
    expect(relL2(transpose(h.kernel, h.shape[0]!, h.shape[1]!), saved.get('h.linear.weight')!)).toBeLessThan(TOL);
  });

  it('every preset: the probe equals gradscope probe', async () => {
    expect(presetDirs.length).toBeGreaterThanOrEqual(5);
    for (const p of presetDirs) {
      const gs = await gradscopeProbe(p.graph, p.training, 128);
      expect(probeError(ok(`preset-${p.name}`).stdout, gs), p.name).toBeLessThan(TOL);
    }
  });

  it('CSV regression and IDX data: the exported split and the originals give the same probe', async () => {
    const gsCsv = await gradscopeProbe(csvCase!.graph, csvCase!.training, 50);
    expect(JSON.parse(ok('csv').stdout).acc).toBeNull();
    expect(probeError(ok('csv').stdout, gsCsv)).toBeLessThan(TOL);
    expect(probeError(ok('csv-originals').stdout, gsCsv)).toBeLessThan(TOL);
    const gsIdx = await gradscopeProbe(idxCase!.graph, idxCase!.training, 100);
    expect(probeError(ok('idx').stdout, gsIdx)).toBeLessThan(TOL);
    expect(probeError(ok('idx-originals').stdout, gsIdx)).toBeLessThan(TOL);
    // training from the originals ends where training from data/ ends (same split, same order)
    ok('idx-originals-train');
    ok('idx-train');
    const root = path.dirname(idxCase!.dir);
    const a = await readSavedWeights(path.join(root, 'idx-orig-w'));
    const b = await readSavedWeights(path.join(root, 'idx-w'));
    for (const [k, v] of b) expect(relL2(v, a.get(k)!), k).toBeLessThan(1e-6);
  });

  it("a regression target of y·5e4 + 3e5: the PyTorch log reports losses, MAE and R² in the target's units, as Gradscope does", async () => {
    const gs = bigCase!.gs;
    const gsEpoch = gs.epochs[0]!;
    const gsTest = gs.result.test!;
    // Gradscope's own figures are in the target's units (std ≈ 5e4 → MSE of order 1e8–1e9) and the model learnt
    expect(gsEpoch.valLoss!).toBeGreaterThan(1e6);
    expect(gsTest.r2!).toBeGreaterThan(0.3);
    const bigProject = { graph: bigCase!.graph, training: bigCase!.training };
    for (const [id, log] of [
      ['big', 'big.jsonl'],
      ['big-originals', 'big-orig.jsonl'],
    ] as const) {
      ok(id);
      const text = await readFile(path.join(bigCase!.root, log), 'utf8');
      const events = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const steps = events.filter((e) => e.type === 'steps').flatMap((e) => e.steps) as Array<{ loss: number }>;
      expect(steps.length, id).toBe(gs.steps.length);
      steps.forEach((s, k) => expect(relErr(gs.steps[k]!.loss, s.loss), `${id} step ${k + 1} loss`).toBeLessThan(TOL));
      const epoch = events.find((e) => e.type === 'epoch');
      for (const f of ['trainLoss', 'runningLoss', 'valLoss', 'trainR2', 'valR2'] as const) {
        expect(epoch[f], `${id} ${f}`).toEqual(expect.any(Number));
        expect(relErr(gsEpoch[f]!, epoch[f]), `${id} ${f}: Gradscope ${gsEpoch[f]}, PyTorch ${epoch[f]}`).toBeLessThan(TOL);
      }
      const finished = events.at(-1);
      expect(finished).toMatchObject({ type: 'finished', reason: 'completed', bestEpoch: gs.result.bestEpoch, modelEpoch: gs.result.modelEpoch });
      for (const f of ['loss', 'mae', 'r2'] as const) expect(relErr(gsTest[f]!, finished.test[f]), `${id} test ${f}`).toBeLessThan(TOL);
      expect(finished.test.acc).toBeNull();
      // imported into the project, the run shows Gradscope's figures
      const imported = runFromLog(text, bigProject, log, 'imported');
      if (!imported.ok) throw new Error(imported.error);
      const run = imported.run;
      for (const f of ['trainLoss', 'runningLoss', 'valLoss', 'trainR2', 'valR2'] as const)
        expect(relErr(gsEpoch[f]!, run.epochs[0]![f]!), `imported ${f}`).toBeLessThan(TOL);
      expect(run.epochs[0]!.trainSamples).toBe(gsEpoch.trainSamples);
      for (const f of ['loss', 'mae', 'r2'] as const) expect(relErr(gsTest[f]!, run.test![f]!), `imported test ${f}`).toBeLessThan(TOL);
      expect(run.modelEpoch).toBe(gs.result.modelEpoch);
      console.log(
        `${id}: Gradscope / PyTorch — val MSE ${gsEpoch.valLoss!.toPrecision(6)} / ${epoch.valLoss.toPrecision(6)}, train R² ${gsEpoch.trainR2!.toFixed(5)} / ${epoch.trainR2.toFixed(5)}, ` +
          `val R² ${gsEpoch.valR2!.toFixed(5)} / ${epoch.valR2.toFixed(5)}, test MSE ${gsTest.loss.toPrecision(6)} / ${finished.test.loss.toPrecision(6)}, test MAE ${gsTest.mae!.toPrecision(6)} / ${finished.test.mae.toPrecision(6)}, test R² ${gsTest.r2!.toFixed(5)} / ${finished.test.r2.toFixed(5)}`,
      );
      expect(relErr(gs.steps.at(-1)!.loss, run.steps.loss.at(-1)!)).toBeLessThan(TOL);
    }
    // the probe reports the loss that is minimised (standardised target), as gradscope probe --json does
    const gsProbe = await gradscopeProbe(bigCase!.graph, bigCase!.training, 40);
    expect(gsProbe.loss).toBeLessThan(100);
    expect(probeError(ok('big-probe').stdout, gsProbe)).toBeLessThan(TOL);
  });

  it('names the TF.js layers as compile.ts does, so --model folders map onto the PyTorch layers', () => {
    expect(tfjsLayerName('h1')).toBe('h1');
    expect(tfjsLayerName('_x y')).toBe('n_x_y');
  });
});
