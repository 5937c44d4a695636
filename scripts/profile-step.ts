// One training step of a preset, taken apart: kernels per step (by name, with tf.profile's kernel
// times) and ms of CPU time per step with probes on and off, on a chosen backend.
//
//   npx tsx scripts/profile-step.ts [preset] [backend]       e.g. relu-deep wasm-native
//   GRADSCOPE_NATIVE_DENSE=0 …                                  without the native dense layers
//   GRADSCOPE_THREADS=1 …                                       one OpenBLAS thread (CPU time = work)
import * as tf from '../src-main/layers/tf';
import type { BackendChoice } from '../src-main/contract/training';
import { initBackend } from '../src-main/trainer/backend';
import { getPreset } from '../src-main/export/presets';
import { compileGraph } from '../src-main/trainer/compile';
import { batchGradients } from '../src-main/trainer/step';
import { makeOptimizer } from '../src-main/trainer/optimizers';
import { applyAndMeasure } from '../src-main/trainer/probes';

const presetName = process.argv[2] ?? 'relu-deep';
const backend = (process.argv[3] ?? 'auto') as BackendChoice;
const description = await initBackend(backend);
const p = getPreset(presetName);
const c = compileGraph(p.graph, { inputDim: 784, classes: 10 }, { seed: 1 });
const opt = makeOptimizer(p.training.optimizer, p.training.learningRate);
const batch = p.training.batchSize;
const X = tf.randomUniform([4096, 784]);
const Y = tf.randomUniform([4096], 0, 10, 'int32');
let at = 0;

/** The loop's step (loop.ts): gather a batch, gradients, optimizer, probes, one read-back. */
function step(probes: boolean): void {
  const rows = Int32Array.from({ length: batch }, (_, i) => (at + i * 37) % 4096);
  at += batch;
  const packed = tf.tidy(() => {
    const it = tf.tensor1d(rows, 'int32');
    const { dataLoss, acc, grads } = batchGradients(c, tf.gather(X, it) as tf.Tensor2D, tf.gather(Y, it) as tf.Tensor1D, { training: true, dropoutSeed: at });
    const head = [tf.reshape(dataLoss, [1]), tf.reshape(acc, [1])];
    if (!probes) {
      opt.applyGradients(grads);
      return tf.concat(head);
    }
    return tf.concat([...head, applyAndMeasure(opt, c, grads)]);
  });
  packed.dataSync();
  packed.dispose();
}

for (let i = 0; i < 30; i++) step(true);
const cpuMsPerStep = (probes: boolean) => {
  const c0 = process.cpuUsage();
  for (let i = 0; i < 200; i++) step(probes);
  const u = process.cpuUsage(c0);
  return (u.user + u.system) / 1000 / 200;
};
const med = (f: () => number) => [f(), f(), f()].sort((a, b) => a - b)[1]!;
const on = med(() => cpuMsPerStep(true));
const off = med(() => cpuMsPerStep(false));
const prof = await tf.profile(() => step(true));
const byName = new Map<string, { n: number; ms: number }>();
for (const k of prof.kernels) {
  const e = byName.get(k.name) ?? { n: 0, ms: 0 };
  e.n++;
  e.ms += Number(k.kernelTimeMs) || 0;
  byName.set(k.name, e);
}
console.log(`${presetName} (batch ${batch}) on ${description}${process.env.GRADSCOPE_NATIVE_DENSE === '0' ? ', native dense layers off' : ''}`);
console.log(
  `kernels per step (probes on): ${prof.kernels.length}; CPU time per step: ${on.toFixed(2)} ms with probes, ${off.toFixed(2)} ms without (median of 3 × 200 steps)`,
);
for (const [name, e] of [...byName].sort((a, b) => b[1].n - a[1].n)) console.log(`  ${name.padEnd(22)} ×${String(e.n).padStart(3)}  ${e.ms.toFixed(2)} ms`);
opt.dispose();
c.dispose();
