// The CLI's human report and JSON stream on real (in-process) runs: regression figures, which epoch's
// weights were kept, PReLU's learned α, one epoch's gradient table, huge and non-finite losses; and the
// first/last hidden ratio along the longest path of a branching graph.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/trainer/backend';
import type { TrainerEvent } from '../../../src-main/contract/events';
import type { Graph } from '../../../src-main/contract/graph';
import { longestPathHidden } from '../../../src-main/contract/graph-paths';
import { jsonLine } from '../../../src-main/contract/json-line';
import { HumanReport } from '../../../src-main/cli/human-report';
import { formatFixed } from '../../../src-main/contract/number-format';
import { hiddenGradientRatio } from '../../../src-main/analysis/series';
import { applyEvent, newRun } from '../../../src-main/analysis/run-record';
import { chain, config, dense } from '../trainer/fixtures/graphs';
import { randomLinear, spiral } from '../trainer/fixtures/datasets';
import { collect } from '../trainer/fixtures/run';

beforeAll(async () => {
  await initBackend();
});

function report(graph: Graph, events: TrainerEvent[]): string {
  let out = '';
  const sink = { write: (s: string) => (out += s) };
  const h = new HumanReport({ stdout: sink, stderr: { write: () => true }, cwd: '/', onInterrupt: () => () => {} }, graph);
  events.forEach((e) => h.on(e));
  return out;
}

describe('CLI report', () => {
  it("shows PReLU's learned α and, for one epoch, one gradient column", async () => {
    const g = chain([dense(8, 'prelu'), dense(8, 'relu')]);
    const r = await collect(g, config({ epochs: 1 }), spiral(120));
    r.result.compiled?.dispose();
    const text = report(g, r.events);
    const alpha = r.result.history[0]!.weights[0]!.alpha!;
    expect(text).toContain(`PReLU learned α (epoch 1):\n  dense h1: mean ${alpha.mean.toFixed(3)} (min ${alpha.min.toFixed(3)}, max ${alpha.max.toFixed(3)})`);
    expect(alpha.min).not.toBe(alpha.max); // learned per neuron, not the 0.25 it started at
    const header = text.split('\n').find((l) => l.startsWith('layer '))!;
    expect(header.match(/epoch 1/g)).toHaveLength(1);
    expect(header).not.toContain('whole run');
  });

  it('says which epoch the model is and never claims a best epoch that was not used', async () => {
    const g = chain([dense(32, 'relu'), dense(32, 'relu')]);
    const data = spiral(150, 3, 0.5, 3);
    const on = await collect(g, config({ learningRate: 0.1, batchSize: 8, epochs: 12 }), data);
    const off = await collect(
      g,
      config({ learningRate: 0.1, batchSize: 8, epochs: 12, earlyStopping: { enabled: false, monitor: 'val_loss', patience: 3, restoreBest: false } }),
      data,
    );
    on.result.compiled?.dispose();
    off.result.compiled?.dispose();
    const best = on.result.bestEpoch!;
    expect(best).toBeLessThan(12);
    expect(report(g, on.events)).toContain(`finished: completed after 12 epochs; the model is epoch ${best}'s (best validation loss; restore-best is on)`);
    expect(report(g, off.events)).toContain(
      `finished: completed after 12 epochs; the model is the last epoch's (restore-best is off; the best validation loss was at epoch ${off.result.bestEpoch})`,
    );
  }, 30_000);

  it('reports regression as MSE and R², the test with MAE', async () => {
    const g = chain([dense(16, 'tanh')], 'linear');
    const r = await collect(g, config({ epochs: 3 }), randomLinear(300, 3, null));
    r.result.compiled?.dispose();
    const text = report(g, r.events);
    const last = r.result.history.at(-1)!;
    expect(text).toMatch(new RegExp(`epoch 3/3  train MSE ${formatFixed(last.trainLoss)} R² ${last.trainR2!.toFixed(3)}  val MSE`));
    expect(text).toContain(`test: MSE ${formatFixed(r.result.test!.loss)}, MAE ${formatFixed(r.result.test!.mae)}, R² ${r.result.test!.r2!.toFixed(3)}`);
  });

  it('a diverging run: huge losses in exponent form, NaN spelled out in the JSON stream', async () => {
    const g = chain([dense(32, 'relu'), dense(32, 'relu')], 'linear');
    // learning rate 1e30: the second step's loss overflows float32 (a growth past 1000× the minimum would stop a milder run first, at a finite loss)
    const r = await collect(g, config({ optimizer: { kind: 'sgd' }, learningRate: 1e30, epochs: 3 }), randomLinear(200, 3, null));
    r.result.compiled?.dispose();
    expect(r.result.reason).toBe('diverged');
    const d = r.of('diverged')[0]!;
    expect(Number.isFinite(d.loss)).toBe(false);
    expect(JSON.parse(jsonLine(d)).loss).toBe(String(d.loss));
    expect(JSON.parse(jsonLine(d)).loss).not.toBeNull();
    expect(formatFixed(4.628860822799702e23)).toBe('4.6289e+23');
    expect(formatFixed(-12345678)).toBe('-1.2346e+7');
    expect(formatFixed(0.5)).toBe('0.5000');
  });
});

describe('first/last hidden ratio in a branching graph', () => {
  // in → a1 → a2 → a3 ─┐
  // in → b1 ───────────┴→ add → out : the lesson's first and last hidden layer are a1 and a3, not a1 and b1
  const g: Graph = {
    version: 1,
    nodes: [
      { id: 'in', type: 'input' },
      { id: 'a1', type: 'dense', units: 8, activation: 'sigmoid', useBias: true },
      { id: 'a2', type: 'dense', units: 8, activation: 'sigmoid', useBias: true },
      { id: 'a3', type: 'dense', units: 8, activation: 'sigmoid', useBias: true },
      { id: 'b1', type: 'dense', units: 8, activation: 'sigmoid', useBias: true },
      { id: 'add', type: 'add' },
      { id: 'out', type: 'output', head: 'softmax', useBias: true },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'a1' },
      { id: 'e2', source: 'a1', target: 'a2' },
      { id: 'e3', source: 'a2', target: 'a3' },
      { id: 'e4', source: 'in', target: 'b1' },
      { id: 'e5', source: 'a3', target: 'add' },
      { id: 'e6', source: 'b1', target: 'add' },
      { id: 'e7', source: 'add', target: 'out' },
    ],
  };

  it('compares the first and last hidden layer on the longest input→output path', async () => {
    expect(longestPathHidden(g)).toEqual(['a1', 'a2', 'a3']);
    let run = newRun('test-run', g, config({ epochs: 1 }), 'branching', new Date(0));
    const r = await collect(g, config({ epochs: 1 }), spiral(90), { onEvent: (e) => (run = applyEvent(run, e)) });
    r.result.compiled?.dispose();
    const ratio = hiddenGradientRatio(run)!;
    expect(run.layers[ratio.firstLayer]!.node).toBe('a1');
    expect(run.layers[ratio.lastLayer]!.node).toBe('a3');
    expect(report(g, r.events)).toMatch(/first\/last hidden-layer gradient ratio: .* \(dense a1 \/ dense a3\)/);
  });
});
