// The diagnosis on real runs of the trainer (in-process, small synthetic data): the RunRecord is
// folded from the trainer's own event stream exactly as the app does it.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/trainer/backend';
import { applyEvent, newRun } from '../../../src-main/analysis/run-record';
import { diagnose } from '../../../src-main/analysis/diagnosis';
import { hiddenGradientRatio } from '../../../src-main/analysis/series';
import type { RunRecord } from '../../../src-main/contract/project';
import type { Graph } from '../../../src-main/contract/graph';
import type { TrainingConfig } from '../../../src-main/contract/training';
import type { Dataset } from '../../../src-main/data/dataset-types';
import { collect } from '../trainer/fixtures/run';
import { chain, config, dense } from '../trainer/fixtures/graphs';
import { randomLinear, spiral } from '../trainer/fixtures/datasets';

beforeAll(async () => {
  await initBackend();
});

async function record(graph: Graph, training: TrainingConfig, data: Dataset): Promise<RunRecord> {
  let run = newRun('test-run', graph, training, 'recorded', new Date(0));
  const r = await collect(graph, training, data, { onEvent: (e) => (run = applyEvent(run, e)) });
  r.result.compiled?.dispose();
  return run;
}

describe('diagnosis of recorded runs', () => {
  it('a deep sigmoid net with SGD: not fitting, vanishing gradients named', async () => {
    const run = await record(
      chain(Array.from({ length: 8 }, () => dense(32, 'sigmoid'))),
      config({ optimizer: { kind: 'sgd' }, learningRate: 0.1, epochs: 4 }),
      spiral(300, 3, 0.05, 7),
    );
    const d = diagnose(run);
    expect(run.reason).toBe('completed');
    expect(d.verdict).toBe('not_fitting');
    expect(d.findings.map((f) => f.kind)).toContain('vanishing_gradients');
    expect(hiddenGradientRatio(run)!.ratio).toBeLessThan(1e-2);
  });

  it('the same depth with ReLU: gradients reach the input, no vanishing-gradient claim', async () => {
    const run = await record(
      chain(Array.from({ length: 8 }, () => dense(32, 'relu'))),
      config({ optimizer: { kind: 'sgd' }, learningRate: 0.05, epochs: 4 }),
      spiral(300, 3, 0.05, 7),
    );
    const d = diagnose(run);
    expect(hiddenGradientRatio(run)!.ratio).toBeGreaterThan(1e-2);
    expect([...d.findings, ...d.notes].map((f) => f.kind)).not.toContain('vanishing_gradients');
  });

  it('a wide net on few samples: fits the training set, validation lags → overfitting', async () => {
    const run = await record(
      chain([dense(128, 'relu'), dense(128, 'relu')]),
      config({ optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999 }, learningRate: 0.01, epochs: 40, batchSize: 16 }),
      randomLinear(120, 30, 5, 11),
    );
    const last = run.epochs.at(-1)!;
    const d = diagnose(run);
    expect(last.trainAcc!).toBeGreaterThan(0.95);
    expect(last.trainAcc! - last.valAcc!).toBeGreaterThan(0.05);
    expect(d.verdict).toBe('overfitting');
    expect(d.fixes.join(' ')).toMatch(/early stopping/);
  });
});
