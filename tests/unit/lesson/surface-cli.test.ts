// `gradscope surface`: refusals are one line and exit 2; --json carries the paths the library computes;
// one run goes through bin/gradscope.js as a user would.
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { main } from '../../../src-main/cli/main';
import { runCli } from '../cli/run-cli';

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

describe('gradscope surface', () => {
  it.each([
    [['surface'], /which function\? Give --fn NAME/],
    [['surface', '--fn', 'bowl'], /--fn bowl: unknown function \(one of ravine, rosenbrock, saddle, plateau, local-min\)/],
    [['surface', '--fn', 'ravine', '--from', '1'], /--from 1: expected X,Y/],
    [['surface', '--fn', 'ravine', '--from', '1,abc'], /--from: "abc" is not a number/],
    [['surface', '--fn', 'ravine', '--steps', '0'], /--steps 0: must be from 1 to 10000/],
    [['surface', '--fn', 'ravine', '--opt', 'lbfgs'], /unknown optimizer "lbfgs"/],
    [['surface', '--fn', 'ravine', '--opt', 'adam:momentum=0.9'], /adam takes lr, beta1, beta2, not "momentum"/],
    [['surface', '--fn', 'ravine', '--opt', 'sgd:lr=-1'], /lr must be above 0/],
    [['surface', '--fn', 'ravine', '--opt', 'rmsprop:decay=1.5'], /--opt rmsprop:decay=1.5: decay/],
  ])('%j is refused in one line with exit 2', async (args, message) => {
    const r = await inProcess(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('--json gives each chosen method’s points, losses and step sizes', async () => {
    const r = await inProcess(['surface', '--fn', 'rosenbrock', '--from', '0,2', '--steps', '25', '--opt', 'adam:lr=0.1,beta1=0.8', '--opt', 'sgd', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.fn).toBe('rosenbrock');
    expect(out.from).toEqual([0, 2]);
    expect(out.paths.map((p: { method: string }) => p.method)).toEqual(['adam', 'sgd']);
    const adam = out.paths[0];
    expect(adam.optimizer).toEqual({ kind: 'adam', beta1: 0.8, beta2: 0.999 });
    expect(adam.learningRate).toBe(0.1);
    expect(adam.points).toHaveLength(26);
    expect(adam.loss[0]).toBeCloseTo(401, 6); // (1 − 0)² + 100·(2 − 0)²
    // Adam's first step moves each coordinate by about lr, whatever the gradient's size
    expect(Math.abs(adam.points[1][0] - adam.points[0][0])).toBeCloseTo(0.1, 4);
    expect(adam.loss.at(-1)).toBeLessThan(adam.loss[0] / 10);
  });

  it('runs from bin/gradscope.js and prints the table', async () => {
    const r = await runCli(['surface', '--fn', 'local-min', '--steps', '300'], tmpdir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Shallow local minimum before a deeper one/);
    const row = (m: string) =>
      r.stdout
        .split('\n')
        .find((l) => l.startsWith(`${m} `))!
        .trim()
        .split(/\s+/);
    // method, lr, [params], end x, …: SGD ends in the shallow dip, Momentum in the deep minimum
    expect(Number(row('sgd')[2])).toBeLessThan(-1);
    expect(Number(row('momentum')[3])).toBeGreaterThan(1.5);
  });
});
