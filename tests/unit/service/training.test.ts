// Training through the service with the real worker-thread trainer: events relayed as AppEvents,
// commands refused when they cannot apply, export answered, and a dying trainer ends the run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../src-main/contract/api';
import type { TrainerEvent } from '../../../src-main/contract/events';
import type { GradscopeService } from '../../../src-main/service/service';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import { makeService, tempDir, xorProject } from './fixtures';

const services: GradscopeService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

const worker = (name: string) => fileURLToPath(new URL(`./workers/${name}.mjs`, import.meta.url));

function trainerEvents(service: GradscopeService): { events: TrainerEvent[]; finished: () => Promise<TrainerEvent> } {
  const events: TrainerEvent[] = [];
  const waiters: Array<(e: TrainerEvent) => void> = [];
  service.onEvent((e: AppEvent) => {
    if (e.type !== 'trainer') return;
    events.push(e.event);
    if (e.event.type === 'finished') for (const w of waiters.splice(0)) w(e.event);
  });
  return {
    events,
    finished: () => {
      const done = events.find((e) => e.type === 'finished');
      return done ? Promise.resolve(done) : new Promise((r) => waiters.push(r));
    },
  };
}

const training = { ...xorProject.training, dataset: { kind: 'synthetic' as const, name: 'xor' as const, samples: 400 }, epochs: 3, batchSize: 32 };

describe('training through the service', () => {
  it('relays a real run, refuses a second one, and exports the trained model', async () => {
    const dir = await tempDir();
    const service = makeService(join(dir, 'home'), { createTrainer: () => createWorkerThreadHost() });
    services.push(service);
    const t = trainerEvents(service);
    const started = await service.handleCall('startTraining', { graph: xorProject.graph, training });
    expect(started).toMatchObject({ ok: true, value: { runId: expect.stringMatching(/^run-/) } });
    const runId = (started as { ok: true; value: { runId: string } }).value.runId;

    const second = await service.handleCall('startTraining', { graph: xorProject.graph, training });
    expect(second).toEqual({ ok: false, error: `run ${runId} is still training; stop it before starting another` });
    expect(await service.handleCall('pauseTraining', { runId: 'run-nope' })).toEqual({ ok: false, error: 'no run with id run-nope' });

    const finished = await t.finished();
    expect(finished).toMatchObject({ type: 'finished', runId, reason: 'completed', epochs: 3 });
    const types = t.events.map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types.filter((x) => x === 'epoch')).toHaveLength(3);
    expect(t.events.every((e) => e.runId === runId)).toBe(true);
    expect(await service.handleCall('stopTraining', { runId })).toEqual({ ok: false, error: `run ${runId} has already finished` });

    const out = join(dir, 'model');
    expect(await service.handleCall('exportModel', { runId, label: '#1 2×tanh · adam η 0.1 · xor', dir: out })).toEqual({ ok: true, value: { dir: out } });
    // model.json names the run as the run history does, not by its id
    const meta = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).userDefinedMetadata.gradscope;
    expect(meta.label).toBe('#1 2×tanh · adam η 0.1 · xor');

    // the trainer is free again
    const third = await service.handleCall('startTraining', { graph: xorProject.graph, training: { ...training, epochs: 1 } });
    expect(third.ok).toBe(true);
    const stopped = await service.handleCall('stopTraining', { runId: (third as { ok: true; value: { runId: string } }).value.runId });
    expect(stopped).toEqual({ ok: true, value: null });
  });

  it('ends the run with an error when the trainer process dies, and can start again', async () => {
    const service = makeService(await tempDir(), { createTrainer: () => createWorkerThreadHost(worker('crash')) });
    services.push(service);
    const t = trainerEvents(service);
    const r = await service.handleCall('startTraining', { graph: xorProject.graph, training });
    expect(r.ok).toBe(true);
    const runId = (r as { ok: true; value: { runId: string } }).value.runId;
    const finished = await t.finished();
    expect(t.events).toEqual([
      { type: 'error', runId, message: 'the trainer stopped: the trainer exited (code 3); a fresh trainer starts with the next run', fatal: true },
      { type: 'finished', runId, reason: 'error', epochs: 0, bestEpoch: null, test: null },
    ]);
    expect(finished.type).toBe('finished');
    expect(await service.handleCall('exportModel', { runId, dir: await tempDir() })).toEqual({
      ok: false,
      error: `the trainer is not running, so run ${runId}'s model is gone; train it again to export`,
    });
    // not refused as "still training": a fresh trainer is started
    expect((await service.handleCall('startTraining', { graph: xorProject.graph, training })).ok).toBe(true);
  });

  it('gives up on an export the trainer never answers', async () => {
    const service = makeService(await tempDir(), { createTrainer: () => createWorkerThreadHost(worker('silent')), replyTimeoutMs: 300 });
    services.push(service);
    const r = await service.handleCall('startTraining', { graph: xorProject.graph, training });
    const runId = (r as { ok: true; value: { runId: string } }).value.runId;
    expect(await service.handleCall('exportModel', { runId, dir: await tempDir() })).toEqual({
      ok: false,
      error: `exporting run ${runId}: the trainer did not answer within 0.3 s`,
    });
  });
});
