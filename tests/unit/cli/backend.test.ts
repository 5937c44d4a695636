// Which TensorFlow.js backend trains: named in the banner and the run's first event, forced by
// --backend or GRADSCOPE_BACKEND, and the fallback when the native addon is disabled (GRADSCOPE_NATIVE=0).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../../src-main/contract/events';
import { runCli } from './run-cli';
import { NATIVE_DISABLED } from '../trainer/fixtures/native';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'gradscope-backend-'));
const train = ['train', '--preset', 'spiral', '--epochs', '1', '--out', 'm'];

describe('backend choice (subprocess)', () => {
  it.skipIf(NATIVE_DISABLED)('auto trains on wasm + native kernels, and says so in the banner and the started event', async () => {
    const [human, json] = await Promise.all([runCli(train, tmp(), { GRADSCOPE_BACKEND: '' }), runCli([...train, '--json'], tmp(), { GRADSCOPE_BACKEND: '' })]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout.split('\n')[0]).toMatch(/on TensorFlow\.js wasm \+ native kernels \(SIMD, OpenBLAS, \d threads?\)$/);
    const started = JSON.parse(json.stdout.split('\n')[0]!) as TrainerEvent;
    expect(started).toMatchObject({ type: 'started', backend: expect.stringMatching(/^wasm \+ native kernels/) });
  });

  it('with the addon disabled, auto falls back to wasm with one line saying why and how to get native speed, and trains', async () => {
    const r = await runCli([...train, '--json'], tmp(), { GRADSCOPE_NATIVE: '0', GRADSCOPE_BACKEND: '' });
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TrainerEvent);
    expect(events[0]).toMatchObject({ type: 'started', backend: expect.stringMatching(/^wasm \((SIMD|no SIMD)\)$/) });
    expect(events.at(-1)).toMatchObject({ type: 'finished', reason: 'completed' });
    const notes = r.stderr.split('\n').filter((l) => l.startsWith('gradscope: training on'));
    expect(notes).toEqual([expect.stringMatching(/GRADSCOPE_NATIVE=0.*apt-get install build-essential libopenblas-dev/)]);
  });

  it('--backend and GRADSCOPE_BACKEND force one; one that cannot start is a one-line error', async () => {
    const [cpu, env, disabled, bad] = await Promise.all([
      runCli([...train, '--backend', 'cpu'], tmp()),
      runCli(train, tmp(), { GRADSCOPE_BACKEND: 'wasm' }),
      runCli([...train, '--backend', 'wasm-native'], tmp(), { GRADSCOPE_NATIVE: '0' }),
      runCli(train, tmp(), { GRADSCOPE_BACKEND: 'gpu' }),
    ]);
    expect(cpu.code, cpu.stderr).toBe(0);
    expect(cpu.stdout.split('\n')[0]).toMatch(/on TensorFlow\.js cpu \(plain JavaScript\)$/);
    expect(env.code, env.stderr).toBe(0);
    expect(env.stdout.split('\n')[0]).toMatch(/on TensorFlow\.js wasm \((SIMD|no SIMD)\)$/);
    expect(disabled.code).toBe(2);
    expect(disabled.stderr.trim()).toBe('gradscope: the wasm-native backend cannot start: the native kernels are disabled (GRADSCOPE_NATIVE=0)');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('gradscope: GRADSCOPE_BACKEND=gpu is not a backend; use one of auto, tensorflow, wasm-native, wasm, cpu');
  });
});
