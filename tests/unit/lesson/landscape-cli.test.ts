// `gradscope landscape`: two real runs in-process, the line and the plane in --json; bad arguments are
// one line and exit 2.
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { main } from '../../../src-main/cli/main';
import type { LandscapeView } from '../../../src-main/contract/landscape';

async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd: tmpdir(),
    onInterrupt: () => () => undefined,
  });
  return { code, stdout, stderr };
}

describe('gradscope landscape', () => {
  it('--json: run A’s line from its initial to its trained loss, and the plane with run B (another optimizer, same seed)', async () => {
    const r = await inProcess(['landscape', '--preset', 'spiral', '--epochs', '2', '--second-optimizer', 'sgd', '--grid', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as LandscapeView & { runs: { run: string; modelEpoch: number; training: { optimizer: { kind: string }; seed: number } }[] };
    expect(v.runs.map((x) => [x.run, x.training.optimizer.kind, x.training.seed])).toEqual([
      ['A', 'adam', 1],
      ['B', 'sgd', 1],
    ]);
    const first = v.line.path[0]!;
    // the trained weights are the model's epoch (the best validation epoch, restored, in this preset)
    const last = v.line.path.find((p) => p.epoch === v.runs[0]!.modelEpoch)!;
    expect(first.epoch).toBe(0);
    expect(v.line.loss[v.line.t.indexOf(0)]).toBeCloseTo(first.loss, 5);
    expect(v.line.loss[v.line.t.indexOf(1)]).toBeCloseTo(last.loss, 5);
    expect(last.t).toBeCloseTo(1, 5);
    const p = v.plane!;
    expect(p.loss).toHaveLength(25);
    // same seed: B starts where A starts, at the plane's origin
    expect(Math.abs(p.paths[1]!.points[0]!.a) + Math.abs(p.paths[1]!.points[0]!.b)).toBeLessThan(1e-6);
    expect(p.paths[1]!.end.offPlane).toBeLessThan(1e-3);
  }, 120_000);

  it.each([
    [['landscape'], /^gradscope: landscape: which network\?/],
    [['landscape', '--preset', 'spiral', '--grid', '3'], /^gradscope: --grid 3: must be from 5 to 81/],
    [['landscape', '--preset', 'spiral', '--second-optimizer', 'lbfgs'], /^gradscope: --second-optimizer lbfgs: expected one of sgd, momentum/],
    [['landscape', '--preset', 'nope'], /^gradscope: .*nope/],
  ])('%j is refused in one line with exit 2', async (args, message) => {
    const r = await inProcess(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
