// The app's sweep state fed by a real sweep pool (trainer worker, tiny spiral): each variant's run is
// folded from its own trainer events, the results land by variant, and the finished sweep goes into
// a project file and comes back with its variants' runs.
import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { weightsExportBlock } from '../../../src-renderer/training/export-availability';
import { SweepState } from '../../../src-renderer/sweeps/sweep-state.svelte';
import { SweepPool } from '../../../src-main/trainer/sweep-pool';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import { planSweep } from '../../../src-main/analysis/sweep-axes';
import { SweepSpec, type SweepEvent } from '../../../src-main/contract/sweep';
import { PROJECT_FORMAT, PROJECT_VERSION, parseProject } from '../../../src-main/contract/project';
import type { GradscopeApi } from '../../../src-main/contract/api';
import { chain, config, dense } from '../trainer/fixtures/graphs';

const graph = chain([dense(8, 'tanh'), dense(8, 'tanh')]);
const training = config({ epochs: 2, batchSize: 16, dataset: { kind: 'synthetic', name: 'spiral', samples: 200, noise: 0.1, classes: 3 } });
const spec = SweepSpec.parse({ axes: [{ name: 'activation', values: ['tanh', 'relu'] }] });

describe('sweep state', () => {
  it('folds a real sweep into runs and results; the project file keeps it with its runs', { timeout: 240_000 }, async () => {
    const plan = planSweep(graph, training, spec, { io: { inputDim: 2, classes: 3 } });
    if (!plan.ok) throw new Error(plan.error);
    const calls: string[] = [];
    /** what the app says it keeps when asked (sweepModels) */
    let keptByApp: string[] = [];
    const api = {
      call: (async (m: string, p: { runIds?: string[] }) => {
        calls.push(m);
        if (m === 'sweepModels') return { ok: true, value: p.runIds!.filter((id) => keptByApp.includes(id)) };
        return m === 'startSweep'
          ? { ok: true, value: { sweepId: 'sw1', variants: plan.variants.map(({ index, axes, label }) => ({ index, axes, label })), workers: 1 } }
          : { ok: true, value: null };
      }) as GradscopeApi['call'],
    };
    const models = await mkdtemp(join(tmpdir(), 'gradscope-sweep-models-'));
    const state = new SweepState(api);
    expect(await state.start(graph, training, spec, { label: 'activations' })).toBeNull();
    expect(state.status).toBe('running');
    const events: SweepEvent[] = [];
    await new SweepPool({
      sweepId: 'sw1',
      axes: spec.axes,
      variants: plan.variants,
      workers: 1,
      createHost: () => createWorkerThreadHost(),
      keepModelIn: (runId) => join(models, runId),
      emit: (e) => {
        events.push(e);
        state.handle(e);
      },
    }).run();
    expect(state.status).toBe('finished');
    const s = state.shown!;
    // each variant's worker kept its model before the variant counted as finished: the views may use it
    expect((await readdir(models)).sort()).toEqual(['sw1-v0', 'sw1-v1']);
    for (const r of s.runs) {
      expect(state.isVariantRun(r!.id)).toBe(true);
      expect(state.hasModel(r!.id)).toBe(true);
      expect(weightsExportBlock(r!, 'sweep-kept', [])).toBeNull();
    }
    expect(state.isVariantRun('run-elsewhere')).toBe(false);
    expect(s.state).toBe('completed');
    expect(s.results.map((r) => r?.status)).toEqual(['completed', 'completed']);
    expect(s.runs.map((r) => r?.label)).toEqual(['activation=tanh · sweep “activations”', 'activation=relu · sweep “activations”']);
    // each run is its variant's: its graph's activation, its epochs, its final figures as the result says
    expect(s.runs[1]!.graph.nodes.filter((n) => n.type === 'dense').map((n) => (n as { activation: string }).activation)).toEqual(['relu', 'relu']);
    for (const i of [0, 1]) {
      const run = s.runs[i]!;
      expect(run.id).toBe(s.results[i]!.runId);
      expect(run.epochs).toHaveLength(2);
      const at = run.epochs.find((e) => e.epoch === s.results[i]!.epoch)!;
      expect(at.trainLoss).toBeCloseTo(s.results[i]!.train!.loss!, 9);
      expect(run.reason).toBe('completed');
    }
    expect(state.hasUnsaved).toBe(true);

    const stored = state.stored();
    const text = JSON.stringify({
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      name: 'p',
      graph,
      layout: {},
      training,
      runs: stored.runs,
      sweeps: stored.sweeps,
    });
    const back = parseProject(text);
    if (!back.ok) throw new Error(back.error);
    // reopened (a page reload, a project file): the app is asked which variants' models it still keeps
    keptByApp = [s.runs[1]!.id];
    const again = new SweepState(api);
    again.load(back.project.sweeps ?? [], back.project.runs);
    await expect.poll(() => again.hasModel(s.runs[1]!.id)).toBe(true);
    expect(again.hasModel(s.runs[0]!.id)).toBe(false);
    expect(weightsExportBlock(s.runs[0]!, 'sweep-gone', [])).toMatch(/not kept.*load the variant's graph into the editor/);
    expect(again.hasUnsaved).toBe(false);
    expect(again.shown?.label).toBe('activations');
    expect(again.shown?.variants.map((v) => v.label)).toEqual(['activation=tanh', 'activation=relu']);
    expect(again.shown?.runs.map((r) => r?.epochs.length)).toEqual([2, 2]);
    expect(again.shown?.results[1]?.train?.acc).toBeCloseTo(s.results[1]!.train!.acc!, 12);
  });

  it('a refused start says why and starts nothing', async () => {
    const api = { call: (async () => ({ ok: false, kind: 'invalid', error: 'sweep.axes[0]: depth needs a hidden chain' })) as unknown as GradscopeApi['call'] };
    const state = new SweepState(api);
    const err = await state.start(graph, training, spec);
    expect(err).toBe('the sweep did not start: sweep.axes[0]: depth needs a hidden chain');
    expect(state.status).toBe('error');
    expect(state.shown).toBeNull();
  });
});
