// initBackend: tfjs-node where it loads, else wasm + native kernels with the fast path installed.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { activeBackend, initBackend } from '../../../src-main/trainer/backend';
import { isNativeMatMulActive, isWasmFastPathInstalled } from '../../../src-main/trainer/wasm-fastpath';
import { NATIVE_DISABLED } from './fixtures/native';

function tfjsNodeLoads(): boolean {
  try {
    createRequire(import.meta.url)('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

describe('initBackend', () => {
  it('falls back to wasm + native kernels when tfjs-node does not load, with the fast path installed', async () => {
    delete process.env.GRADSCOPE_BACKEND;
    const description = await initBackend();
    if (tfjsNodeLoads()) {
      expect(description).toBe('tensorflow (tfjs-node)');
      expect(isWasmFastPathInstalled()).toBe(false);
      return;
    }
    expect(tf.getBackend()).toBe('wasm');
    expect(isWasmFastPathInstalled()).toBe(true);
    if (NATIVE_DISABLED) {
      // the fallback: plain wasm, with the note saying why and how to get native speed
      expect(description).toMatch(/^wasm \((SIMD|no SIMD)\)$/);
      expect(isNativeMatMulActive()).toBe(false);
      expect(activeBackend()).toMatchObject({ name: 'wasm', note: expect.stringMatching(/GRADSCOPE_NATIVE=0.*libopenblas-dev/) });
      return;
    }
    expect(description).toMatch(/^wasm \+ native kernels \((SIMD|no SIMD), OpenBLAS, \d threads?\)$/);
    expect(isNativeMatMulActive()).toBe(true);
    expect(activeBackend()).toMatchObject({ name: 'wasm-native', note: null });
  });

  it('initialises once: a second call resolves to the same backend', async () => {
    const first = await initBackend();
    expect(await initBackend()).toBe(first);
    expect(tf.engine().backendNames()).toContain(tf.getBackend());
  });

  it('switches between backends on request, and back', async () => {
    expect(await initBackend('wasm')).toMatch(/^wasm \((SIMD|no SIMD)\)$/);
    expect(isNativeMatMulActive()).toBe(false);
    expect(await initBackend('cpu')).toBe('cpu (plain JavaScript)');
    expect(tf.getBackend()).toBe('cpu');
    if (NATIVE_DISABLED) {
      // forced, the disabled native path is an error naming why
      await expect(initBackend('wasm-native')).rejects.toThrow('the wasm-native backend cannot start: the native kernels are disabled (GRADSCOPE_NATIVE=0)');
      expect(await initBackend('wasm')).toMatch(/^wasm \(/);
      return;
    }
    expect(await initBackend('wasm-native')).toMatch(/^wasm \+ native kernels/);
    expect(isNativeMatMulActive()).toBe(true);
  });

  it('computes transposed products correctly on the chosen backend', async () => {
    await initBackend();
    // [[1,2],[3,4],[5,6]]ᵀ · [[1,0],[0,1],[1,1]] = [[6,8],[8,10]]
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const b = tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]);
    const c = tf.matMul(a, b, true, false);
    expect(Array.from(c.dataSync())).toEqual([6, 8, 8, 10]);
    // [[1,2],[3,4],[5,6]] · [[1,0],[0,1],[1,1]]ᵀ = [[1,2,3],[3,4,7],[5,6,11]]
    const d = tf.matMul(a, b, false, true);
    expect(Array.from(d.dataSync())).toEqual([1, 2, 3, 3, 4, 7, 5, 6, 11]);
    tf.dispose([a, b, c, d]);
  });
});
