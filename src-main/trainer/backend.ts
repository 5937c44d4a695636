// Picks the TensorFlow.js backend: tfjs-node where it loads, else wasm (SIMD).
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { installWasmFastPath } from './wasm-fastpath';

const nodeRequire = createRequire(import.meta.url);
let ready: Promise<string> | null = null;

/**
 * Initialise once; resolves to a description such as "wasm (SIMD)" or "tensorflow (tfjs-node)".
 * On wasm it also installs the fast kernels of wasm-fastpath.ts (installWasmFastPath).
 */
export function initBackend(): Promise<string> {
  ready ??= pick();
  return ready;
}

async function pick(): Promise<string> {
  if (process.env.GRADSCOPE_BACKEND !== 'wasm') {
    try {
      nodeRequire('@tensorflow/tfjs-node');
      if (await tf.setBackend('tensorflow')) return 'tensorflow (tfjs-node)';
    } catch {
      // not installed or libtensorflow missing: fall through to wasm
    }
  }
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as typeof import('@tensorflow/tfjs-backend-wasm');
  const dir = path.join(path.dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
  wasm.setWasmPaths(dir);
  if (!(await tf.setBackend('wasm'))) throw new Error('could not start the wasm backend of TensorFlow.js');
  await tf.ready();
  // Transposed and batched products take a ~1 GFLOP/s loop in stock wasm (and gather and
  // leading-axis reductions are slow); see wasm-fastpath.ts.
  installWasmFastPath();
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
  return `wasm (${simd})`;
}
