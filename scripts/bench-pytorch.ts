// The same 3-epoch run of a preset in Gradscope (`gradscope train --json`) and in its exported PyTorch
// project (`python3 train.py`, one thread), one after the other: wall time of each command, and the sum
// of the epoch times each reports (training + validation pass). Part of `npm run bench`; alone:
//   npx tsx scripts/bench-pytorch.ts [PRESET]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'gradscope.js');
const EPOCHS = '3';
const ONE_THREAD = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function timed(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve({ seconds: (performance.now() - t0) / 1000, stdout })
        : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}: ${stderr.slice(-500)}`)),
    );
  });
}

function epochSeconds(jsonLines: string): { seconds: number; testAcc: number | null } {
  const events = jsonLines
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { type: string; seconds?: number; test?: { acc: number | null } | null });
  const seconds = events.filter((e) => e.type === 'epoch').reduce((s, e) => s + (e.seconds ?? 0), 0);
  return { seconds, testAcc: events.find((e) => e.type === 'finished')?.test?.acc ?? null };
}

export async function benchPytorch(preset = 'relu-deep', say: (line: string) => void = console.log): Promise<void> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'gradscope-bench-pt-'));
  try {
    const project = path.join(tmp, 'pt');
    await timed(process.execPath, [BIN, 'export-pytorch', '--preset', preset, '--epochs', EPOCHS, '--out', project]);
    const gs = await timed(process.execPath, [BIN, 'train', '--preset', preset, '--epochs', EPOCHS, '--json', '--out', path.join(tmp, 'gs')], {
      env: ONE_THREAD,
    });
    const pt = await timed('/usr/bin/python3', ['train.py', '--log', path.join(tmp, 'run.jsonl')], { cwd: project, env: ONE_THREAD });
    const g = epochSeconds(gs.stdout);
    const p = epochSeconds(await readFile(path.join(tmp, 'run.jsonl'), 'utf8'));
    const pct = (a: number | null) => (a === null ? '–' : `${(a * 100).toFixed(1)} %`);
    say(`same ${EPOCHS}-epoch run of preset ${preset}, one thread each (seconds):`);
    say(
      `  Gradscope (TF.js wasm)  command ${gs.seconds.toFixed(2).padStart(6)}   epochs ${g.seconds.toFixed(2).padStart(6)}   test accuracy ${pct(g.testAcc)}`,
    );
    say(
      `  exported PyTorch        command ${pt.seconds.toFixed(2).padStart(6)}   epochs ${p.seconds.toFixed(2).padStart(6)}   test accuracy ${pct(p.testAcc)}`,
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

const isEntry = process.argv[1] !== undefined && /bench-pytorch\.[cm]?[tj]s$/.test(process.argv[1]);
if (isEntry) await benchPytorch(process.argv[2]);
