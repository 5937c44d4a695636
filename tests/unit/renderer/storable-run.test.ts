// A finished run is checked for the project file once, however often saving, the recovery copy and
// the run history ask; a run still training is checked as it is each time (it grows in place).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Project, RunRecord } from '../../../src-main/contract/project';
import { applyEvent, newRun } from '../../../src-main/analysis/run-record';
import { knownStorable, storableRun, storableRunInSteps } from '../../../src-renderer/training/storable-run';
import { xorProject } from '../fixtures/graphs';
import type { TrainerEvent } from '../../../src-main/contract/events';

const base = Project.parse(xorProject);
const epoch = (runId: string, e: number): TrainerEvent => ({
  type: 'epoch',
  runId,
  epoch: e,
  trainLoss: 0.5,
  trainAcc: 0.8,
  valLoss: 0.6,
  valAcc: 0.75,
  weights: [],
  seconds: 1,
});

afterEach(() => vi.restoreAllMocks());

describe('storable runs', () => {
  it('a finished run is checked once; asking again gives the same stored run without checking it again', () => {
    let run = newRun('r1', base.graph, base.training, '#1 run', new Date('2026-01-01T00:00:00Z'));
    run = applyEvent(run, epoch('r1', 1));
    run = applyEvent(run, { type: 'finished', runId: 'r1', reason: 'completed', epochs: 1, bestEpoch: 1, test: null });
    const check = vi.spyOn(RunRecord, 'safeParse');
    expect(knownStorable(run)).toBe(false);
    const first = storableRun(run);
    expect(first.ok).toBe(true);
    expect(knownStorable(run)).toBe(true);
    const again = storableRun(run);
    expect(check).toHaveBeenCalledTimes(1);
    expect(again).toEqual(first);
    if (again.ok) expect(again.run.epochs[0]!.trainLoss).toBe(0.5);
  });

  it('a run the file cannot hold is refused every time with the same words, checked once', () => {
    let run = newRun('r2', base.graph, base.training, '#2 run', new Date('2026-01-01T00:00:00Z'));
    run = applyEvent(run, { type: 'finished', runId: 'r2', reason: 'completed', epochs: 0, bestEpoch: null, test: null });
    const broken = { ...run, startedAt: 5 as unknown as string };
    const check = vi.spyOn(RunRecord, 'safeParse');
    const a = storableRun(broken);
    const b = storableRun(broken);
    expect(a).toMatchObject({ ok: false });
    if (!a.ok) expect(a.error).toMatch(/^run "#2 run": startedAt: /);
    expect(b).toEqual(a);
    expect(check).toHaveBeenCalledTimes(1);
    expect(knownStorable(broken)).toBe(false);
  });

  it('a run still training is checked as it stands each time', () => {
    const run = newRun('r3', base.graph, base.training, '#3 run', new Date('2026-01-01T00:00:00Z'));
    const check = vi.spyOn(RunRecord, 'safeParse');
    expect(storableRun(run).ok).toBe(true);
    expect(storableRun(run).ok).toBe(true);
    expect(check).toHaveBeenCalledTimes(2);
    expect(knownStorable(run)).toBe(false);
  });

  it('checked in steps (the run history), a finished run gets the same answer, and later saves do not check it again', async () => {
    let run = newRun('r4', base.graph, base.training, '#4 run', new Date('2026-01-01T00:00:00Z'));
    run = applyEvent(run, epoch('r4', 1));
    run = applyEvent(run, { type: 'finished', runId: 'r4', reason: 'completed', epochs: 1, bestEpoch: 1, test: null });
    const check = vi.spyOn(RunRecord, 'safeParse');
    const inSteps = await storableRunInSteps(run);
    expect(inSteps.ok).toBe(true);
    expect(storableRun(run)).toEqual(inSteps);
    expect(check).toHaveBeenCalledTimes(1);
    const broken = { ...run, startedAt: 5 as unknown as string };
    const refused = await storableRunInSteps(broken);
    expect(refused).toEqual(storableRun(broken));
    if (!refused.ok) expect(refused.error).toMatch(/^run "#4 run": startedAt: /);
  });

  it('checked in steps, a run of 250 epochs gets the verdict the whole check gives, a misfit in epoch 150 named the same way', async () => {
    const long = (id: string, bad: boolean) => {
      let run = newRun(id, base.graph, base.training, `${id} run`, new Date('2026-01-01T00:00:00Z'));
      for (let e = 1; e <= 250; e++) {
        const ev = epoch(id, e);
        run = applyEvent(run, bad && e === 150 ? ({ ...ev, seconds: 'slow' } as unknown as TrainerEvent) : ev);
      }
      return applyEvent(run, { type: 'finished', runId: id, reason: 'completed', epochs: 250, bestEpoch: 250, test: null });
    };
    const good = long('r5', false);
    const inSteps = await storableRunInSteps(good);
    expect(inSteps.ok).toBe(true);
    if (inSteps.ok) expect(inSteps.run.epochs).toHaveLength(250);

    const bad = await storableRunInSteps(long('r6', true));
    const whole = storableRun(long('r7', true));
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok && !whole.ok) {
      expect(bad.error).toBe('run "r6 run": epochs[149].seconds: Invalid input');
      expect(bad.error.replace('r6', 'r7')).toBe(whole.error);
    }
  });
});
