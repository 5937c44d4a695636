import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainerEvent } from '../../../src-main/contract/events';
import { ChannelClient } from '../../../src-main/contract/channel';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import { createTrainerService } from '../../../src-main/trainer/trainer-service';
import { realTrainerDeps } from './fixtures/trainer-deps';
import { chain, config, dense } from './fixtures/graphs';
import { spiral } from './fixtures/datasets';

const fixtureLoader = fileURLToPath(new URL('./fixtures/spiral-loader.ts', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const graph = chain([dense(8, 'relu')]);
const training = { ...config({ epochs: 3 }), dataset: { kind: 'synthetic' as const, name: 'spiral' as const, samples: 150, noise: 0.1 } };

describe('trainer service (in-process)', () => {
  it('rejects bad commands with messages naming the field, and a second start while training', async () => {
    const posted: TrainerEvent[] = [];
    const s = createTrainerService({ post: (m) => posted.push(m), ...realTrainerDeps, loadDataset: async () => spiral(150) });
    expect(await s.call('launch', { runId: 'x' })).toEqual({ ok: false, error: expect.stringMatching(/^bad trainer command/) });
    await s.call('start', { runId: 'a', graph: { ...graph, nodes: [{ id: 'in', type: 'input', colour: 'red' }] }, training });
    await s.call('start', { runId: 'b', graph, training: { ...training, learningRate: -1 } });
    expect(await s.call('export', { runId: 'nope', dir: '/tmp/x' })).toEqual({ ok: false, error: expect.stringMatching(/run nope has no trained model/) });
    await s.call('start', { runId: 'c', graph, training });
    await s.call('start', { runId: 'd', graph, training });
    await s.idle();
    const errors = posted.filter((m): m is Extract<TrainerEvent, { type: 'error' }> => m.type === 'error');
    expect(errors.map((e) => e.runId)).toEqual(['a', 'b', 'd']);
    expect(errors[0]!.message).toMatch(/graph\.nodes\[0\].*colour/);
    expect(errors[1]!.message).toMatch(/Learning rate η: must be above 0 \(it is -1\)/);
    expect(errors[2]!.message).toMatch(/run c is still training/);
    expect(posted.filter((m) => m.type === 'finished' && m.runId === 'c')).toHaveLength(1);
    expect(s.models.ids()).toEqual(['c']);
    s.models.dispose();
  });

  it('keeps the last five models and exports one by run id', async () => {
    const exported: { dir: string; layers: number }[] = [];
    const posted: TrainerEvent[] = [];
    const s = createTrainerService({
      ...realTrainerDeps,
      post: (m) => posted.push(m),
      loadDataset: async () => spiral(60),
      exportModel: async (model, dir) => {
        exported.push({ dir, layers: model.layers.length });
      },
    });
    for (let i = 1; i <= 6; i++) {
      await s.call('start', { runId: `r${i}`, graph, training: { ...training, epochs: 1 } });
      await s.idle();
    }
    expect(s.models.ids()).toEqual(['r2', 'r3', 'r4', 'r5', 'r6']);
    expect(await s.call('export', { runId: 'r4', dir: '/somewhere' })).toMatchObject({ ok: true });
    expect(await s.call('export', { runId: 'r1', dir: '/somewhere' })).toEqual({ ok: false, error: expect.stringMatching(/r1 has no trained model.*r2, r3/) });
    expect(exported).toEqual([{ dir: '/somewhere', layers: 4 }]);
    s.models.dispose();
  });
});

describe('worker thread host', () => {
  it('runs a training in a worker, streams events, stops on command and exports the model', async () => {
    const host = createWorkerThreadHost(undefined, { datasetModule: fixtureLoader });
    const channel = new ChannelClient<TrainerEvent>((frame) => (host.post(frame), true));
    host.onMessage((m) => channel.receive(m));
    const events: TrainerEvent[] = [];
    const exits: string[] = [];
    host.onExit((m) => exits.push(m));
    const finished = new Promise<void>((resolve) =>
      channel.listen((e) => {
        events.push(e);
        if (e.type === 'epoch' && e.epoch === 2) void channel.call('stop', { runId: 'w1' });
        if (e.type === 'finished') resolve();
      }),
    );
    expect(await channel.call('start', { runId: 'w1', graph, training: { ...training, epochs: 500 } })).toEqual({ ok: true, value: null });
    await finished;
    expect(events[0]).toMatchObject({ type: 'started', runId: 'w1', samples: { train: 105 } });
    expect(events.some((e) => e.type === 'steps')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'finished', reason: 'stopped' });

    const dir = mkdtempSync(path.join(tmpdir(), 'gradscope-export-'));
    dirs.push(dir);
    const r = await channel.call('export', { runId: 'w1', dir: path.join(dir, 'model') });
    expect(r).toMatchObject({ ok: true });
    expect(existsSync(path.join(dir, 'model', 'model.json'))).toBe(true);
    await host.dispose();
    expect(exits).toEqual([]);
  });
});
