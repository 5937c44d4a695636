import { describe, expect, it } from 'vitest';
import { SweepPool } from '../../../src-main/trainer/sweep-pool';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import { planSweep } from '../../../src-main/analysis/sweep-axes';
import { SweepSpec, type SweepEvent, type SweepSpecInput, type VariantResult } from '../../../src-main/contract/sweep';
import { chain, config, dense } from './fixtures/graphs';

const graph = chain([dense(8, 'tanh'), dense(8, 'tanh')]);
const training = config({ epochs: 2, batchSize: 16, dataset: { kind: 'synthetic', name: 'spiral', samples: 200, noise: 0.1, classes: 3 } });

function variants(spec: SweepSpecInput, base = training) {
  const r = planSweep(graph, base, SweepSpec.parse(spec), { io: { inputDim: 2, classes: 3 } });
  if (!r.ok) throw new Error(r.error);
  return { axes: SweepSpec.parse(spec).axes, variants: r.variants };
}

function pool(spec: SweepSpecInput, workers: number, events: SweepEvent[] = []) {
  return new SweepPool({
    sweepId: `s${workers}`,
    ...variants(spec),
    workers,
    createHost: () => createWorkerThreadHost(undefined, { threads: 1 }),
    emit: (e) => events.push(e),
  });
}

const figures = (r: VariantResult) => [r.train?.loss, r.train?.acc, r.val?.loss, r.val?.acc, r.test?.loss, r.test?.acc, r.gradRatio];

describe('sweep pool: variants on trainer workers', () => {
  const spec: SweepSpecInput = {
    axes: [
      { name: 'depth', values: [1, 3] },
      { name: 'activation', values: ['tanh', 'relu'] },
    ],
  };

  it('trains every variant, and each variant learns the same with 1 worker as with 2', { timeout: 240_000 }, async () => {
    const events: SweepEvent[] = [];
    const one = await pool(spec, 1).run();
    const two = await pool(spec, 2, events).run();
    expect(one.state).toBe('completed');
    expect(two.workers).toBe(2);
    expect(two.variants.map((v) => [v.label, v.status])).toEqual([
      ['depth=1 activation=tanh', 'completed'],
      ['depth=1 activation=relu', 'completed'],
      ['depth=3 activation=tanh', 'completed'],
      ['depth=3 activation=relu', 'completed'],
    ]);
    for (const [i, v] of two.variants.entries()) {
      const w = one.variants[i]!;
      // the figures of the weights that were tested: the epoch with the lowest validation loss (restore-best)
      expect(v.epoch).toBe(w.epoch);
      expect([1, 2]).toContain(v.epoch);
      expect(v.trainEvalSamples).toBe(140);
      figures(v).forEach((x, k) => (x === null || x === undefined ? expect(figures(w)[k]).toBe(x) : expect(figures(w)[k]).toBeCloseTo(x, 6)));
    }
    // one hidden layer has no first/last ratio; three do
    expect(two.variants.map((v) => v.gradRatio === null)).toEqual([true, true, false, false]);
    // the variants really differ: four different final training losses
    expect(new Set(two.variants.map((v) => v.train!.loss!.toFixed(6))).size).toBe(4);

    // events: started with the plan, every variant's trainer events tagged with it, progress to the whole, then the summary
    expect(events[0]).toMatchObject({ type: 'sweep-started', workers: 2, variants: [{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }] });
    for (const index of [0, 1, 2, 3]) {
      const mine = events.filter((e): e is Extract<SweepEvent, { type: 'variant-event' }> => e.type === 'variant-event' && e.index === index);
      expect(mine[0]!.event).toMatchObject({ type: 'started', runId: `s2-v${index}` });
      expect(mine.at(-1)!.event).toMatchObject({ type: 'finished', reason: 'completed' });
      expect(mine.every((e) => e.event.runId === `s2-v${index}` && e.axes === two.variants[index]!.axes)).toBe(true);
    }
    const progress = events.filter((e): e is Extract<SweepEvent, { type: 'sweep-progress' }> => e.type === 'sweep-progress');
    expect(progress.at(-1)).toMatchObject({ done: 4, total: 4, fraction: 1, running: [] });
    const fractions = progress.map((p) => p.fraction);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]! - 1e-9)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'sweep-finished', sweepId: 's2', summary: two });
  });

  it('stop: the running variant ends as stopped, no new one starts, finished ones keep their results', { timeout: 120_000 }, async () => {
    const events: SweepEvent[] = [];
    const p = new SweepPool({
      sweepId: 'stop',
      // long enough that the stop, sent from here at the second variant's first epoch, reaches its worker mid-run
      ...variants({ axes: [{ name: 'learningRate', values: [0.01, 0.02, 0.03] }] }, { ...training, epochs: 40 }),
      workers: 1,
      createHost: () => createWorkerThreadHost(),
      emit: (e) => {
        events.push(e);
        // stop as the second variant finishes its first epoch
        if (e.type === 'variant-event' && e.index === 1 && e.event.type === 'epoch') p.stop();
      },
    });
    const summary = await p.run();
    expect(summary.state).toBe('stopped');
    expect(summary.variants.map((v) => v.status)).toEqual(['completed', 'stopped', 'pending']);
    expect(summary.variants[0]!.train!.acc).toBeGreaterThan(0);
    // it stopped where the stop reached it: after its first epoch, well before its last
    expect(summary.variants[1]!.epochs).toBeGreaterThanOrEqual(1);
    expect(summary.variants[1]!.epochs).toBeLessThan(40);
    expect(events.filter((e) => e.type === 'variant-started').map((e) => (e as { index: number }).index)).toEqual([0, 1]);
  });

  it('pause holds the sweep until resumed; nothing is lost', { timeout: 120_000 }, async () => {
    const events: SweepEvent[] = [];
    let resumedAt = -1;
    const p = new SweepPool({
      sweepId: 'pause',
      ...variants({ axes: [{ name: 'seed', values: [1, 2] }] }),
      workers: 1,
      createHost: () => createWorkerThreadHost(),
      emit: (e) => {
        events.push(e);
        if (e.type === 'variant-finished' && e.index === 0) p.pause();
        if (e.type === 'sweep-paused')
          setTimeout(() => {
            resumedAt = events.length;
            p.resume();
          }, 300);
      },
    });
    const summary = await p.run();
    expect(summary.variants.map((v) => v.status)).toEqual(['completed', 'completed']);
    // the second variant started only after the resume
    const second = events.findIndex((e) => e.type === 'variant-started' && e.index === 1);
    expect(resumedAt).toBeGreaterThan(0);
    expect(second).toBeGreaterThanOrEqual(resumedAt);
    expect(events.map((e) => e.type)).toContain('sweep-resumed');
  });
});
