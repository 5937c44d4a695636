// A sweep variant's trained model, after the sweep: its worker kept it on disk, and the app's trainer loads it
// back when the user exports it or opens a model-based view of the variant's run. Real sweeps on real
// trainer workers; the exported model predicts what the variant's own model measured.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../../../src-main/layers/tf';
import type { ActivationsView } from '../../../src-main/contract/activations';
import type { DropoutEnsembleView } from '../../../src-main/contract/dropout-ensemble';
import type { LandscapeView } from '../../../src-main/contract/landscape';
import type { SweepEvent, SweepSummary } from '../../../src-main/contract/sweep';
import type { TrainingConfig } from '../../../src-main/contract/training';
import { KEPT_SWEEPS } from '../../../src-main/contract/api';
import { loadDataset } from '../../../src-main/data/index';
import { loadExportedModel } from '../../../src-main/export/tfjs-layers';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import type { GradscopeService } from '../../../src-main/service/service';
import { makeService, tempDir } from './fixtures';
import { threeNodeGraph } from '../fixtures/graphs';

const services: GradscopeService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

// one PReLU layer with dropout: every model-based view applies (learned activations, landscape, ensemble)
const graph = threeNodeGraph({ hidden: { units: 8, activation: 'prelu', dropout: 0.2 } });
const training = {
  dataset: { kind: 'synthetic', name: 'spiral', samples: 240, classes: 3 },
  optimizer: { kind: 'adam' },
  learningRate: 0.02,
  batchSize: 16,
  epochs: 3,
};

function service(home: string): GradscopeService {
  const s = makeService(home, { createTrainer: () => createWorkerThreadHost() });
  services.push(s);
  return s;
}

async function sweep(s: GradscopeService): Promise<{ summary: SweepSummary; finished: Extract<SweepEvent, { type: 'variant-finished' }>[] }> {
  const finished: Extract<SweepEvent, { type: 'variant-finished' }>[] = [];
  const done = new Promise<SweepSummary>((resolve) =>
    s.onEvent((e) => {
      if (e.type !== 'sweep') return;
      if (e.event.type === 'variant-finished') finished.push(e.event);
      if (e.event.type === 'sweep-finished') resolve(e.event.summary);
    }),
  );
  // two seeds of one graph: the landscape can put both variants on one plane
  const r = await s.handleCall('startSweep', { graph, training, sweep: { axes: [{ name: 'seed', values: [3, 4] }], workers: 2 } });
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return { summary: await done, finished };
}

/** The test-split loss of an exported model folder, on the dataset its metadata names. */
async function testLossOf(dir: string): Promise<number> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { userDefinedMetadata: { gradscope: { training: TrainingConfig } } };
  const t = json.userDefinedMetadata.gradscope.training;
  const d = await loadDataset(t.dataset, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit });
  const model = await loadExportedModel(dir);
  try {
    const p = tf.tidy(() => (model.predict(tf.tensor2d(d.test.x, [d.test.n, d.inputDim])) as tf.Tensor2D).arraySync());
    const y = d.test.y;
    return -p.reduce((s, row, i) => s + Math.log(row[y[i]!]!), 0) / d.test.n;
  } finally {
    model.dispose();
  }
}

describe("a sweep variant's model, after the sweep", () => {
  it('exports and answers the model-based views for a variant run; the models go when the app quits', { timeout: 240_000 }, async () => {
    const home = join(await tempDir(), 'home');
    const s = service(home);
    const { summary, finished } = await sweep(s);
    expect(summary.state).toBe('completed');
    expect(finished.map((f) => f.model)).toEqual([true, true]);
    const [a, b] = summary.variants.map((v) => v.runId!);

    // TF.js export: the model reloads and scores the test split as the variant did at its tested weights
    const out = await tempDir();
    const exported = await s.handleCall('exportModel', { runId: a!, label: 'seed=3', dir: join(out, 'model') });
    expect(exported, JSON.stringify(exported)).toEqual({ ok: true, value: { dir: join(out, 'model') } });
    expect(await testLossOf(join(out, 'model'))).toBeCloseTo(summary.variants[0]!.test!.loss!, 4);
    // the other variant's model is its own, not the first one again
    await s.handleCall('exportModel', { runId: b!, dir: join(out, 'model-b') });
    expect(await testLossOf(join(out, 'model-b'))).toBeCloseTo(summary.variants[1]!.test!.loss!, 4);
    expect(Math.abs(summary.variants[0]!.test!.loss! - summary.variants[1]!.test!.loss!)).toBeGreaterThan(1e-4);

    // the PyTorch project carries the same weights
    const py = await s.handleCall('exportPytorch', { runId: a!, label: 'seed=3', graph, training: training as never, dir: join(out, 'py') });
    expect(py, JSON.stringify(py)).toMatchObject({ ok: true, value: { dir: join(out, 'py') } });

    // learned activations: the PReLU α of the variant's own model
    const act = await s.handleCall('activationShapes', { runId: b!, direction: 'own' });
    expect(act.ok, JSON.stringify(act).slice(0, 300)).toBe(true);
    const view = (act as { ok: true; value: ActivationsView }).value;
    expect(view.source).toBe(b);
    expect(view.layers.map((l) => [l.node, l.kind])).toEqual([['h', 'prelu']]);

    // the loss landscape of one variant on the plane through both variants' trained weights, with their paths
    const land = await s.handleCall('lossLandscape', { runId: a!, compareWith: b!, grid: 5 });
    expect(land.ok, JSON.stringify(land).slice(0, 300)).toBe(true);
    const lv = (land as { ok: true; value: LandscapeView }).value;
    expect(lv.line.path.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    expect(lv.plane?.paths).toHaveLength(2);
    // the line's end is the trained model: its loss there is the variant's training loss on the sample, not the initial one
    const at = (t: number) => lv.line.loss[lv.line.t.indexOf(t)]!;
    expect(at(1)).toBeLessThan(at(0));

    // dropout as an ensemble, measured on the variant's model
    const ens = await s.handleCall('dropoutEnsemble', { runId: a!, samples: [1, 4], repeats: 2, examples: 40, activation: 'trained', seed: 1 });
    expect(ens.ok, JSON.stringify(ens).slice(0, 300)).toBe(true);
    expect((ens as { ok: true; value: DropoutEnsembleView }).value.source).toBe(a);

    // the models live in a temp folder of this process in the data dir; quitting removes it
    expect((await readdir(home)).filter((f) => f.startsWith('.sweep-models.tmp-'))).toHaveLength(1);
    await s.dispose();
    expect((await readdir(home)).filter((f) => f.startsWith('.sweep-models.tmp-'))).toEqual([]);

    // after a restart the variant's model is gone, and the user is told why in words
    const again = service(home);
    const gone = await again.handleCall('exportModel', { runId: a!, dir: join(out, 'again') });
    expect(gone).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /^this sweep variant \(run sweep-.*-v0\) was trained in an earlier session of Gradscope, and a sweep's trained models are kept only while Gradscope runs/,
      ),
    });
    const goneView = await again.handleCall('activationShapes', { runId: a!, direction: 'own' });
    expect(goneView).toMatchObject({ ok: false, error: expect.stringMatching(/earlier session of Gradscope/) });
  });

  it(`the models of the last ${KEPT_SWEEPS} sweeps stay; an older sweep's go, and the user is told why`, { timeout: 240_000 }, async () => {
    const home = join(await tempDir(), 'home');
    const s = service(home);
    const runs: string[] = [];
    for (let i = 0; i <= KEPT_SWEEPS; i++) {
      const done = new Promise<SweepSummary>((resolve) => {
        const off = s.onEvent((e) => e.type === 'sweep' && e.event.type === 'sweep-finished' && (off(), resolve(e.event.summary)));
      });
      const r = await s.handleCall('startSweep', { graph, training: { ...training, epochs: 1 }, sweep: { axes: [{ name: 'seed', values: [i + 1] }] } });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      runs.push((await done).variants[0]!.runId!);
    }
    const kept = await s.handleCall('sweepModels', { runIds: [...runs, 'run-elsewhere'] });
    expect(kept).toEqual({ ok: true, value: runs.slice(1) });
    const [models] = (await readdir(home)).filter((f) => f.startsWith('.sweep-models.tmp-'));
    await expect.poll(async () => (await readdir(join(home, models!))).length).toBe(KEPT_SWEEPS);
    const old = await s.handleCall('exportModel', { runId: runs[0]!, dir: join(await tempDir(), 'm') });
    expect(old).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /this sweep variant's trained model \(run .*\) was let go: Gradscope keeps the models of its last 3 sweeps only; load the variant into the editor/,
      ),
    });
    const last = await s.handleCall('exportModel', { runId: runs.at(-1)!, dir: join(await tempDir(), 'm') });
    expect(last.ok).toBe(true);
  });

  it('a crash leaves the models folder behind: the next start removes it', async () => {
    const home = join(await tempDir(), 'home');
    // pid 2^22 + 1 is above Linux's pid_max: no live process has it
    const stale = join(home, `.sweep-models.tmp-${2 ** 22 + 1}-abc123`);
    await mkdir(join(stale, 'sweep-x', 'run'), { recursive: true });
    const s = service(home);
    expect(await s.swept).toContain(stale);
    expect(await readdir(home)).not.toContain(`.sweep-models.tmp-${2 ** 22 + 1}-abc123`);
  });
});
