// The app's export (the trainer service's 'export' command) writes the same data contract as the CLI,
// and `gradscope predict` on that folder reproduces the test figures the app showed.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../../src-main/contract/events';
import { readDataContract, type ExportMetadata } from '../../../src-main/contract/data-contract';
import { permutation } from '../../../src-main/data/rng';
import { splitCounts } from '../../../src-main/data/split-counts';
import { createTrainerService } from '../../../src-main/trainer/trainer-service';
import { realTrainerDeps } from './fixtures/trainer-deps';
import { flowersCsv, tmpDir } from '../fixtures/csv-files';
import { runCli } from '../cli/run-cli';
import { chain, config, dense } from './fixtures/graphs';

describe("the app's model export", () => {
  it('carries the data contract, and predict on raw test rows reproduces the test figures', async () => {
    const dir = tmpDir('gradscope-app-export-');
    const csv = flowersCsv(dir);
    const posted: TrainerEvent[] = [];
    const s = createTrainerService({ post: (m) => posted.push(m), ...realTrainerDeps });
    const graph = chain([dense(16, 'relu')]);
    const training = config({ epochs: 4, seed: 9, dataset: { kind: 'csv', file: csv, label: 'species' } });
    await s.call('start', { runId: 'app-run', graph, training });
    await s.idle();
    const fin = posted.find((m): m is Extract<TrainerEvent, { type: 'finished' }> => m.type === 'finished')!;
    expect(fin.reason).toBe('completed');
    expect(await s.call('export', { runId: 'app-run', dir: path.join(dir, 'model') })).toMatchObject({ ok: true });
    s.models.dispose();

    const meta = (JSON.parse(readFileSync(path.join(dir, 'model', 'model.json'), 'utf8')) as { userDefinedMetadata: { gradscope: ExportMetadata } })
      .userDefinedMetadata;
    expect(meta.gradscope.modelEpoch).toBe(fin.modelEpoch);
    expect(meta.gradscope.test).toEqual(fin.test);
    const c = readDataContract(meta);
    expect(c.ok && c.contract.target).toEqual({ task: 'classification', label: 'species', classes: ['setosa, big', 'virginica'] });

    const [header, ...rows] = readFileSync(csv, 'utf8').trim().split('\n');
    const perm = permutation(rows.length, 9).subarray(0, splitCounts(rows.length, null, 0.1, 0.2).test);
    writeFileSync(path.join(dir, 'test.csv'), [header, ...Array.from(perm, (i) => rows[i])].join('\n'));
    const r = await runCli(['predict', '--model', 'model', '--data', 'csv:test.csv', '--json'], dir);
    const m = (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { summary: { metrics: { loss: number; accuracy: number } } }).summary.metrics;
    expect(m.accuracy).toBeCloseTo(fin.test!.acc!, 6);
    expect(m.loss).toBeCloseTo(fin.test!.loss, 4);
  }, 60_000);
});
