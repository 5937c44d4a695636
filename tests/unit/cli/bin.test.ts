import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './run-cli';

const ROOT = path.resolve(path.dirname(BIN), '..');

describe('the gradscope bin', () => {
  it('package.json points "bin" at an executable node script', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(path.resolve(ROOT, pkg.bin.gradscope)).toBe(BIN);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
  });

  it('`npx gradscope presets --json` works from the repository (no install step)', async () => {
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn('npx', ['--no', 'gradscope', 'presets', '--json'], { cwd: ROOT });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(r.code).toBe(0);
    const presets = JSON.parse(r.stdout) as { name: string }[];
    expect(presets.map((p) => p.name)).toContain('sigmoid-deep');
  });
});
