// A trainer that survives any model: a model that makes the wasm backend fail ends its run with a
// clear message, the worker is replaced, and the next run trains. And a run belongs to the app: a
// client that connects later learns of it and can stop it.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../src-main/contract/api';
import type { TrainerEvent } from '../../../src-main/contract/events';
import type { RequestFrame } from '../../../src-main/contract/channel';
import type { Graph } from '../../../src-main/contract/graph';
import type { GradscopeService } from '../../../src-main/service/service';
import type { TrainerHost } from '../../../src-main/trainer/host';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import { makeService, tempDir, xorProject } from './fixtures';

const services: GradscopeService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

function finishedRuns(service: GradscopeService): { events: TrainerEvent[]; finished: (runId: string) => Promise<TrainerEvent> } {
  const events: TrainerEvent[] = [];
  const waiters = new Map<string, (e: TrainerEvent) => void>();
  service.onEvent((e: AppEvent) => {
    if (e.type !== 'trainer') return;
    events.push(e.event);
    if (e.event.type === 'finished') waiters.get(e.event.runId)?.(e.event);
  });
  return {
    events,
    finished: (runId) => {
      const done = events.find((e) => e.type === 'finished' && e.runId === runId);
      return done ? Promise.resolve(done) : new Promise((r) => waiters.set(runId, r));
    },
  };
}

const runIdOf = (r: unknown): string => (r as { ok: true; value: { runId: string } }).value.runId;

describe('a trainer that survives any model', () => {
  it('replaces a worker whose wasm backend failed, and the next run trains', async () => {
    // (On wasm-native the native product refuses first: its result would lie outside the wasm heap.)
    // One maxout layer of 4096 units × 16 pieces at batch 65,536: its pre-max activations are 16 GiB, which
    // wasm's 32-bit heap cannot address. The budget is lifted so validation lets it through to the backend.
    const service = makeService(await tempDir(), { createTrainer: () => createWorkerThreadHost(), memoryBudgetBytes: 2 ** 50 });
    services.push(service);
    process.env.GRADSCOPE_MEMORY_BUDGET_MB = String(2 ** 30); // read by the worker
    const t = finishedRuns(service);
    const huge: Graph = {
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'm', type: 'maxout', units: 4096, pieces: 16, grouping: { kind: 'contiguous' } },
        { id: 'out', type: 'output', head: 'softmax' },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'm' },
        { id: 'e2', source: 'm', target: 'out' },
      ],
    } as Graph;
    try {
      const bad = await service.handleCall('startTraining', {
        graph: huge,
        training: {
          ...xorProject.training,
          dataset: { kind: 'synthetic', name: 'xor', samples: 70000 },
          batchSize: 65536,
          validationSplit: 0,
          testSplit: 0,
          epochs: 1,
        },
      });
      expect(bad.ok).toBe(true);
      const badId = runIdOf(bad);
      expect(await t.finished(badId)).toMatchObject({ reason: 'error' });
      const error = t.events.find((e) => e.type === 'error' && e.runId === badId);
      expect(error).toMatchObject({
        fatal: true,
        message: expect.stringMatching(
          /(memory access out of bounds|is outside the wasm heap).*(fresh trainer starts with the next run|trainer is restarted for the next run)/,
        ),
      });
    } finally {
      delete process.env.GRADSCOPE_MEMORY_BUDGET_MB;
    }
    const good = await service.handleCall('startTraining', {
      graph: xorProject.graph,
      training: { ...xorProject.training, dataset: { kind: 'synthetic', name: 'xor', samples: 400 }, epochs: 2 },
    });
    expect(good.ok).toBe(true);
    const done = await t.finished(runIdOf(good));
    expect(done).toMatchObject({ reason: 'completed', epochs: 2 });
    const epochs = t.events.filter((e): e is Extract<TrainerEvent, { type: 'epoch' }> => e.type === 'epoch' && e.runId === runIdOf(good));
    expect(epochs.map((e) => Number.isFinite(e.trainLoss))).toEqual([true, true]);
  });

  it('retires a trainer that reports a fatal backend error once its run has finished', async () => {
    const hosts: FakeHost[] = [];
    const service = makeService(await tempDir(), { createTrainer: () => (hosts.push(new FakeHost()), hosts.at(-1)!) });
    services.push(service);
    const first = runIdOf(await service.handleCall('startTraining', { graph: xorProject.graph, training: xorProject.training }));
    hosts[0]!.fire({ type: 'error', runId: first, message: 'training failed at step 1: memory access out of bounds', fatal: true });
    expect(hosts[0]!.disposed).toBe(false); // not before the run has finished
    hosts[0]!.fire({ type: 'finished', runId: first, reason: 'error', epochs: 0, bestEpoch: null, test: null });
    expect(hosts[0]!.disposed).toBe(true);
    const second = await service.handleCall('startTraining', { graph: xorProject.graph, training: xorProject.training });
    expect(second.ok).toBe(true);
    expect(hosts).toHaveLength(2);
    expect(hosts[1]!.sent.map((c) => c.type)).toEqual(['start']);
  });
});

describe('runs belong to the app, not a tab', () => {
  it('a session that connects mid-run learns of it, sees its events, and can stop it', async () => {
    const hosts: FakeHost[] = [];
    const service = makeService(await tempDir(), { createTrainer: () => (hosts.push(new FakeHost()), hosts.at(-1)!) });
    services.push(service);
    const tab = service.openSession();
    const runId = runIdOf(await tab.handleCall('startTraining', { graph: xorProject.graph, training: xorProject.training }));
    const started: TrainerEvent = {
      type: 'started',
      runId,
      backend: 'fake',
      layers: [],
      inputDim: 2,
      classes: 2,
      samples: { train: 1, val: 0, test: 0 },
      trainEvalSamples: 1,
      stepsPerEpoch: 1,
      epochs: 5,
      config: xorProject.training as never,
    };
    hosts[0]!.fire(started);
    hosts[0]!.fire({ type: 'paused', runId });
    tab.close(); // the tab was reloaded

    const reloaded = service.openSession();
    const seen: AppEvent[] = [];
    reloaded.onEvent((e) => seen.push(e));
    hosts[0]!.fire({ type: 'resumed', runId }); // not yet joined: not told
    expect(seen).toEqual([]);
    const current = await reloaded.handleCall('currentRun', {});
    expect(current).toEqual({
      ok: true,
      value: {
        runId,
        state: 'running',
        graph: expect.objectContaining({ nodes: expect.any(Array) }),
        training: expect.objectContaining({ learningRate: 0.01 }),
        events: [started, { type: 'paused', runId }, { type: 'resumed', runId }],
      },
    });
    expect(await reloaded.handleCall('stopTraining', { runId })).toEqual({ ok: true, value: null });
    expect(hosts[0]!.sent.at(-1)).toEqual({ type: 'stop', runId });
    hosts[0]!.fire({ type: 'finished', runId, reason: 'stopped', epochs: 0, bestEpoch: null, test: null });
    expect(seen).toEqual([{ type: 'trainer', event: { type: 'finished', runId, reason: 'stopped', epochs: 0, bestEpoch: null, test: null } }]);
    expect(await reloaded.handleCall('currentRun', {})).toEqual({ ok: true, value: null });
  });
});

describe('decision-regions pictures of a run in progress', () => {
  it('a session joining mid-run gets only the latest picture, after the events before it', async () => {
    const hosts: FakeHost[] = [];
    const service = makeService(await tempDir(), { createTrainer: () => (hosts.push(new FakeHost()), hosts.at(-1)!) });
    services.push(service);
    const tab = service.openSession();
    const runId = runIdOf(await tab.handleCall('startTraining', { graph: xorProject.graph, training: xorProject.training }));
    const picture = (step: number): TrainerEvent => ({
      type: 'regions',
      runId,
      regions: {
        kind: 'curve',
        epoch: 1,
        step,
        final: false,
        x: { name: 'x', min: 0, max: 1 },
        y: { name: 'y', min: 0, max: 1 },
        curve: { x: [0, 1], y: [step, step] },
        train: { x: [], y: [] },
        test: { x: [], y: [] },
        neurons: null,
      },
    });
    hosts[0]!.fire(picture(1));
    hosts[0]!.fire({ type: 'paused', runId });
    hosts[0]!.fire(picture(2));
    hosts[0]!.fire(picture(3));
    const current = await service.openSession().handleCall('currentRun', {});
    expect(current).toMatchObject({ ok: true, value: { runId, events: [{ type: 'paused', runId }, picture(3)] } });
  });
});

/** A trainer that records the calls it gets (as { type: method, ...params }) and sends the events a test fires. */
class FakeHost implements TrainerHost {
  sent: Array<{ type: string; [k: string]: unknown }> = [];
  disposed = false;
  private listeners = new Set<(frame: unknown) => void>();
  post(frame: RequestFrame): void {
    if ('cancel' in frame) return;
    this.sent.push({ type: frame.method, ...(frame.params as object) });
    for (const l of this.listeners) l({ kind: 'result', id: frame.id, result: { ok: true, value: null } });
  }
  fire(e: TrainerEvent): void {
    for (const l of this.listeners) l({ kind: 'event', event: e });
  }
  onMessage(l: (frame: unknown) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  onExit(_: (m: string) => void) {
    return () => undefined;
  }
  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
