// The layer rules of .dependency-cruiser.cjs hold over src-main and src-renderer, and the graph of
// src-main's folders (a folder or top-level file a node, an import between two of them an edge) has
// no cycle: every folder depends only on folders below it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Cruised {
  modules: { source: string; dependencies: { resolved: string }[] }[];
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

function cruise(): Cruised {
  const r = spawnSync(process.execPath, [depcruise, 'src-main', 'src-renderer', '--config', '.dependency-cruiser.cjs', '-T', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (!r.stdout) throw new Error(`dependency-cruiser printed nothing: ${r.stderr}`);
  return JSON.parse(r.stdout) as Cruised;
}

/** src-main/trainer/loop.ts → src-main/trainer; src-main/index.ts stays itself. */
function folderOf(file: string): string | null {
  const parts = file.split('/');
  if (parts[0] !== 'src-main') return null;
  return parts.slice(0, 2).join('/');
}

/** The folders on some cycle (empty when the graph is acyclic), by repeatedly removing folders nothing depends on. */
function foldersOnCycles(edges: Map<string, Set<string>>): string[] {
  const incoming = new Map<string, number>([...edges.keys()].map((k) => [k, 0]));
  for (const tos of edges.values()) for (const t of tos) incoming.set(t, (incoming.get(t) ?? 0) + 1);
  const free = [...incoming].filter(([, n]) => n === 0).map(([k]) => k);
  while (free.length > 0) {
    const f = free.pop()!;
    incoming.delete(f);
    for (const t of edges.get(f) ?? []) {
      const n = incoming.get(t)! - 1;
      incoming.set(t, n);
      if (n === 0) free.push(t);
    }
  }
  return [...incoming.keys()].sort();
}

describe('layers', () => {
  const result = cruise();

  it('every import keeps the rules of .dependency-cruiser.cjs', () => {
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
    expect(result.modules.length).toBeGreaterThan(100);
  });

  it('the graph of src-main folders has no cycle', () => {
    const edges = new Map<string, Set<string>>();
    for (const m of result.modules) {
      const from = folderOf(m.source);
      if (!from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      for (const d of m.dependencies) {
        const to = folderOf(d.resolved);
        if (to && to !== from) edges.get(from)!.add(to);
      }
    }
    expect(edges.get('src-main/trainer')).toContain('src-main/data');
    expect(foldersOnCycles(edges)).toEqual([]);
  });

  it('the cycle finder finds a cycle', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(foldersOnCycles(edges)).toEqual(['a', 'b', 'c']);
  });
});
