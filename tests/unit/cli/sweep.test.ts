import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from '../../../src-main/cli/args';
import { parseVary } from '../../../src-main/cli/sweep-args';
import { SweepRecord } from '../../../src-main/contract/sweep';
import { runCli } from './run-cli';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const usage = (args: string[]) => {
  try {
    parseArgs(args);
    return 'accepted';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('gradscope sweep: arguments', () => {
  it('reads axes, shorthands, nodes and optimizers', () => {
    expect(parseVary('depth=1..4')).toEqual({ name: 'depth', values: [1, 2, 3, 4] });
    expect(parseVary('lr=1e-3..1e-1x5')).toEqual({ name: 'learningRate', values: [0.001, 0.00316, 0.01, 0.0316, 0.1] });
    expect(parseVary('batch-size=16..256x5')).toEqual({ name: 'batchSize', values: [16, 32, 64, 128, 256] });
    expect(parseVary('dropout@h1+h2=0,0.2,0.5')).toEqual({ name: 'dropout', values: [0, 0.2, 0.5], nodes: ['h1', 'h2'] });
    expect(parseVary('activation=sigmoid,relu')).toEqual({ name: 'activation', values: ['sigmoid', 'relu'] });
    expect(parseVary('optimizer=sgd,momentum:momentum=0.95,adam')).toEqual({
      name: 'optimizer',
      values: [{ kind: 'sgd' }, { kind: 'momentum', momentum: 0.95 }, { kind: 'adam', beta1: 0.9, beta2: 0.999 }],
    });
    expect(parseArgs(['sweep', '--preset', 'spiral', '--vary', 'depth=1,2', '--vary', 'seed=1..3', '--workers', '2', '--epochs', '4'])).toMatchObject({
      kind: 'sweep',
      source: { preset: 'spiral', file: null },
      axes: [
        { name: 'depth', values: [1, 2] },
        { name: 'seed', values: [1, 2, 3] },
      ],
      workers: 2,
      epochs: 4,
    });
    expect(parseArgs(['sweep', '--template', 'deeper-not-better'])).toMatchObject({
      source: { preset: 'sigmoid-deep' },
      epochs: 3,
      axes: [{ name: 'depth' }, { name: 'activation' }],
    });
  });

  it('a bad axis is one line naming it', () => {
    expect(usage(['sweep', '--preset', 'spiral', '--vary', 'colour=1'])).toMatch(/^--vary colour=1: unknown axis "colour"/);
    expect(usage(['sweep', '--preset', 'spiral', '--vary', 'depth=1.5'])).toBe('--vary depth=1.5: axis depth: 1.5 is not a whole number');
    expect(usage(['sweep', '--preset', 'spiral', '--vary', 'lr=0.1..0.01x3'])).toBe(
      '--vary lr=0.1..0.01x3: axis learningRate: 0.1..0.01x3: log-spaced values need 0 < A < B',
    );
    expect(usage(['sweep', '--preset', 'spiral', '--vary', 'activation=relu,swish'])).toMatch(
      /^--vary activation=relu,swish: axis activation: unknown activation "swish"/,
    );
    expect(usage(['sweep', '--preset', 'spiral', '--vary', 'optimizer=adam:beta9=1'])).toMatch(/^--vary optimizer=adam:beta9=1: axis optimizer:/);
    expect(usage(['sweep', '--preset', 'spiral', '--vary', 'lr@h1=0.1'])).toBe(
      '--vary lr@h1=0.1: axis learningRate: takes no nodes (it is not a change to layers)',
    );
    expect(usage(['sweep', '--preset', 'spiral'])).toMatch(/^sweep: what to vary\?/);
    expect(usage(['sweep', '--preset', 'spiral', '--vary', 'a=1', '--vary', 'b=2', '--vary', 'c=3'])).toBe('sweep: at most two --vary axes (got 3)');
    expect(usage(['sweep', '--template', 'nope'])).toMatch(/^--template nope: no such sweep template \(templates: deeper-not-better/);
    expect(usage(['sweep', '--preset', 'spiral', '--vary', 'depth=1', '--workers', '0'])).toBe('--workers 0: must be from 1 to 32');
  });

  it('an axis that does not apply to the network exits 2 with one line, before training', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradscope-sweep-'));
    dirs.push(dir);
    const r = await runCli(['sweep', '--preset', 'spiral', '--vary', 'pieces=2,3'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gradscope: --vary: axis pieces: the graph has no maxout layer to change\n');
    expect(r.stdout).toBe('');
  });
});

describe('gradscope sweep: a real sweep', () => {
  it('--json prints every run event tagged with its variant, then the summary; --out writes the record and CSV', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradscope-sweep-'));
    dirs.push(dir);
    const r = await runCli(
      [
        'sweep',
        '--preset',
        'spiral',
        '--data',
        'xor',
        '--vary',
        'depth=1,2',
        '--vary',
        'activation=tanh,relu',
        '--epochs',
        '2',
        '--workers',
        '2',
        '--json',
        '--out',
        'out',
      ],
      dir,
    );
    expect(r.stderr).toMatch(/sweep written to/);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.at(-1) as { type: string; variants: { axes: unknown; status: string; train: { acc: number }; gradRatio: number | null }[] };
    expect(summary.type).toBe('sweep');
    expect(summary.variants.map((v) => v.axes)).toEqual([
      { depth: 1, activation: 'tanh' },
      { depth: 1, activation: 'relu' },
      { depth: 2, activation: 'tanh' },
      { depth: 2, activation: 'relu' },
    ]);
    expect(summary.variants.every((v) => v.status === 'completed' && v.train.acc > 0)).toBe(true);
    expect(summary.variants.map((v) => v.gradRatio === null)).toEqual([true, true, false, false]);
    const events = lines.slice(0, -1) as { type: string; variant: number; axes: unknown; runId: string }[];
    for (const v of [0, 1, 2, 3]) {
      const mine = events.filter((e) => e.variant === v);
      expect(mine[0]).toMatchObject({ type: 'started', axes: summary.variants[v]!.axes });
      expect(mine.at(-1)).toMatchObject({ type: 'finished', reason: 'completed' });
      expect(mine.filter((e) => e.type === 'epoch')).toHaveLength(2);
    }
    const record = SweepRecord.parse(JSON.parse(readFileSync(path.join(dir, 'out', 'sweep.json'), 'utf8')));
    expect(record.variants).toEqual(summary.variants);
    const csv = readFileSync(path.join(dir, 'out', 'sweep.csv'), 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe(
      'variant,depth,activation,status,measured_epoch,epochs,train_loss,train_acc,train_samples_measured,val_loss,val_acc,test_loss,test_acc,grad_ratio_first_last_hidden,seconds,message',
    );
    expect(csv).toHaveLength(5);
  });

  it('prints a progress line per variant, then the table', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradscope-sweep-'));
    dirs.push(dir);
    const r = await runCli(['sweep', '--preset', 'spiral', '--data', 'xor', '--vary', 'l2=0,0.01', '--epochs', '1', '--workers', '1'], dir);
    expect(r.code).toBe(0);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('gradscope sweep — Spiral (synthetic, 2-D) [spiral]: 2 variants (l2) on 1 worker');
    expect(out.filter((l) => /^\[\d\/2\] l2=/.test(l))).toHaveLength(2);
    const header = out.findIndex((l) => /^\s*l2\s+epoch/.test(l));
    expect(out[header]).toMatch(/^\s*l2\s+epoch\s+train acc\s+train loss\s+val acc\s+test acc\s+grad ratio\s+time/);
    expect(out[header + 2]).toMatch(/^ {3}0\s+1\/1\s+\d+\.\d%/);
    expect(out[header + 3]).toMatch(/^0\.01\s+1\/1\s+\d+\.\d%/);
  });
});
