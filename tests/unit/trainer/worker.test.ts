import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainerEvent, TrainerReply } from '../../../src-main/contract/events';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import { createTrainerService } from '../../../src-main/trainer/trainer-service';
import { exportModel } from '../../../src-main/export/tfjs-layers';
import { chain, config, dense } from './fixtures/graphs';
import { spiral } from './fixtures/datasets';

const fixtureLoader = fileURLToPath(new URL('./fixtures/spiral-loader.ts', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const graph = chain([dense(8, 'relu')]);
const training = { ...config({ epochs: 3 }), dataset: { kind: 'synthetic' as const, name: 'spiral' as const, samples: 150, noise: 0.1 } };

describe('trainer service (in-process)', () => {
  it('rejects bad commands with messages naming the field, and a second start while training', async () => {
    const posted: (TrainerEvent | TrainerReply)[] = [];
    const s = createTrainerService({ post: (m) => posted.push(m), loadDataset: async () => spiral(150), exportModel });
    s.handle({ type: 'launch', runId: 'x' });
    s.handle({ type: 'start', runId: 'a', graph: { ...graph, nodes: [{ id: 'in', type: 'input', colour: 'red' }] }, training });
    s.handle({ type: 'start', runId: 'b', graph, training: { ...training, learningRate: -1 } });
    s.handle({ type: 'export', runId: 'nope', dir: '/tmp/x', requestId: 'q1' });
    s.handle({ type: 'start', runId: 'c', graph, training });
    s.handle({ type: 'start', runId: 'd', graph, training });
    await s.idle();
    const errors = posted.filter((m): m is Extract<TrainerEvent, { type: 'error' }> => m.type === 'error');
    expect(errors.map((e) => e.runId)).toEqual(['x', 'a', 'b', 'd']);
    expect(errors[0]!.message).toMatch(/bad trainer command/);
    expect(errors[1]!.message).toMatch(/graph\.nodes\[0\].*colour/);
    expect(errors[2]!.message).toMatch(/Learning rate η: must be above 0 \(it is -1\)/);
    expect(errors[3]!.message).toMatch(/run c is still training/);
    const reply = posted.find((m): m is TrainerReply => m.type === 'reply')!;
    expect(reply).toMatchObject({ requestId: 'q1', ok: false });
    expect(posted.filter((m) => m.type === 'finished' && m.runId === 'c')).toHaveLength(1);
    expect(s.models.ids()).toEqual(['c']);
    s.models.dispose();
  });

  it('keeps the last five models and exports one by run id', async () => {
    const exported: { dir: string; layers: number }[] = [];
    const posted: (TrainerEvent | TrainerReply)[] = [];
    const s = createTrainerService({
      post: (m) => posted.push(m),
      loadDataset: async () => spiral(60),
      exportModel: async (model, dir) => {
        exported.push({ dir, layers: model.layers.length });
      },
    });
    for (let i = 1; i <= 6; i++) {
      s.handle({ type: 'start', runId: `r${i}`, graph, training: { ...training, epochs: 1 } });
      await s.idle();
    }
    expect(s.models.ids()).toEqual(['r2', 'r3', 'r4', 'r5', 'r6']);
    s.handle({ type: 'export', runId: 'r4', dir: '/somewhere', requestId: 'e1' });
    s.handle({ type: 'export', runId: 'r1', dir: '/somewhere', requestId: 'e2' });
    await new Promise((r) => setTimeout(r, 50));
    const replies = posted.filter((m): m is TrainerReply => m.type === 'reply');
    expect(replies.find((r) => r.requestId === 'e1')).toMatchObject({ ok: true });
    expect(replies.find((r) => r.requestId === 'e2')).toMatchObject({ ok: false });
    expect((replies.find((r) => r.requestId === 'e2') as { error: string }).error).toMatch(/r1 has no trained model.*r2, r3/);
    expect(exported).toEqual([{ dir: '/somewhere', layers: 4 }]);
    s.models.dispose();
  });
});

describe('worker thread host', () => {
  it('runs a training in a worker, streams events, stops on command and exports the model', async () => {
    const host = createWorkerThreadHost(undefined, { datasetModule: fixtureLoader });
    const events: TrainerEvent[] = [];
    const exits: string[] = [];
    host.onExit((m) => exits.push(m));
    const finished = new Promise<void>((resolve) =>
      host.onEvent((e) => {
        events.push(e);
        if (e.type === 'epoch' && e.epoch === 2) host.send({ type: 'stop', runId: 'w1' });
        if (e.type === 'finished') resolve();
      }),
    );
    host.send({ type: 'start', runId: 'w1', graph, training: { ...training, epochs: 500 } });
    await finished;
    expect(events[0]).toMatchObject({ type: 'started', runId: 'w1', samples: { train: 105 } });
    expect(events.some((e) => e.type === 'steps')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'finished', reason: 'stopped' });

    const dir = mkdtempSync(path.join(tmpdir(), 'gradscope-export-'));
    dirs.push(dir);
    const reply = new Promise<TrainerReply>((resolve) => host.onReply(resolve));
    host.send({ type: 'export', runId: 'w1', dir: path.join(dir, 'model'), requestId: 'x1' });
    const r = await reply;
    expect(r).toMatchObject({ requestId: 'x1', ok: true });
    expect(existsSync(path.join(dir, 'model', 'model.json'))).toBe(true);
    await host.dispose();
    expect(exits).toEqual([]);
  });
});
