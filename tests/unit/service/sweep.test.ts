import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AppEvent } from '../../../src-main/contract/api';
import type { SweepEvent, SweepSummary } from '../../../src-main/contract/sweep';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import type { GradscopeService } from '../../../src-main/service/service';
import { makeService, tempDir } from './fixtures';
import { threeNodeGraph } from '../fixtures/graphs';

const services: GradscopeService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

const graph = threeNodeGraph({ hidden: { units: 6, activation: 'tanh' } });
const training = {
  dataset: { kind: 'synthetic', name: 'xor', samples: 120 },
  optimizer: { kind: 'adam' },
  learningRate: 0.02,
  batchSize: 16,
  epochs: 2,
};

async function service() {
  const s = makeService(join(await tempDir(), 'home'), { createTrainer: () => createWorkerThreadHost() });
  services.push(s);
  return s;
}

describe('sweeps through the service', () => {
  it('a session starts a sweep, hears its events and the summary; a second session does not', { timeout: 120_000 }, async () => {
    const s = await service();
    const mine = s.openSession();
    const other = s.openSession();
    const heard: SweepEvent[] = [];
    const overheard: AppEvent[] = [];
    const finished = new Promise<SweepSummary>((resolve) =>
      mine.onEvent((e) => {
        if (e.type !== 'sweep') return;
        heard.push(e.event);
        if (e.event.type === 'sweep-finished') resolve(e.event.summary);
      }),
    );
    other.onEvent((e) => overheard.push(e));
    const r = await mine.handleCall('startSweep', {
      graph,
      training,
      sweep: { axes: [{ name: 'units', values: [2, 6] }], workers: 2 },
      template: 'none',
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        workers: 2,
        variants: [
          { index: 0, label: 'units=2' },
          { index: 1, label: 'units=6' },
        ],
      },
    });
    const sweepId = (r as { value: { sweepId: string } }).value.sweepId;
    // one at a time, and no single run beside it
    expect(await mine.handleCall('startSweep', { graph, training, sweep: { axes: [{ name: 'seed', values: [1] }] } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/still running/),
    });
    expect(await mine.handleCall('startTraining', { graph, training })).toMatchObject({ ok: false, error: expect.stringMatching(/while sweep .* is running/) });
    const current = await s.handleCall('currentSweep', {});
    expect(current).toMatchObject({ ok: true, value: { sweepId, template: 'none', variants: [{ label: 'units=2' }, { label: 'units=6' }] } });
    const summary = await finished;
    expect(summary.variants.map((v) => v.status)).toEqual(['completed', 'completed']);
    expect(heard[0]).toMatchObject({ type: 'sweep-started', sweepId });
    expect(overheard).toEqual([]);
    expect(await s.handleCall('currentSweep', {})).toEqual({ ok: true, value: null });
    expect(await s.handleCall('stopSweep', { sweepId })).toMatchObject({ ok: false, error: `sweep ${sweepId} has already finished` });
  });

  it('refuses an axis that does not apply with kind invalid and the axis field, before any trainer starts', async () => {
    const s = makeService(await tempDir());
    services.push(s);
    const r = await s.handleCall('startSweep', {
      graph,
      training,
      sweep: {
        axes: [
          { name: 'depth', values: [1, 2] },
          { name: 'pieces', values: [2, 4] },
        ],
      },
    });
    expect(r).toEqual({
      ok: false,
      kind: 'invalid',
      error: 'cannot sweep: axis pieces: the graph has no maxout layer to change',
      where: { field: 'sweep.axes[1]' },
    });
    const big = await s.handleCall('startSweep', { graph, training, sweep: { axes: [{ name: 'trainSamples', values: [50, 100] }] } });
    expect(big).toMatchObject({ ok: false, error: 'cannot sweep: axis trainSamples: 100 is out of range (at most the 84 samples of the training split)' });
    const bad = await s.handleCall('startSweep', { graph, training, sweep: { axes: [{ name: 'colour', values: [1] }] } });
    expect(bad).toMatchObject({ ok: false, kind: 'invalid', where: { field: 'sweep.axes[0].name' } });
  });

  it('stop over the API: finished variants kept, the sweep reports stopped', { timeout: 120_000 }, async () => {
    const s = await service();
    const session = s.openSession();
    let sweepId = '';
    const finished = new Promise<SweepSummary>((resolve) =>
      session.onEvent((e) => {
        if (e.type !== 'sweep') return;
        if (e.event.type === 'variant-finished' && e.event.index === 0) void session.handleCall('stopSweep', { sweepId });
        if (e.event.type === 'sweep-finished') resolve(e.event.summary);
      }),
    );
    const r = await session.handleCall('startSweep', {
      graph,
      training: { ...training, epochs: 40 },
      sweep: { axes: [{ name: 'learningRate', values: [0.01, 0.02, 0.03] }], workers: 1 },
    });
    sweepId = (r as { value: { sweepId: string } }).value.sweepId;
    const summary = await finished;
    expect(summary.state).toBe('stopped');
    expect(summary.variants[0]!.status).toBe('completed');
    expect(summary.variants.slice(1).map((v) => v.status)).not.toContain('completed');
    // the stopped sweep keeps the trained model of the variant that finished
    const dir = join(await tempDir(), 'model');
    expect(await s.handleCall('exportModel', { runId: summary.variants[0]!.runId!, dir })).toEqual({ ok: true, value: { dir } });
  });
});
