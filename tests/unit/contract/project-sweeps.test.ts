import { describe, expect, it } from 'vitest';
import { parseProject, Project } from '../../../src-main/contract/project';
import { SweepSpec } from '../../../src-main/contract/sweep';
import { pendingResult, sweepRecord } from '../../../src-main/analysis/sweep-results';
import { xorProject } from '../fixtures/graphs';

describe('a project keeps its sweeps', () => {
  it('a file from before sweeps opens without any; one with a sweep reads it back', () => {
    const old = parseProject(JSON.stringify(xorProject));
    expect(old.ok && old.project.sweeps).toBeUndefined();
    const base = Project.parse(xorProject);
    const spec = SweepSpec.parse({ axes: [{ name: 'l2', values: [0, 0.01] }] });
    const variants = [0, 0.01].map((l2, index) => pendingResult({ index, axes: { l2 }, label: `l2=${l2}` }));
    const record = sweepRecord(
      { type: 'sweep', sweepId: 'sweep-1', state: 'stopped', axes: spec.axes, workers: 2, seconds: 1, variants },
      { graph: base.graph, training: base.training, spec, label: 'L2', startedAt: '2026-01-01T00:00:00Z', finishedAt: null },
    );
    const withSweep = parseProject(JSON.stringify({ ...base, sweeps: [record] }));
    expect(withSweep.ok && withSweep.project.sweeps).toEqual([record]);
  });

  it('a broken sweep in a file is named by its field', () => {
    const base = Project.parse(xorProject);
    const r = parseProject(JSON.stringify({ ...base, sweeps: [{ id: 's', variants: 'many' }] }), 'p.json');
    expect(!r.ok && r.error).toMatch(/^p\.json: sweeps\[0\]\./);
  });
});
