// The trainer's dropoutEnsemble call: measured on a kept run's model with the data it was trained on;
// (a) is the model's own test figures; bad requests and missing models are answered as values.
import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../../src-main/contract/events';
import type { DropoutEnsembleView } from '../../../src-main/contract/dropout-ensemble';
import { createTrainerService } from '../../../src-main/trainer/trainer-service';
import { realTrainerDeps } from '../trainer/fixtures/trainer-deps';
import { chain, config, dense } from '../trainer/fixtures/graphs';

describe('the trainer measures dropout as an ensemble', () => {
  it('on a kept run: (a) is the run’s test result; refuses unknown runs and bad options', async () => {
    const posted: TrainerEvent[] = [];
    const s = createTrainerService({ post: (m) => posted.push(m), ...realTrainerDeps });
    const graph = chain([dense(6, 'relu', { dropout: 0.5 }), dense(5, 'relu', { dropout: 0.3 })]);
    await s.call('start', { runId: 'r1', graph, training: config({ epochs: 3, seed: 4 }) });
    await s.idle();
    const fin = posted.find((m): m is Extract<TrainerEvent, { type: 'finished' }> => m.type === 'finished')!;
    const options = { samples: [1, 4], repeats: 2, examples: 1000, activation: 'trained', seed: 1 };
    const r = await s.call('dropoutEnsemble', { runId: 'r1', ...options });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const v = (r as { ok: true; value: DropoutEnsembleView }).value;
    expect(v.source).toBe('r1');
    expect(v.scaled.acc).toBeCloseTo(fin.test!.acc!, 6);
    expect(v.scaled.loss).toBeCloseTo(fin.test!.loss, 4);
    expect(v.exact!.masks).toBe(2 ** 11);

    const gone = await s.call('dropoutEnsemble', { runId: 'r9', ...options });
    expect(gone).toMatchObject({ ok: false, error: expect.stringMatching(/run r9 has no trained model in the trainer \(it keeps the last 5: r1\)/) });
    const bad = await s.call('dropoutEnsemble', { runId: 'r1', ...options, samples: [0] });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/samples/) });
    const cancelled = new AbortController();
    cancelled.abort();
    expect(await s.call('dropoutEnsemble', { runId: 'r1', ...options }, cancelled.signal)).toMatchObject({ ok: false, kind: 'cancelled' });
    s.models.dispose();
  }, 60_000);
});
