// The dispatcher: unknown methods and bad params are refused with messages naming the field.
import { describe, expect, it } from 'vitest';
import { makeService, tempDir, xorProject } from './fixtures';

describe('handleCall validation', () => {
  it('refuses unknown methods and lists the known ones', async () => {
    const service = makeService(await tempDir());
    const r = await service.handleCall('deleteEverything', {});
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatch(
        /^unknown method "deleteEverything"; expected one of: info, listPresets, .*saveFile, .*startSweep, .*currentSweep, sweepModels, surfacePaths, activationShapes, lossLandscape, dropoutEnsemble$/,
      );
    const n = await service.handleCall(42, {});
    expect(n).toEqual(
      expect.objectContaining({ ok: false, kind: 'invalid', where: { field: 'method' }, error: expect.stringMatching(/^unknown method of type number/) }),
    );
    // inherited object keys are not methods
    expect((await service.handleCall('constructor', {})).ok).toBe(false);
    expect((await service.handleCall('__proto__', {})).ok).toBe(false);
  });

  it('names the field that is wrong', async () => {
    const service = makeService(await tempDir());
    const cases: Array<[string, unknown, RegExp]> = [
      ['getPreset', { name: 7 }, /^getPreset: name: .*expected string/],
      ['getPreset', {}, /^getPreset: name: /],
      ['openProject', { path: '' }, /^openProject: path: /],
      ['info', { extra: 1 }, /^info: .*"extra"/],
      ['pickDataset', { kind: 'xlsx' }, /^pickDataset: kind: .*"idx"|"csv"/],
      ['pauseTraining', { runId: 5 }, /^pauseTraining: runId: .*expected string/],
      [
        'startTraining',
        { graph: xorProject.graph, training: { ...xorProject.training, learningRate: 'fast' } },
        /^startTraining: training\.learningRate: .*expected number/,
      ],
      ['saveProject', { project: { ...xorProject, version: 3 } }, /^saveProject: project\.version: /],
      ['info', 'not an object', /^info: .*expected object/],
    ];
    for (const [method, params, pattern] of cases) {
      const r = await service.handleCall(method, params);
      expect(r.ok, method).toBe(false);
      if (!r.ok) expect(r.error, method).toMatch(pattern);
    }
  });

  it('refuses a graph that cannot train before any trainer starts, naming the node', async () => {
    const service = makeService(await tempDir());
    const graph = structuredClone(xorProject.graph) as { nodes: Array<Record<string, unknown>> };
    graph.nodes[1]!.units = 0;
    const r = await service.handleCall('startTraining', { graph, training: xorProject.training });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^cannot train: node h: Units 0 is out of range/);
  });

  it('refuses early stopping on validation accuracy for a regression head before any trainer starts', async () => {
    const service = makeService(await tempDir());
    const graph = structuredClone(xorProject.graph) as { nodes: Array<Record<string, unknown>> };
    const out = graph.nodes.find((n) => n.type === 'output')!;
    out.head = 'linear';
    const training = { ...xorProject.training, earlyStopping: { enabled: true, monitor: 'val_acc', patience: 3, restoreBest: true } };
    const r = await service.handleCall('startTraining', { graph, training });
    expect(r).toEqual({
      ok: false,
      error: `cannot train: training earlyStopping.monitor = val_acc: the output node ${String(out.id)} has a linear (regression) head, which has no accuracy; monitor the validation loss (val_loss) instead`,
    });
  });

  it('answers info with the mode and version', async () => {
    const service = makeService(await tempDir());
    expect(await service.handleCall('info', {})).toEqual({
      ok: true,
      value: { mode: 'browser', version: '0.0.0-test', platform: process.platform },
    });
    // params may be omitted for methods without any
    expect((await service.handleCall('info', undefined)).ok).toBe(true);
  });
});
