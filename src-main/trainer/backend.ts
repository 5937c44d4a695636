// Picks the TensorFlow.js backend. In order of preference:
//   tensorflow   tfjs-node (libtensorflow), where it installs
//   wasm-native  the wasm backend with Gradscope's native kernels (OpenBLAS products, one-pass
//                optimizer updates and gradient statistics; native/)
//   wasm         the wasm backend (SIMD) with the JS fast path of wasm-fastpath.ts
//   cpu          TensorFlow.js's plain JS kernels
// A run's setting (TrainingConfig.backend), else GRADSCOPE_BACKEND, forces one; 'auto' takes the
// first that works. A forced backend that cannot start is an error naming why.
import * as tf from '../layers/tf';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BACKEND_CHOICES, type BackendChoice, type BackendName } from '../contract/training';
import { HOW_TO_GET_NATIVE, loadNative, type NativeAddon } from './native-addon';
import { installWasmFastPath, setNativeMatMul } from './wasm-fastpath';
import { setNativeDense } from './native-dense';

export { BACKEND_CHOICES, type BackendChoice, type BackendName };

const nodeRequire = createRequire(import.meta.url);

/** What is running: its name (as --backend takes it) and a description for banners and events. */
export interface ActiveBackend {
  name: BackendName;
  description: string;
  /** why a faster backend was not used, and how to get it (auto only); null when none was skipped */
  note: string | null;
}

let active: ActiveBackend | null = null;
/** Switches run one after another (a run's start awaits the previous switch). */
let switching: Promise<unknown> = Promise.resolve();
let noteShown = false;

/** The backend in use, or null before the first initBackend. */
export function activeBackend(): ActiveBackend | null {
  return active;
}

/** 'auto' unless GRADSCOPE_BACKEND names a backend; a wrong value is an error naming the valid ones. */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendChoice {
  const v = env.GRADSCOPE_BACKEND?.trim();
  if (!v) return 'auto';
  if (!(BACKEND_CHOICES as readonly string[]).includes(v)) throw new Error(`GRADSCOPE_BACKEND=${v} is not a backend; use one of ${BACKEND_CHOICES.join(', ')}`);
  return v as BackendChoice;
}

/**
 * Switches to the chosen backend (the run's setting; 'auto' or none: GRADSCOPE_BACKEND, else the
 * first that works) and resolves to its description, e.g. "wasm + native kernels (OpenBLAS, 2 threads)".
 * The fallback's reason is printed once per process on stderr, in one line.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<string> {
  const next = switching.then(() => select(choice === 'auto' ? backendFromEnv() : choice));
  switching = next.catch(() => undefined);
  const b = await next;
  if (b.note && !noteShown) {
    noteShown = true;
    process.stderr.write(`gradscope: training on ${b.description}: ${b.note}\n`);
  }
  return b.description;
}

async function select(choice: BackendChoice): Promise<ActiveBackend> {
  if (choice !== 'auto') {
    const r = await start(choice);
    if (!r.ok) throw new Error(`the ${choice} backend cannot start: ${r.reason}`);
    return (active = { name: choice, description: r.description, note: null });
  }
  const skipped: string[] = [];
  for (const name of ['tensorflow', 'wasm-native', 'wasm', 'cpu'] as const) {
    const r = await start(name);
    if (r.ok) {
      // tfjs-node missing is the normal case offline; only a missing native path deserves a note
      const nativeSkip = skipped.find((s) => s.startsWith('wasm-native'));
      return (active = { name, description: r.description, note: nativeSkip ? `${nativeSkip}; ${HOW_TO_GET_NATIVE}` : null });
    }
    skipped.push(`${name}: ${r.reason}`);
  }
  throw new Error(`no TensorFlow.js backend could start (${skipped.join('; ')})`);
}

type Started = { ok: true; description: string } | { ok: false; reason: string };

async function start(name: BackendName): Promise<Started> {
  switch (name) {
    case 'tensorflow':
      return startTensorflow();
    case 'wasm-native':
    case 'wasm':
      return startWasm(name === 'wasm-native');
    case 'cpu':
      setNativeMatMul(null);
      setNativeDense(null);
      return (await tf.setBackend('cpu')) ? { ok: true, description: 'cpu (plain JavaScript)' } : { ok: false, reason: 'tf.setBackend failed' };
    default: {
      const unknown: never = name;
      return { ok: false, reason: `unknown backend ${String(unknown)}` };
    }
  }
}

let tfjsNode: { ok: true } | { ok: false; reason: string } | null = null;

async function startTensorflow(): Promise<Started> {
  if (!tfjsNode) {
    try {
      nodeRequire('@tensorflow/tfjs-node');
      tfjsNode = { ok: true };
    } catch (e) {
      tfjsNode = { ok: false, reason: `@tensorflow/tfjs-node did not load (${(e as Error).message.split('\n')[0]})` };
    }
  }
  if (!tfjsNode.ok) return tfjsNode;
  setNativeMatMul(null);
  setNativeDense(null);
  return (await tf.setBackend('tensorflow')) ? { ok: true, description: 'tensorflow (tfjs-node)' } : { ok: false, reason: 'tf.setBackend failed' };
}

let wasmPathsSet = false;

async function startWasm(withNative: boolean): Promise<Started> {
  let addon = null;
  if (withNative) {
    const n = loadNative();
    if (!n.ok) return { ok: false, reason: n.reason };
    addon = n.addon;
  }
  if (!wasmPathsSet) {
    const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as typeof import('@tensorflow/tfjs-backend-wasm');
    const dir = path.join(path.dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
    wasm.setWasmPaths(dir);
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend('wasm'))) return { ok: false, reason: 'the wasm backend of TensorFlow.js did not start' };
  await tf.ready();
  // Transposed and batched products take a ~1 GFLOP/s loop in stock wasm (and gather and
  // leading-axis reductions are slow); see wasm-fastpath.ts. With the addon, products go native.
  installWasmFastPath();
  setNativeMatMul(addon);
  // GRADSCOPE_NATIVE_DENSE=0: dense layers through tfjs's own ops (scripts/profile-step.ts compares)
  setNativeDense(process.env.GRADSCOPE_NATIVE_DENSE === '0' ? null : addon);
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
  if (!addon) return { ok: true, description: `wasm (${simd})` };
  const threads = addon.info().maxThreads;
  return { ok: true, description: `wasm + native kernels (${simd}, OpenBLAS, ${threads} thread${threads === 1 ? '' : 's'})` };
}

/** The addon while wasm-native is the backend in use (the optimizers and probes use it then); else null. */
export function activeNativeAddon(): NativeAddon | null {
  if (active?.name !== 'wasm-native' || tf.getBackend() !== 'wasm') return null;
  const n = loadNative();
  return n.ok ? n.addon : null;
}
