// native/index.js: a prebuilt binary for this platform (prebuilds/<platform>-<arch>/) is loaded
// before the one node-gyp built; a broken or missing binary is a reason, never a throw.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { nativeLoader } from '../../../src-main/trainer/native-addon';

const nodeRequire = createRequire(import.meta.url);
const loader = nativeLoader();
if (loader === null) throw new Error('native/index.js was not found above src-main/trainer');
const native = nodeRequire(loader) as { load(dir?: string): { ok: boolean; file?: string; reason?: string; addon?: { info(): { config: string } } } };
const built = path.join(path.dirname(loader), 'build', 'Release', 'gradscope_native.node');

describe('native addon loading', () => {
  it('prefers a prebuilt binary for this platform when one is shipped', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradscope-prebuilt-'));
    const pre = path.join(dir, 'prebuilds', `${process.platform}-${process.arch}`);
    mkdirSync(pre, { recursive: true });
    copyFileSync(built, path.join(pre, 'gradscope_native.node'));
    const r = native.load(dir);
    expect(r.ok).toBe(true);
    expect(r.file).toBe(path.join(pre, 'gradscope_native.node'));
    expect(r.addon!.info().config).toMatch(/OpenBLAS/);
  });

  it('says why when there is no binary or a broken one', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'gradscope-nobuild-'));
    expect(native.load(empty)).toEqual({ ok: false, reason: 'the addon is not built' });
    const broken = mkdtempSync(path.join(tmpdir(), 'gradscope-broken-'));
    mkdirSync(path.join(broken, 'build', 'Release'), { recursive: true });
    writeFileSync(path.join(broken, 'build', 'Release', 'gradscope_native.node'), 'not a shared object');
    const r = native.load(broken);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/^the addon did not load \(build\/Release\/gradscope_native\.node: .+\)$/);
  });
});
