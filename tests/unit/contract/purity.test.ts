// The contract and the analysis modules are imported by the renderer, main, the trainer and the CLI:
// they must stay free of electron, node and svelte imports.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const pureDirs = ['src-main/contract', 'src-main/analysis'];
const forbidden = /from\s+['"](electron|svelte[^'"]*|@xyflow\/[^'"]*|node:[^'"]+|fs|path|os|child_process|worker_threads|@tensorflow\/[^'"]+|ws)['"]/;

describe('pure modules', () => {
  for (const dir of pureDirs) {
    it(`${dir} imports nothing from electron, node, svelte or tfjs`, () => {
      const files = readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.ts'));
      expect(files.length).toBeGreaterThan(0);
      const offenders = files.filter((f) => forbidden.test(readFileSync(path.join(root, dir, f), 'utf8')));
      expect(offenders).toEqual([]);
    });
  }
});
