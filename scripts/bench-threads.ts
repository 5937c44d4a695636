// Where a second OpenBLAS thread pays: times the native product (native/, straight on a buffer)
// with one thread and with every core, for the shapes training takes (forward x·W, backward
// xᵀ·dz and dz·Wᵀ) at batch 32 and 128. The threshold in native-addon.ts comes from this table.
//
//   npx tsx scripts/bench-threads.ts
import os from 'node:os';
import { loadNative } from '../src-main/trainer/native-addon';

const n = loadNative();
if (!n.ok) {
  process.stderr.write(`bench-threads: ${n.reason}\n`);
  process.exit(1);
}
const addon = n.addon;
const cores = os.availableParallelism();

/** [m, k, n, transA, transB] */
const SHAPES: [number, number, number, number, number][] = [];
for (const batch of [32, 128])
  for (const [inp, out] of [
    [784, 128],
    [128, 128],
    [784, 512],
    [512, 512],
  ] as const) {
    SHAPES.push([batch, inp, out, 0, 0]); // forward x·W
    SHAPES.push([inp, batch, out, 1, 0]); // dW = xᵀ·dz
    SHAPES.push([batch, out, inp, 0, 1]); // dx = dz·Wᵀ
  }

function msPerCall(m: number, k: number, nn: number, ta: number, tb: number, threads: number): number {
  const heap = new ArrayBuffer((m * k + k * nn + m * nn) * 4);
  new Float32Array(heap).fill(0.5);
  addon.configure(threads, 0);
  const call = () => addon.matmul(heap, m, nn, k, ta, tb, 0, m * k * 4, (m * k + k * nn) * 4, 0, 0, 0, 0, 0, 0);
  for (let i = 0; i < 20; i++) call();
  const reps: number[] = [];
  const calls = Math.max(5, Math.round(2e8 / (m * k * nn)));
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) call();
    reps.push((performance.now() - t0) / calls);
  }
  return reps.sort((a, b) => a - b)[2]!;
}

process.stdout.write(`OpenBLAS: ${addon.info().config}; ${cores} cores; load average ${os.loadavg()[0]!.toFixed(1)}\n`);
process.stdout.write('m×k·k×n (T: transposed operand)      multiply-adds   1 thread   ' + `${cores} threads   speed-up\n`);
const rows = SHAPES.map(([m, k, nn, ta, tb]) => {
  const one = msPerCall(m, k, nn, ta, tb, 1);
  const all = msPerCall(m, k, nn, ta, tb, cores);
  return { label: `${m}×${k}${ta ? 'ᵀ' : ''}·${k}×${nn}${tb ? 'ᵀ' : ''}`, work: m * k * nn, one, all };
}).sort((a, b) => a.work - b.work);
for (const r of rows)
  process.stdout.write(
    `${r.label.padEnd(34)} ${(r.work / 1e6).toFixed(1).padStart(10)} M ${r.one.toFixed(3).padStart(8)} ms ${r.all.toFixed(3).padStart(9)} ms ${(r.one / r.all).toFixed(2).padStart(8)}×\n`,
  );
