// `gradscope train` refuses what the head cannot do, and exports the epoch it says it exports.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../../src-main/contract/events';
import { sineCsv, tmpDir } from '../fixtures/csv-files';
import { threeNodeGraph } from '../fixtures/graphs';
import { runCli } from './run-cli';

function regressionProject(earlyStopping: object, epochs = 3): object {
  return {
    format: 'gradscope-project',
    version: 1,
    name: 'sine',
    graph: threeNodeGraph({ hidden: { units: 16, activation: 'tanh' }, output: { head: 'linear' } }),
    training: { dataset: { kind: 'csv', file: 'sine.csv', label: 'y' }, optimizer: { kind: 'adam' }, learningRate: 0.05, batchSize: 8, epochs, earlyStopping },
  };
}

describe('gradscope train on a regression head', () => {
  it('refuses early stopping on validation accuracy, before loading any data', async () => {
    const dir = tmpDir('gradscope-es-');
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify(regressionProject({ enabled: true, monitor: 'val_acc', patience: 2 })));
    const r = await runCli(['train', 'p.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'gradscope: p.json: training earlyStopping.monitor = val_acc: the output node out has a linear (regression) head, which has no accuracy; monitor the validation loss (val_loss) instead\n',
    );
  });

  it('with restore-best and no early stopping, exports the best epoch and says so in model.json', async () => {
    const dir = tmpDir('gradscope-best-');
    sineCsv(dir, 'sine.csv', { n: 120 });
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify(regressionProject({ enabled: false, restoreBest: true }, 15)));
    const r = await runCli(['train', 'p.json', '--out', 'model', '--json'], dir);
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TrainerEvent);
    const fin = events.at(-1) as Extract<TrainerEvent, { type: 'finished' }>;
    const vals = events.flatMap((e) => (e.type === 'epoch' ? [e.valLoss!] : []));
    const best = vals.indexOf(Math.min(...vals)) + 1;
    expect(fin.bestEpoch).toBe(best);
    expect(fin.modelEpoch).toBe(best);
    const meta = JSON.parse(readFileSync(path.join(dir, 'model', 'model.json'), 'utf8')) as {
      userDefinedMetadata: { gradscope: { modelEpoch: number; epochs: number } };
    };
    expect(meta.userDefinedMetadata.gradscope).toMatchObject({ modelEpoch: best, epochs: 15 });
    expect(r.stderr).toContain(`model exported to ${path.join(dir, 'model')} (the weights of epoch ${best})`);
  }, 60_000);

  it('a diverging run: the JSON stream spells the non-finite loss out, the exit code says it failed', async () => {
    const dir = tmpDir('gradscope-nan-');
    sineCsv(dir, 'sine.csv', { n: 120 });
    const p = regressionProject({ enabled: false }, 3) as { training: Record<string, unknown> };
    // 1e30: the loss overflows at once (a milder rate is stopped first at a finite loss, 1000× its minimum)
    p.training = { ...p.training, optimizer: { kind: 'sgd' }, learningRate: 1e30 };
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify(p));
    const r = await runCli(['train', 'p.json', '--json'], dir);
    expect(r.code).toBe(1);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const diverged = events.find((e) => e.type === 'diverged')!;
    expect(['NaN', 'Infinity', '-Infinity']).toContain(diverged.loss);
    expect(JSON.stringify(events)).not.toMatch(/"loss":null/);
  }, 60_000);
});

describe('node ids', () => {
  it('an id that looks like a generated layer name (h1__act next to a PReLU h1) trains', async () => {
    const dir = tmpDir('gradscope-ids-');
    sineCsv(dir, 'sine.csv', { n: 80 });
    const p = regressionProject({ enabled: false }, 1) as { graph: { nodes: object[]; edges: object[] } };
    p.graph = {
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'h1', type: 'dense', units: 4, activation: 'prelu' },
        { id: 'h1__act', type: 'dense', units: 4, activation: 'relu' },
        { id: 'out', type: 'output', head: 'linear' },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'h1' },
        { id: 'b', source: 'h1', target: 'h1__act' },
        { id: 'c', source: 'h1__act', target: 'out' },
      ],
    } as never;
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify(p));
    const r = await runCli(['train', 'p.json', '--out', 'm'], dir);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dense h1 (prelu 4) → dense h1__act (relu 4) → output out (linear 1)');
  }, 60_000);
});
