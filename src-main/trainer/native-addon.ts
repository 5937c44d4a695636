// The native kernel addon (native/, package gradscope-native): loading it, and the wasm heap it
// works on. Loading never throws; when the addon is missing, disabled or broken, `loadNative()`
// says why and how to get it, in one line.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type * as tf from '../layers/tf';

const nodeRequire = createRequire(import.meta.url);

/** The C functions of native/src/gradscope_native.c (see its header for the exact contracts). */
export interface NativeAddon {
  matmul(
    heap: ArrayBuffer,
    m: number,
    n: number,
    k: number,
    transA: number,
    transB: number,
    aOff: number,
    bOff: number,
    cOff: number,
    biasOff: number,
    biasMode: number,
    act: number,
    alpha: number,
    preluOff: number,
    preluMode: number,
  ): void;
  update(
    heap: ArrayBuffer,
    kind: number,
    n: number,
    wOff: number,
    outOff: number,
    gOff: number,
    s1Off: number,
    s2Off: number,
    lr: number,
    p1: number,
    p2: number,
    eps: number,
    c1: number,
    c2: number,
    rows: number,
    cols: number,
    statsOff: number,
    colOff: number,
  ): void;
  denseBackward(
    heap: ArrayBuffer,
    m: number,
    k: number,
    n: number,
    xOff: number,
    wOff: number,
    yOff: number,
    dyOff: number,
    act: number,
    alpha: number,
    dzOff: number,
    dxOff: number,
    dwOff: number,
    dbOff: number,
  ): void;
  stats(heap: ArrayBuffer, gOff: number, rows: number, cols: number, outOff: number, colOff: number): void;
  configure(maxThreads: number, threshold: number): void;
  info(): { config: string; maxThreads: number; threshold: number; cores: number };
}

export type NativeLoad = { ok: true; addon: NativeAddon; file: string } | { ok: false; reason: string };

export const HOW_TO_GET_NATIVE =
  'for native speed install a C toolchain and OpenBLAS (Debian/Ubuntu: apt-get install build-essential libopenblas-dev), then run npm run build:native';

/**
 * Multiply-adds (m·n·k) from which a product uses every OpenBLAS thread; smaller ones use one.
 * Measured with scripts/bench-threads.ts on this 2-core machine while others used it: at load ~13,
 * a second thread never paid below ~10 M multiply-adds (0.4-1.0×) and only sometimes above; at
 * load ~8 it gained 1.3-1.9× from ~8 M on most shapes (some 12.8 M ones still lost, 0.8-0.9×) and
 * 1.7-2.3× from 30 M. 30 M is the threshold where the second thread paid in both runs; on an idle
 * machine a lower one (~8 M) may pay. At load 14-20 it lost on most shapes even at 51 M (0.5-0.6×):
 * why a busy machine gets one thread (defaultThreads).
 * GRADSCOPE_THREAD_THRESHOLD overrides it; GRADSCOPE_THREADS=1 turns threads off.
 */
export const DEFAULT_THREAD_THRESHOLD = 30_000_000;

let loaded: NativeLoad | null = null;

/**
 * native/index.js of this package: the nearest folder upward from this module holding native/ and
 * package.json (the sources under src-main, the build under out/main, an installed package alike).
 * The addon is a folder of the package, not a dependency: a `file:` dependency cannot be packed.
 */
export function nativeLoader(from = path.dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const loader = path.join(dir, 'native', 'index.js');
    if (existsSync(loader) && existsSync(path.join(dir, 'package.json'))) return loader;
    if (path.dirname(dir) === dir) return null;
  }
}

/** The addon, loaded once per process. GRADSCOPE_NATIVE=0 disables it (the fallback's tests). */
export function loadNative(): NativeLoad {
  if (loaded) return loaded;
  if (process.env.GRADSCOPE_NATIVE === '0') {
    loaded = { ok: false, reason: 'the native kernels are disabled (GRADSCOPE_NATIVE=0)' };
    return loaded;
  }
  const loader = nativeLoader();
  try {
    if (loader === null) throw new Error('no native/index.js above the program');
    loaded = (nodeRequire(loader) as { load(): NativeLoad }).load();
  } catch (e) {
    loaded = { ok: false, reason: `the native kernels are not installed (${(e as Error).message.split('\n')[0]})` };
  }
  if (loaded.ok) configureThreads(loaded.addon);
  return loaded;
}

/**
 * OpenBLAS threads: GRADSCOPE_THREADS (1 = always one thread, e.g. one trainer per core in a pool),
 * else every core this process may use unless the machine is already busy (1-minute load average
 * at or above the core count minus one): then one, since a second thread only waits for a core
 * there (npm run bench: the 1-thread row beat the 2-thread row in every run at load 8-12).
 * Products below the threshold always take one.
 */
export function defaultThreads(cores = os.availableParallelism(), load = os.loadavg()[0] ?? 0): number {
  return cores > 1 && load < cores - 1 ? cores : 1;
}

function configureThreads(addon: NativeAddon): void {
  const env = Number(process.env.GRADSCOPE_THREADS);
  const threads = Number.isInteger(env) && env >= 1 ? env : defaultThreads();
  const th = Number(process.env.GRADSCOPE_THREAD_THRESHOLD);
  addon.configure(threads, Number.isFinite(th) && th > 0 ? th : DEFAULT_THREAD_THRESHOLD);
}

/** Byte offset of a tensor's data in the wasm heap. */
export function offsetOf(backend: BackendWasm, info: tf.TensorInfo): number {
  return backend.getMemoryOffset(info.dataId);
}

/** The wasm heap as it is now (take it after every allocation: growing the heap replaces it). */
export function heapOf(backend: BackendWasm): ArrayBuffer {
  return (backend as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer as ArrayBuffer;
}
