import { describe, expect, it } from 'vitest';
import { Graph } from '../../../src-main/contract/graph';
import { parseProject, RunRecord } from '../../../src-main/contract/project';
import { checkGraph } from '../../../src-main/contract/validate';
import { makeRun } from '../analysis/make-run';

// A version-1 project as Gradscope wrote it before layout was kept apart: positions inline in the graph
// and in the graph each run record carries.
function legacyProject() {
  const run = JSON.parse(JSON.stringify(makeRun({ hidden: [{ activation: 'relu' }], epochs: [{ trainLoss: 1 }] }))) as {
    graph: { nodes: Record<string, unknown>[] };
  };
  run.graph.nodes.forEach((n, i) => (n.position = { x: 100 * i, y: 7 }));
  return {
    format: 'gradscope-project',
    version: 1,
    name: 'Old',
    graph: {
      version: 1,
      nodes: [
        { id: 'in', type: 'input', position: { x: 0, y: 20 } },
        { id: 'h', type: 'dense', units: 8, activation: 'relu', position: { x: 260, y: 20 } },
        { id: 'out', type: 'output', head: 'softmax' },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'h' },
        { id: 'b', source: 'h', target: 'out' },
      ],
    },
    training: { dataset: { kind: 'synthetic', name: 'xor' }, optimizer: { kind: 'adam' }, learningRate: 0.01 },
    runs: [run],
  };
}

describe('project files keep layout apart from the graph', () => {
  it('a version-1 project opens as version 2: its positions move to the layout, its graphs keep only structure', () => {
    const r = parseProject(JSON.stringify(legacyProject()), 'old.json');
    if (!r.ok) throw new Error(r.error);
    const p = r.project;
    expect(p.version).toBe(2);
    expect(p.layout).toEqual({ in: { x: 0, y: 20 }, h: { x: 260, y: 20 } });
    expect(p.graph.nodes.map((n) => n.id)).toEqual(['in', 'h', 'out']);
    expect(p.graph.nodes.some((n) => 'position' in n)).toBe(false);
    // old run records with positions still load, without them
    expect(p.runs).toHaveLength(1);
    expect(p.runs[0]!.graph.nodes.some((n) => 'position' in n)).toBe(false);
    expect(p.runs[0]!.graph.nodes.length).toBeGreaterThan(2);
  });

  it('a version-2 project round-trips its layout; a position inside a version-2 graph is dropped, not an error', () => {
    const first = parseProject(JSON.stringify(legacyProject()));
    if (!first.ok) throw new Error(first.error);
    const again = parseProject(JSON.stringify(first.project));
    if (!again.ok) throw new Error(again.error);
    expect(again.project).toEqual(first.project);
    expect(JSON.stringify(again.project.graph)).not.toContain('position');
  });

  it('a bad layout entry is named by node and field', () => {
    const first = parseProject(JSON.stringify(legacyProject()));
    if (!first.ok) throw new Error(first.error);
    const r = parseProject(JSON.stringify({ ...first.project, layout: { h: { x: 'left', y: 0 } } }), 'p.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^p\.json: layout\.h\.x/);
  });

  it('a graph with positions checks exactly like the same graph without them', () => {
    const raw = legacyProject().graph;
    const structure = Graph.parse(raw);
    expect(checkGraph(raw, { inputDim: 2, classes: 2 })).toEqual(checkGraph(structure, { inputDim: 2, classes: 2 }));
    expect(RunRecord.safeParse(legacyProject().runs[0]).success).toBe(true);
  });
});
