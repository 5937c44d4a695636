// Helpers for the tests that run exported PyTorch projects with Debian's python3-torch: graph builders,
// the Gradscope side (probe, one epoch) computed in-process, and one Python process for many jobs.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Graph, GraphNode } from '../../../src-main/contract/graph';
import type { StepRecord, TrainerEvent } from '../../../src-main/contract/events';
import { TrainingConfig, type TrainingConfigInput } from '../../../src-main/contract/training';
import { loadDataset, loadFirstSamples } from '../../../src-main/data/index';
import { compileGraph } from '../../../src-main/trainer/compile';
import { probeGradients } from '../../../src-main/trainer/probe-gradients';
import { runTraining } from '../../../src-main/trainer/loop';
import { parseNpy } from '../../../src-main/export/pytorch/npy';

export const PYTHON = '/usr/bin/python3';
export const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pytorch-driver.py');
/** one core, as on a student's laptop run; also keeps the shared test machine usable */
export const PY_ENV = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

type N = GraphNode;
export function graph(nodes: N[], edges: Array<[string, string]>): Graph {
  return { version: 1, nodes, edges: edges.map(([s, t], i) => ({ id: `e${i}`, source: s, target: t })) };
}
export const input = (more: Partial<N> = {}): N => ({ id: 'in', type: 'input', ...more }) as N;
export const dense = (id: string, units: number, activation: string, more: Record<string, unknown> = {}): N =>
  ({ id, type: 'dense', units, activation, useBias: true, ...more }) as N;
export const maxout = (id: string, units: number, pieces: number, grouping: unknown, more: Record<string, unknown> = {}): N =>
  ({ id, type: 'maxout', units, pieces, grouping, useBias: true, ...more }) as N;
export const output = (head: 'softmax' | 'linear' = 'softmax', more: Record<string, unknown> = {}): N =>
  ({ id: 'out', type: 'output', head, useBias: true, ...more }) as N;

export function training(over: Partial<TrainingConfigInput>): TrainingConfig {
  return TrainingConfig.parse({
    dataset: { kind: 'synthetic', name: 'spiral', samples: 320, noise: 0.1, classes: 3 },
    optimizer: { kind: 'sgd' },
    learningRate: 0.05,
    batchSize: 16,
    epochs: 1,
    validationSplit: 0.15,
    testSplit: 0.15,
    ...over,
  });
}

export function tmpDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** `gradscope probe --json`'s numbers, computed in-process. */
export async function gradscopeProbe(g: Graph, t: TrainingConfig, n: number) {
  const first = await loadFirstSamples(t.dataset, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit }, n);
  const c = compileGraph(g, { inputDim: first.inputDim, classes: first.classes }, { seed: t.seed });
  try {
    return probeGradients(c, first.batch);
  } finally {
    c.dispose();
  }
}

/** One Gradscope run in-process: its events and its final weights per node (TF.js layout). */
export async function gradscopeRun(g: Graph, t: TrainingConfig) {
  const dataset = await loadDataset(t.dataset, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit });
  const events: TrainerEvent[] = [];
  const result = await runTraining({ graph: g, training: t, dataset, runId: 'gs', emit: (e) => events.push(e), stepMessagesPerSecond: 1e9 });
  const c = result.compiled!;
  const weights = new Map<string, { kernel: Float32Array; shape: number[]; bias: Float32Array | null; alpha: Float32Array | null }>();
  for (const k of c.kernels) {
    weights.set(k.node.id, {
      kernel: Float32Array.from(k.kernel.dataSync() as Float32Array),
      shape: [...k.kernel.shape],
      bias: k.bias ? Float32Array.from(k.bias.dataSync() as Float32Array) : null,
      alpha: k.alpha ? Float32Array.from(k.alpha.dataSync() as Float32Array) : null,
    });
  }
  c.dispose();
  const steps = events.flatMap((e) => (e.type === 'steps' ? e.steps : [])) as StepRecord[];
  const epochs = events.filter((e): e is Extract<TrainerEvent, { type: 'epoch' }> => e.type === 'epoch');
  return { result, weights, steps, epochs };
}

/** The .npy files train.py --save-weights wrote, by state_dict key. */
export async function readSavedWeights(dir: string): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const f of await readdir(dir)) {
    const a = parseNpy(new Uint8Array(await readFile(path.join(dir, f))), f);
    if (a.dtype !== 'float32') throw new Error(`${f}: ${a.dtype}`);
    out.set(f.replace(/\.npy$/, ''), a.data);
  }
  return out;
}

/** [in, out] → [out, in] */
export function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]!;
  return t;
}

export function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    n += a[i]! ** 2;
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(n), 1e-12);
}

export function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), 1e-12);
}

export interface PyJob {
  id: string;
  dir: string;
  args?: string[];
  check?: 'dropout';
}
export interface PyResult {
  id: string;
  code: number;
  stdout: string;
  stderr: string;
  check: Record<string, unknown> | null;
}

/** Run every job in one Python process; results by id. */
export async function runPython(jobs: PyJob[]): Promise<Map<string, PyResult>> {
  const dir = await tmpDir('gs-pyjobs-');
  const file = path.join(dir, 'jobs.json');
  await writeFile(file, JSON.stringify(jobs.map((j) => ({ args: [], ...j }))));
  const { code, stdout, stderr } = await spawnCollect(PYTHON, [DRIVER, file], { env: PY_ENV });
  if (code !== 0) throw new Error(`the Python driver failed (${code}): ${stderr}`);
  const results = new Map<string, PyResult>();
  for (const line of stdout.split('\n'))
    if (line.trim()) {
      const r = JSON.parse(line) as PyResult;
      results.set(r.id, r);
    }
  return results;
}

export function spawnCollect(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
