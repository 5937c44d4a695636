// A run's last decision-regions picture is kept with the run: folded in from its event, saved in the
// project file and read back (a diverging run's NaN included), so a reopened run shows it again.
import { describe, expect, it } from 'vitest';
import { parseProject } from '../../../src-main/contract/project';
import { TrainingConfig } from '../../../src-main/contract/training';
import type { TrainerEvent } from '../../../src-main/contract/events';
import { applyEvent, forStorage, newRun } from '../../../src-main/analysis/run-record';
import { xorProject } from '../fixtures/graphs';
import { Graph } from '../../../src-main/contract/graph';

describe('the regions picture in the run record', () => {
  it('the newest picture replaces the last, and survives saving and reopening', () => {
    const graph = Graph.parse(xorProject.graph);
    const training = TrainingConfig.parse(xorProject.training);
    let run = newRun('r1', graph, training, '#1', new Date(0));
    const picture = (step: number, y: number): TrainerEvent => ({
      type: 'regions',
      runId: 'r1',
      regions: {
        kind: 'classes',
        epoch: 1,
        step,
        final: false,
        x: { name: 'x', min: -1, max: 1 },
        y: { name: 'y', min: -1, max: 1 },
        cols: 2,
        rows: 1,
        classNames: ['0', '1'],
        cls: 'AAE=',
        conf: '//8=',
        train: { x: [0.5], y: [y], label: [1], pred: [0] },
        test: { x: [], y: [], label: [], pred: [] },
        neurons: { cols: 1, rows: 1, images: [{ node: 'h', layer: 'hidden', unit: 0, min: NaN, max: NaN, values: 'AA==' }], note: null },
      },
    });
    run = applyEvent(run, picture(1, 0.1));
    run = applyEvent(run, picture(7, 0.2));
    expect(run.regions?.step).toBe(7);
    const text = JSON.stringify({ ...xorProject, runs: [forStorage(run)] });
    const back = parseProject(text);
    if (!back.ok) throw new Error(back.error);
    const r = back.project.runs[0]!.regions!;
    expect(r).toMatchObject({ kind: 'classes', step: 7, cls: 'AAE=', train: { y: [0.2], pred: [0] } });
    expect(r.neurons!.images[0]!.min).toBeNaN();
  });
});
