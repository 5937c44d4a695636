// The commands as a user types them: gradscope export-pytorch (initial or --model weights) and
// gradscope import-run (a train.py log becomes a run of the project file; a bad log changes nothing).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getPreset } from '../../../src-main/export/presets';
import { runCli, type CliResult } from '../cli/run-cli';
import { main } from '../../../src-main/cli/main';
import { relErr, runPython, tmpDir, type PyResult } from './pytorch-fixtures';

/** The command in this process (the same main() bin/gradscope.js runs), for the many quick refusals. */
async function runMain(args: string[], cwd: string, chdir = true): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  // a project file argument is resolved against the process's folder, as from a shell in `cwd` (vitest runs files in forks)
  const before = process.cwd();
  if (chdir) process.chdir(cwd);
  let code: number;
  try {
    code = await main(args, {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      cwd,
      onInterrupt: () => () => undefined,
    });
  } finally {
    process.chdir(before);
  }
  return { code, stdout, stderr };
}

let root = '';
let py: Map<string, PyResult>;
let gsTrainedProbe = '';

beforeAll(async () => {
  root = await tmpDir('gs-pt-cli-');
  // a model trained one epoch in Gradscope, exported; a PyTorch project starting from it
  const train = await runCli(['train', '--preset', 'spiral', '--epochs', '1', '--out', path.join(root, 'trained')], root);
  expect(train.code, train.stderr).toBe(0);
  const exp = await runCli(['export-pytorch', '--preset', 'spiral', '--model', 'trained', '--epochs', '2', '--out', 'from-trained'], root);
  expect(exp.code, exp.stderr).toBe(0);
  expect(exp.stdout).toMatch(/PyTorch project for .* written to .*from-trained/);
  // --model is resolved against the CLI's folder (io.cwd), not the process's: no chdir here
  expect(process.cwd()).not.toBe(root);
  const probe = await runMain(['probe', '--preset', 'spiral', '--model', 'trained', '--batch', 'first:64', '--json'], root, false);
  expect(probe.code, probe.stderr).toBe(0);
  gsTrainedProbe = probe.stdout;
  const dir = path.join(root, 'from-trained');
  py = await runPython([
    { id: 'probe', dir, args: ['--probe', '--batch', 'first:64'] },
    { id: 'probe-too-many', dir, args: ['--probe', '--batch', 'first:5000'] },
    { id: 'train', dir, args: ['--log', path.join(root, 'run.jsonl'), '--out', path.join(root, 'runs')] },
    { id: 'random', dir, args: ['--init', 'random', '--epochs', '1', '--log', path.join(root, 'random.jsonl'), '--out', path.join(root, 'runs-random')] },
  ]);
  const project = getPreset('spiral');
  await writeFile(path.join(root, 'spiral.gradscope.json'), JSON.stringify(project));
  await writeFile(path.join(root, 'deep.gradscope.json'), JSON.stringify(getPreset('relu-deep')));
});

describe('gradscope export-pytorch', () => {
  it('from an exported model: the PyTorch probe equals gradscope probe --model', () => {
    const gs = JSON.parse(gsTrainedProbe);
    const p = JSON.parse(py.get('probe')!.stdout);
    expect(relErr(gs.loss, p.loss)).toBeLessThan(1e-3);
    gs.layers.forEach((l: { kernelNorm: number; kernelMeanAbs: number; biasNorm: number }, i: number) => {
      expect(relErr(l.kernelNorm, p.layers[i].kernelNorm)).toBeLessThan(1e-3);
      expect(relErr(l.kernelMeanAbs, p.layers[i].kernelMeanAbs)).toBeLessThan(1e-3);
      expect(relErr(l.biasNorm, p.layers[i].biasNorm)).toBeLessThan(1e-3);
    });
    expect(p.weights).toMatch(/exported model .*trained/);
  });

  it('probe asks for no more samples than the export holds', () => {
    const r = py.get('probe-too-many')!;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--batch first:5000: the export holds the first 1024 samples in file order; ask for at most first:1024/);
  });

  it('--init random trains from fresh weights', async () => {
    expect(py.get('random')!.code, py.get('random')!.stderr).toBe(0);
    const events = (await readFile(path.join(root, 'random.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[0].weights).toBe('random (seed 1)');
    expect(events.at(-1)).toMatchObject({ type: 'finished', reason: 'completed', epochs: 1 });
  });

  it('refuses bad arguments and folders that hold other files, in one line', async () => {
    const noOut = await runMain(['export-pytorch', '--preset', 'spiral'], root);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/Give --out DIR/);
    const missing = await runMain(['export-pytorch', 'nope.json', '--out', 'x'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: not found/);
    const badModel = await runMain(['export-pytorch', '--preset', 'relu-deep', '--data', 'mnist:100', '--model', 'trained', '--out', 'y'], root);
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toMatch(/trained: the exported model has no layer "h3" \(node h3\); it was exported from a different graph/);
    const narrow = getPreset('spiral');
    narrow.graph.nodes = narrow.graph.nodes.map((n) => (n.id === 'h1' && n.type === 'dense' ? { ...n, units: 16 } : n));
    await writeFile(path.join(root, 'narrow.gradscope.json'), JSON.stringify(narrow));
    const shape = await runMain(['export-pytorch', 'narrow.gradscope.json', '--model', 'trained', '--out', 'z'], root);
    expect(shape.code).toBe(2);
    expect(shape.stderr).toMatch(/layer "hidden 1" \(node h1\): kernel of shape \[2×32\], the graph needs \[2×16\]/);
    const busy = path.join(root, 'busy');
    await mkdir(busy);
    await writeFile(path.join(busy, 'notes.txt'), 'mine');
    const r = await runMain(['export-pytorch', '--preset', 'spiral', '--out', 'busy'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds files that are not part of an export/);
    expect(await readdir(busy)).toEqual(['notes.txt']);
  });
});

describe('gradscope import-run', () => {
  it('adds the train.py run to the project file, with its steps and epochs', async () => {
    expect(py.get('train')!.code, py.get('train')!.stderr).toBe(0);
    const r = await runMain(['import-run', 'run.jsonl', '--into', 'spiral.gradscope.json', '--json'], root);
    expect(r.code, r.stderr).toBe(0);
    const project = JSON.parse(await readFile(path.join(root, 'spiral.gradscope.json'), 'utf8'));
    expect(project.runs).toHaveLength(1);
    const run = project.runs[0];
    expect(run.label).toBe('run (imported)');
    expect(run.backend).toMatch(/^PyTorch /);
    expect(run.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2]);
    expect(run.steps.step).toHaveLength(66);
    expect(run.steps.layers).toHaveLength(3);
    expect(run.reason).toBe('completed');
    const again = await runMain(['import-run', 'run.jsonl', '--into', 'spiral.gradscope.json'], root);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds run pytorch-spiral-/);
  });

  it("a damaged log or another network's log is refused naming the line; the project is untouched", async () => {
    const file = path.join(root, 'spiral.gradscope.json');
    const before = await readFile(file, 'utf8');
    const lines = (await readFile(path.join(root, 'run.jsonl'), 'utf8')).trim().split('\n');
    await writeFile(path.join(root, 'broken.jsonl'), [...lines.slice(0, 3), lines[3]!.slice(0, 40), ...lines.slice(4)].join('\n'));
    const broken = await runMain(['import-run', 'broken.jsonl', '--into', 'spiral.gradscope.json'], root);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.jsonl: line 4: not valid JSON/);
    const other = await runMain(['import-run', 'run.jsonl', '--into', 'deep.gradscope.json'], root);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/line 1: the log's layers \(h1, h2, output\) are not this project's/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});
