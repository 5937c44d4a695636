import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../../src-main/contract/events';
import { getPreset } from '../../../src-main/export/presets';
import { runCli } from './run-cli';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'gradscope-cli-'));

interface ProbeJson {
  samples: number;
  loss: number;
  layers: { node: string; name: string; kernelNorm: number; kernelMeanAbs: number; biasNorm: number | null }[];
  firstLastHiddenRatio: number;
}

describe('gradscope CLI (subprocess)', () => {
  it('train --json prints exactly the trainer events, one per line, and exports the model', async () => {
    const dir = tmp();
    const r = await runCli(['train', '--preset', 'spiral', '--epochs', '3', '--out', 'model', '--json'], dir);
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TrainerEvent);
    expect(events[0]!.type).toBe('started');
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([1, 2, 3]);
    expect(events.some((e) => e.type === 'steps')).toBe(true);
    const last = events[events.length - 1]!;
    expect(last.type).toBe('finished');
    if (last.type !== 'finished') return;
    expect(last.reason).toBe('completed');
    expect(last.test!.loss).toBeGreaterThan(0);
    expect(last.test!.acc).toBeGreaterThan(0.34); // above chance on 3 classes after 3 epochs
    expect(existsSync(path.join(dir, 'model', 'model.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'model', 'weights.bin'))).toBe(true);
  });

  it('train prints a banner, epoch lines, progress, the test result and the gradient-norm table', async () => {
    const dir = tmp();
    const r = await runCli(['train', '--preset', 'spiral', '--epochs', '2', '--seed', '5'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gradscope train — Spiral .* \[spiral\] on TensorFlow\.js wasm/);
    expect(r.stdout).toMatch(/epoch 1\/2 {2}train loss \d\.\d{4} acc [\d.]+% {2}val loss \d\.\d{4} acc [\d.]+% {2}[\d.]+ s/);
    expect(r.stdout).toMatch(/epoch 2\/2 /);
    // the training set is measured (and its size said); the running minibatch mean is labelled apart
    expect(r.stdout).toMatch(/train figures: the training set measured after each epoch, dropout off, on all \d+ samples/);
    expect(r.stdout).toMatch(/s {2}\(batch mean loss \d\.\d{4} acc [\d.]+%\)/);
    expect(r.stdout).toMatch(/test: loss \d\.\d{4}, accuracy [\d.]+%/);
    expect(r.stdout).toMatch(/layer +whole run +epoch 1 +epoch 2/);
    expect(r.stdout).toMatch(/hidden 1 +\d\.\d\de-?\d+ +\d\.\d\de-?\d+ +\d\.\d\de-?\d+/);
    expect(r.stdout).toMatch(/first\/last hidden-layer gradient ratio: .* \(hidden 1 \/ hidden 2\)/);
    // not a terminal: the progress bar is plain dots on stderr, no carriage returns
    expect(r.stderr).toMatch(/epoch 1\/2 \.{30}\n/);
    expect(r.stderr).not.toContain('\r');
    // default export folder: ./gradscope-out/<preset>
    expect(r.stdout).toContain(`model exported to ${path.join(dir, 'gradscope-out', 'spiral')}`);
    expect(existsSync(path.join(dir, 'gradscope-out', 'spiral', 'model.json'))).toBe(true);
  });

  it('--epochs 0 exports the initialised model; probe --model on it matches the initial weights, on a trained one it does not', async () => {
    const dir = tmp();
    expect((await runCli(['train', '--preset', 'spiral', '--epochs', '0', '--out', 'init'], dir)).code).toBe(0);
    const initial = JSON.parse((await runCli(['probe', '--preset', 'spiral', '--json'], dir)).stdout) as ProbeJson;
    const fromExport = JSON.parse((await runCli(['probe', '--preset', 'spiral', '--model', 'init', '--json'], dir)).stdout) as ProbeJson;
    expect(fromExport.loss).toBe(initial.loss);
    expect(fromExport.layers).toEqual(initial.layers);
    expect(initial.samples).toBe(128);
    expect(initial.layers.map((l) => l.node)).toEqual(['h1', 'h2', 'output']);
    expect((await runCli(['train', '--preset', 'spiral', '--epochs', '15', '--out', 'trained', '--json'], dir)).code).toBe(0);
    const trained = JSON.parse(
      (await runCli(['probe', '--preset', 'spiral', '--model', 'trained', '--json', '--batch', 'first:300'], dir)).stdout,
    ) as ProbeJson;
    expect(trained.samples).toBe(300);
    expect(trained.loss).toBeLessThan(initial.loss / 2);
  });

  it('probe shows the vanishing gradient of sigmoid-deep, not of relu-deep', async () => {
    const dir = tmp();
    const sig = JSON.parse((await runCli(['probe', '--preset', 'sigmoid-deep', '--json'], dir)).stdout) as ProbeJson;
    const relu = JSON.parse((await runCli(['probe', '--preset', 'relu-deep', '--json'], dir)).stdout) as ProbeJson;
    const hidden = (p: ProbeJson) => p.layers.filter((l) => l.node !== 'output');
    expect(hidden(sig)).toHaveLength(8);
    const s = hidden(sig);
    expect(s[0]!.kernelNorm / s[7]!.kernelNorm).toBeLessThan(1e-3);
    expect(sig.firstLastHiddenRatio).toBeLessThan(1e-3);
    const r = hidden(relu);
    expect(r[0]!.kernelNorm / r[7]!.kernelNorm).toBeGreaterThan(0.1);
    const human = await runCli(['probe', '--preset', 'sigmoid-deep', '--batch', 'first:64'], dir);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('the first 64 training samples in file order');
    expect(human.stdout).toMatch(/hidden 1 .* █+\n/);
    expect(human.stdout).toContain('the gradient vanishes toward the input');
  });

  it('trains a project file with a --data override and names the default output after the file', async () => {
    const dir = tmp();
    const project = getPreset('spiral');
    writeFileSync(path.join(dir, 'my-net.gradscope.json'), JSON.stringify(project));
    const r = await runCli(['train', 'my-net.gradscope.json', '--data', 'xor', '--epochs', '1', '--batch-size', '50'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('data: synthetic xor, 1,500 points, 2 classes');
    expect(r.stdout).toContain('training: adam, learning rate 0.01, batch 50, 1 epoch, seed 1');
    expect(existsSync(path.join(dir, 'gradscope-out', 'my-net', 'model.json'))).toBe(true);
    const model = JSON.parse(readFileSync(path.join(dir, 'gradscope-out', 'my-net', 'model.json'), 'utf8'));
    expect(model.userDefinedMetadata.gradscope.training.dataset.name).toBe('xor');
  });

  it('bad arguments or files: one clear line on stderr, exit code 2, no stack trace', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'broken.json'), '{\n  "format": "gradscope-project",\n  "version": 1,,\n}');
    const badGraph = getPreset('spiral');
    badGraph.graph.edges = badGraph.graph.edges.slice(1);
    writeFileSync(path.join(dir, 'dangling.json'), JSON.stringify(badGraph));
    writeFileSync(path.join(dir, 'deep.json'), '['.repeat(200_000));
    writeFileSync(path.join(dir, 'a-file'), 'not a folder');
    mkdirSync(path.join(dir, 'photos'));
    writeFileSync(path.join(dir, 'photos', 'cat.jpg'), 'meow');
    const cases: [string[], RegExp][] = [
      [['train', '--preset', 'nope'], /^gradscope: unknown preset "nope" \(available: dropout, maxout, relu-deep, sigmoid-deep, spiral\)$/],
      [['train', '--preset', 'spiral', '--epochs', 'ten'], /^gradscope: --epochs ten: expected a whole number$/],
      [['train', 'broken.json'], /^gradscope: .*broken\.json: not valid JSON at line 3/],
      [['train', 'dangling.json', '--epochs', '1'], /^gradscope: dangling\.json: the graph cannot be built: .*node h1: missing input/],
      [['probe', '--preset', 'spiral', '--data', 'csv:missing.csv:label'], /^gradscope: .*missing\.csv: file not found$/],
      [['probe', '--preset', 'spiral', '--model', 'no-such-dir'], /no-such-dir[/\\]model\.json: not found/],
      [['train', 'deep.json'], /^gradscope: .*deep\.json: line 1, column 257: nested more than 256 levels deep; this is not a Gradscope project$/],
      // a bad --out is reported before any training (nothing on stdout)
      [['train', '--preset', 'spiral', '--out', 'a-file'], /^gradscope: --out .*a-file: exists and is a file, not a folder$/],
      [['train', '--preset', 'spiral', '--out', 'a-file/model'], /^gradscope: --out .*a-file[/\\]model: .*a-file is a file, not a folder$/],
      [['train', '--preset', 'spiral', '--out', 'photos'], /^gradscope: --out .*photos: the folder holds other files/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args, dir)));
    for (const [i, [args, pattern]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, args.join(' ')).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }
    const unknown = await runCli(['fit'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'gradscope: unknown command "fit" (commands: train, sweep, probe, predict, export-pytorch, import-run, surface, presets)\ntry: gradscope --help\n',
    );
  });
});
