import { describe, expect, it } from 'vitest';
import { shortcutFor } from '../../../src-renderer/shortcuts';
import { formatGroups, parseGroups } from '../../../src-renderer/editor/inspector/groups-text';
import { activationPath, sparklinePath } from '../../../src-renderer/editor/nodes/activation-curve';
import { autoLayout } from '../../../src-renderer/editor/layout';
import { graphToFlow } from '../../../src-renderer/editor/graph-mapping';
import { groupingProblem } from '../../../src-main/contract/validate';

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean; target?: unknown } = {}) => ({
  key: k,
  ctrlKey: mods.ctrl ?? true,
  metaKey: false,
  shiftKey: mods.shift ?? false,
  altKey: false,
  target: (mods.target ?? null) as EventTarget | null,
});

describe('keyboard shortcuts', () => {
  it('maps Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y / Ctrl+S / Ctrl+Shift+S / Ctrl+O', () => {
    expect(shortcutFor(key('z'))).toBe('undo');
    expect(shortcutFor(key('Z', { shift: true }))).toBe('redo');
    expect(shortcutFor(key('y'))).toBe('redo');
    expect(shortcutFor(key('s'))).toBe('save');
    expect(shortcutFor(key('S', { shift: true }))).toBe('save-as');
    expect(shortcutFor(key('o'))).toBe('open');
    expect(shortcutFor(key('z', { ctrl: false }))).toBeNull();
  });

  it('leaves undo to a text field being edited, but still saves from it', () => {
    const input = { tagName: 'INPUT', isContentEditable: false };
    expect(shortcutFor(key('z', { target: input }))).toBeNull();
    expect(shortcutFor(key('s', { target: input }))).toBe('save');
  });
});

describe('explicit maxout groups text', () => {
  it('parses "0,1; 2,3" and formats it back', () => {
    const r = parseGroups('0,1; 2, 3;');
    expect(r).toEqual({
      ok: true,
      groups: [
        [0, 1],
        [2, 3],
      ],
    });
    expect(
      formatGroups([
        [0, 1],
        [2, 3],
      ]),
    ).toBe('0,1; 2,3');
  });

  it('names the group and token that are wrong', () => {
    expect(parseGroups('0,1; 2,x')).toEqual({ ok: false, error: 'group 1: "x" is not a whole number ≥ 0' });
    expect(parseGroups('0,1;;2')).toEqual({ ok: false, error: 'group 1 is empty' });
    expect(parseGroups('')).toMatchObject({ ok: false });
  });

  it('a parsed grouping that overlaps is then caught by the graph check', () => {
    const r = parseGroups('0,1; 1,2');
    expect(r.ok).toBe(true);
    if (r.ok) expect(groupingProblem({ kind: 'explicit', groups: r.groups }, 2, 2)).toMatch(/output 1 is in group 0 and group 1/);
  });
});

function ys(d: string): number[] {
  return [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
}

describe('node drawings', () => {
  it('ReLU is flat left of zero and rising right of it; sigmoid rises throughout', () => {
    const relu = ys(activationPath('relu', undefined, 48, 28, 48));
    const left = relu.slice(0, 24);
    expect(new Set(left).size).toBe(1);
    expect(relu.at(-1)!).toBeLessThan(relu[30]!); // SVG y grows downward
    const sig = ys(activationPath('sigmoid', undefined, 48, 28, 48));
    for (let i = 1; i < sig.length; i++) expect(sig[i]!).toBeLessThanOrEqual(sig[i - 1]!);
  });

  it('a sparkline skips missing values and needs two points', () => {
    expect(sparklinePath([1], 80, 20)).toBe('');
    const d = sparklinePath([0.1, NaN, 0.01, 0.001], 80, 20);
    expect(d.match(/M/g)).toHaveLength(2);
  });
});

describe('auto-layout', () => {
  it('places a chain left to right without overlaps', () => {
    const { nodes, edges } = graphToFlow({
      version: 1,
      nodes: [
        { id: 'out', type: 'output', head: 'softmax', useBias: true },
        { id: 'h', type: 'dense', units: 4, activation: 'relu', useBias: true },
        { id: 'in', type: 'input' },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'h' },
        { id: 'b', source: 'h', target: 'out' },
      ],
    });
    const p = autoLayout(nodes, edges);
    expect(p['in']!.x + 201).toBeLessThanOrEqual(p['h']!.x);
    expect(p['h']!.x + 201).toBeLessThanOrEqual(p['out']!.x);
  });
});
