// Kept models (a sweep variant's): a trainer writes a finished run's model and path to a folder and lets it go
// ('keep'); another trainer loads it back on demand ('load') and answers for that run as for its own. Real
// training, in-process; the loaded models are bounded (no tensor of an older one stays).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../src-main/layers/tf';
import type { TrainerEvent } from '../../../src-main/contract/events';
import type { LandscapeView } from '../../../src-main/contract/landscape';
import { createTrainerService, LOADED_KEPT_MODELS } from '../../../src-main/trainer/trainer-service';
import { loadExportedModel } from '../../../src-main/export/tfjs-layers';
import { readKeptModel, thinPath } from '../../../src-main/export/kept-model';
import { realTrainerDeps } from './fixtures/trainer-deps';
import { SweepPool } from '../../../src-main/trainer/sweep-pool';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import { planSweep } from '../../../src-main/analysis/sweep-axes';
import { SweepSpec, type SweepEvent } from '../../../src-main/contract/sweep';
import { chain, config, dense } from './fixtures/graphs';
import { spiral } from './fixtures/datasets';

const root = mkdtempSync(join(tmpdir(), 'gradscope-kept-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const graph = chain([dense(8, 'prelu'), dense(8, 'relu')]);
const training = { ...config({ epochs: 3 }), dataset: { kind: 'synthetic' as const, name: 'spiral' as const, samples: 150, noise: 0.1 } };
const probe = tf.tensor2d([0.1, -0.4, 0.8, 0.3, -0.6, -0.2], [3, 2]);

/** folders read back by the trainers */
const reads: string[] = [];
const service = () =>
  createTrainerService({
    post: (_: TrainerEvent) => undefined,
    ...realTrainerDeps,
    loadDataset: async () => spiral(150),
    loadKeptModel: async (dir) => (reads.push(dir), readKeptModel(dir)),
  });

describe('kept models', () => {
  it("a trainer keeps a run's model on disk and lets it go; another loads it back and exports the same model", { timeout: 120_000 }, async () => {
    const worker = service();
    const expected: number[][][] = [];
    for (const id of ['k0', 'k1', 'k2', 'k3']) {
      await worker.call('start', { runId: id, graph, training: { ...training, seed: id.charCodeAt(1) } });
      await worker.idle();
      expected.push(tf.tidy(() => (worker.models.get(id)!.model.predict(probe) as tf.Tensor2D).arraySync()));
      // k3 keeps the least path a sweep of many variants would: its initial and trained weights only
      const budget = id === 'k3' ? { pathBytes: 1 } : {};
      expect(await worker.call('keep', { runId: id, dir: join(root, id), ...budget })).toEqual({ ok: true, value: { dir: join(root, id) } });
      expect(worker.models.ids()).not.toContain(id); // its tensors are gone from the worker
    }
    expect(await worker.call('keep', { runId: 'k0', dir: join(root, 'again') })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/run k0 has no trained model/),
    });

    const app = service();
    // two views asking at once share one load (a second would replace the model the first one reads)
    reads.length = 0;
    const both = await Promise.all([app.call('load', { runId: 'k0', dir: join(root, 'k0') }), app.call('load', { runId: 'k0', dir: join(root, 'k0') })]);
    expect(both).toEqual([
      { ok: true, value: null },
      { ok: true, value: null },
    ]);
    expect(reads).toEqual([join(root, 'k0')]);
    expect(await app.call('export', { runId: 'k0', dir: join(root, 'out0') })).toEqual({ ok: true, value: { dir: join(root, 'out0') } });
    const back = await loadExportedModel(join(root, 'out0'));
    const got = tf.tidy(() => (back.predict(probe) as tf.Tensor2D).arraySync());
    back.dispose();
    got.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(expected[0]![i]![j]!, 5)));

    // the learned activations answer for the loaded run
    const act = await app.call('activations', { runId: 'k0', direction: 'own' });
    expect(act).toMatchObject({ ok: true, value: { source: 'k0' } });

    // loading more runs than it holds: the oldest loaded one goes, with its tensors
    await app.call('load', { runId: 'k1', dir: join(root, 'k1') });
    const held = tf.memory().numTensors;
    for (const id of ['k2', 'k3']) expect(await app.call('load', { runId: id, dir: join(root, id) })).toEqual({ ok: true, value: null });
    expect(tf.memory().numTensors).toBe(held);
    const land = await app.call('landscape', { runId: 'k3', grid: 5 });
    expect((land as { ok: true; value: LandscapeView }).value.line.path.map((p) => p.epoch)).toEqual([0, 3]);
    const full = await app.call('landscape', { runId: 'k2', grid: 5 });
    expect((full as { ok: true; value: LandscapeView }).value.line.path.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    expect(LOADED_KEPT_MODELS).toBe(2);
    expect(await app.call('export', { runId: 'k0', dir: join(root, 'gone') })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/run k0 has no trained model/),
    });
    // …and loads again when asked
    expect(await app.call('load', { runId: 'k0', dir: join(root, 'k0') })).toEqual({ ok: true, value: null });
    expect(await app.call('export', { runId: 'k0', dir: join(root, 'out0b') })).toMatchObject({ ok: true });
  });

  it('a view computing on a loaded run finishes when newer loads push that run out; its tensors go when the view is done', { timeout: 120_000 }, async () => {
    const worker = service();
    for (const id of ['h0', 'h1', 'h2']) {
      await worker.call('start', { runId: id, graph, training: { ...training, seed: id.charCodeAt(1) } });
      await worker.idle();
      await worker.call('keep', { runId: id, dir: join(root, id) });
    }
    // the landscape of h0 waits, once it holds its model, until the test opens the gate
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const app = createTrainerService({
      post: (_: TrainerEvent) => undefined,
      ...realTrainerDeps,
      loadDataset: async () => spiral(150),
      loadKeptModel: (dir) => readKeptModel(dir),
      computeLandscape: async (...args) => {
        inside();
        await gate;
        return realTrainerDeps.computeLandscape(...args);
      },
    });
    const base = tf.memory().numTensors;
    await app.call('load', { runId: 'h0', dir: join(root, 'h0') });
    const perModel = tf.memory().numTensors - base;
    expect(perModel).toBeGreaterThan(0);
    const land = app.call('landscape', { runId: 'h0', grid: 5 });
    await entered;
    // two newer loads: h0 is no longer kept (an export of it now says so)…
    for (const id of ['h1', 'h2']) expect(await app.call('load', { runId: id, dir: join(root, id) })).toEqual({ ok: true, value: null });
    expect(await app.call('export', { runId: 'h0', dir: join(root, 'h0-out') })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/run h0 has no trained model/),
    });
    // …but the landscape under way still reads its weights, and they go when it is done
    expect(tf.memory().numTensors).toBe(base + 3 * perModel);
    open();
    const view = await land;
    expect(view.ok, JSON.stringify(view).slice(0, 300)).toBe(true);
    const line = (view as { ok: true; value: LandscapeView }).value.line;
    expect(line.path.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    expect(line.path.every((p) => Number.isFinite(p.loss))).toBe(true);
    expect(tf.memory().numTensors).toBe(base + 2 * perModel);
  });

  it('a damaged kept folder is refused naming the file', { timeout: 60_000 }, async () => {
    const worker = service();
    await worker.call('start', { runId: 'd', graph, training });
    await worker.idle();
    await worker.call('keep', { runId: 'd', dir: join(root, 'd') });
    await truncate(join(root, 'd', 'path.bin'), 100);
    const app = service();
    expect(await app.call('load', { runId: 'd', dir: join(root, 'd') })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/path\.bin: 100 bytes, the model's 4 kept points need \d+/),
    });
    expect(await app.call('load', { runId: 'x', dir: join(root, 'nothing') })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/kept\.json: not found/),
    });
  });

  it('a variant whose model cannot be written still finishes with its results, and the sweep is told why', { timeout: 60_000 }, async () => {
    const spec = SweepSpec.parse({ axes: [{ name: 'seed', values: [1] }] });
    const plan = planSweep(graph, { ...training, epochs: 1 }, spec, { io: { inputDim: 2, classes: 3 } });
    if (!plan.ok) throw new Error(plan.error);
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a folder');
    const events: SweepEvent[] = [];
    const failed: string[] = [];
    const summary = await new SweepPool({
      sweepId: 'nokeep',
      axes: spec.axes,
      variants: plan.variants,
      workers: 1,
      createHost: () => createWorkerThreadHost(),
      keepModelIn: (runId) => join(file, runId),
      onKeepFailed: (runId, error) => failed.push(`${runId}: ${error}`),
      emit: (e) => events.push(e),
    }).run();
    expect(summary.variants[0]!.status).toBe('completed');
    expect(events.find((e) => e.type === 'variant-finished')).toMatchObject({ model: false });
    expect(failed).toEqual([expect.stringMatching(/^nokeep-v0: .*a-file.*a part of the path is a file, not a folder/)]);
  });

  it('a long path is thinned to its budget, keeping the initial and the last point', () => {
    const points = Array.from({ length: 41 }, (_, epoch) => ({ epoch, weights: [new Float32Array(1000)] }));
    const kept = thinPath(points, 10 * 4000);
    expect(kept).toHaveLength(10);
    expect(kept[0]!.epoch).toBe(0);
    expect(kept.at(-1)!.epoch).toBe(40);
    expect(thinPath(points.slice(0, 5), 10 * 4000)).toHaveLength(5);
  });
});
