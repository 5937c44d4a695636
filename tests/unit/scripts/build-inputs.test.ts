// What a build was made from, and when it is stale (scripts/build-inputs.mjs): on a folder laid out
// like the repository, with a manifest as the build writes it.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MANIFEST, sourcePath, targetStaleness } from '../../../scripts/build-inputs.mjs';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function repo(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'gradscope-build-inputs-'));
  dirs.push(root);
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), 'x');
    utimesSync(join(root, f), 1000, 1000);
  }
  mkdirSync(join(root, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(root, 'out', 'renderer', MANIFEST), JSON.stringify({ files }));
  utimesSync(join(root, 'out', 'renderer', MANIFEST), 2000, 2000);
  return root;
}

describe('build inputs', () => {
  it('keeps the repository files of a module graph and drops dependencies, virtual modules and outside files', () => {
    const root = '/r';
    expect(sourcePath('/r/src-main/data/csv.ts', root)).toBe('src-main/data/csv.ts');
    expect(sourcePath('/r/src-renderer/App.svelte?svelte&type=style&lang.css', root)).toBe('src-renderer/App.svelte');
    expect(sourcePath('/r/node_modules/zod/index.js', root)).toBeNull();
    expect(sourcePath('\0rolldown/runtime.js', root)).toBeNull();
    expect(sourcePath('/elsewhere/x.ts', root)).toBeNull();
  });

  it('a target is current until one of its files changes, goes away, or the list is missing', () => {
    const files = ['src-renderer/main.ts', 'src-main/analysis/series.ts', 'src-main/data/split.ts'];
    const root = repo(files);
    expect(targetStaleness(root, 'renderer')).toBeNull();
    utimesSync(join(root, 'src-main/data/split.ts'), 3000, 3000);
    expect(targetStaleness(root, 'renderer')).toBe('src-main/data/split.ts changed since the last build');
    rmSync(join(root, 'src-main/data/split.ts'));
    expect(targetStaleness(root, 'renderer')).toBe('src-main/data/split.ts is gone since the last build');
    expect(targetStaleness(root, 'main')).toBe('out/main is not built yet');
  });
});
