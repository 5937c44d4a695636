// `gradscope dropout-ensemble`: refusals are one line and exit 2; on a model trained with dropout and
// exported by `gradscope train`, --json gives the full network against the thinned networks' averages.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';
import type { DropoutEnsembleView } from '../../../src-main/contract/dropout-ensemble';

async function run(args: string[], cwd = tmpdir()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    onInterrupt: () => () => undefined,
  });
  return { code, stdout, stderr };
}

function project(dropout: number): object {
  return {
    format: 'gradscope-project',
    version: 1,
    name: 'spiral with dropout',
    graph: {
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'h1', type: 'dense', units: 6, activation: 'relu', dropout },
        { id: 'h2', type: 'dense', units: 5, activation: 'relu', dropout },
        { id: 'out', type: 'output', head: 'softmax' },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'h1' },
        { id: 'b', source: 'h1', target: 'h2' },
        { id: 'c', source: 'h2', target: 'out' },
      ],
    },
    training: {
      dataset: { kind: 'synthetic', name: 'spiral', samples: 400 },
      optimizer: { kind: 'adam' },
      learningRate: 0.02,
      batchSize: 32,
      epochs: 4,
      seed: 2,
    },
  };
}

let dir = '';
/** the test figures `gradscope train` reported for the exported model */
let reported: { loss: number; acc: number } = { loss: NaN, acc: NaN };
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gradscope-ens-'));
  writeFileSync(path.join(dir, 'drop.json'), JSON.stringify(project(0.5)));
  writeFileSync(path.join(dir, 'plain.json'), JSON.stringify(project(0)));
  for (const name of ['drop', 'plain']) {
    const r = await run(['train', `${name}.json`, '--out', name, '--backend', 'cpu', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    if (name === 'drop') reported = JSON.parse(r.stdout.trim().split('\n').at(-1)!).test;
  }
}, 120_000);

describe('gradscope dropout-ensemble', () => {
  it.each([
    [['dropout-ensemble'], /which model\? Give --model DIR/],
    [['dropout-ensemble', '--model', 'drop', '--samples', '0,4'], /--samples 0,4: each size must be from 1 to 4096, got 0/],
    [['dropout-ensemble', '--model', 'drop', '--samples', '1,x'], /--samples 1,x: "x" is not a whole number/],
    [['dropout-ensemble', '--model', 'drop', '--activation', 'swish'], /--activation swish: expected one of trained, linear, relu, sigmoid, tanh/],
    [['dropout-ensemble', '--model', 'drop', '--repeats', '0'], /--repeats 0: must be from 1 to 20/],
    [['dropout-ensemble', '--model', 'nowhere'], /nowhere.*model\.json/],
    [['dropout-ensemble', '--model', 'plain', '--backend', 'cpu'], /the network has no dropout/],
  ])('%j is refused in one line with exit 2', async (args, message) => {
    const r = await run(args, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('--json: with the trained ReLUs the full network is not the ensemble; with linear activations it is', async () => {
    const common = ['dropout-ensemble', '--model', 'drop', '--samples', '1,8,64', '--repeats', '2', '--examples', '80', '--backend', 'cpu', '--json'];
    const relu = await run(common, dir);
    expect(relu.code, relu.stderr).toBe(0);
    const v = JSON.parse(relu.stdout) as DropoutEnsembleView;
    expect(v.rows.map((r) => r.samples)).toEqual([1, 8, 64]);
    expect(v.split).toEqual({ name: 'test', examples: 80, of: 80 });
    expect(v.exact!.masks).toBe(2 ** 11);
    expect(v.exact!.maxDiff).toBeGreaterThan(1e-3);
    // (a) is the exported model's own test-time prediction: the figures training reported for it
    expect(v.scaled.acc).toBeCloseTo(reported.acc, 6);
    expect(v.scaled.loss).toBeCloseTo(reported.loss, 4);
    const lin = await run([...common, '--activation', 'linear'], dir);
    const l = JSON.parse(lin.stdout) as DropoutEnsembleView;
    expect(l.exact!.maxDiff).toBeLessThan(1e-5);
    expect(l.exact!.meanZ.loss).toBeCloseTo(l.scaled.loss, 5);
  });

  it('the human report names the model and puts both predictions side by side', async () => {
    const r = await run(['dropout-ensemble', '--model', 'drop', '--samples', '2,4', '--repeats', '1', '--examples', '40', '--backend', 'cpu'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dropout: dense h1 p=0\.5 \(6 units\), dense h2 p=0\.5 \(5 units\)/);
    expect(r.stdout).toMatch(/\(a\) full network, every unit on/);
    expect(r.stdout).toMatch(/exact average of all 2048 masks/);
    expect(r.stdout).toMatch(/training set \(first 40\): dropout off accuracy/);
  });
});
