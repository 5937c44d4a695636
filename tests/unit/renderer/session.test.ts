import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionState, type TrainingApi } from '../../../src-renderer/training/session-state.svelte';
import { formatDuration } from '../../../src-main/contract/number-format';
import { gradDomain, nodeGrad, runFitsGraph, type NodeGradStat } from '../../../src-renderer/training/node-grads';
import { defaultTraining } from '../../../src-renderer/editor/defaults';
import { Graph } from '../../../src-main/contract/graph';
import { threeNodeGraph } from '../fixtures/graphs';
import type { LayerInfo, StepRecord, TrainerEvent } from '../../../src-main/contract/events';

const graph: Graph = Graph.parse(threeNodeGraph({ hidden: { activation: 'sigmoid' } }));
const training = { ...defaultTraining(), epochs: 2 };
const layers: LayerInfo[] = [
  { node: 'h', name: 'h', kind: 'dense', units: 8, activation: 'sigmoid', hidden: true, hasBias: true, hasAlpha: false },
  { node: 'out', name: 'out', kind: 'output', units: 3, activation: 'softmax', hidden: false, hasBias: true, hasAlpha: false },
];

function fakeApi(result: { ok: true; runId: string } | { ok: false; error: string }, onCall?: () => void) {
  const calls: { method: string; params: unknown }[] = [];
  const api: TrainingApi = {
    call: (async (method: string, params: unknown) => {
      calls.push({ method, params });
      onCall?.();
      if (method === 'startTraining') return result.ok ? { ok: true, value: { runId: result.runId } } : { ok: false, error: result.error };
      return { ok: true, value: null };
    }) as TrainingApi['call'],
  };
  return { api, calls };
}

const grad = (s: SessionState, node: string, stat: NodeGradStat = 'kernelNorm') => nodeGrad(s.current, node, stat, gradDomain(s.current, stat));

function started(runId: string): TrainerEvent {
  return {
    type: 'started',
    runId,
    backend: 'wasm',
    layers,
    inputDim: 2,
    classes: 3,
    samples: { train: 700, val: 100, test: 200 },
    trainEvalSamples: 700,
    stepsPerEpoch: 4,
    epochs: 2,
    config: training,
  };
}

function steps(runId: string, from: number, n: number, gradH: (s: number) => number): TrainerEvent {
  const out: StepRecord[] = [];
  for (let s = from; s < from + n; s++) {
    out.push({
      step: s,
      epoch: Math.ceil(s / 4),
      loss: 1.1 - s * 0.05,
      acc: 0.3 + s * 0.02,
      layers: [
        { kernelNorm: gradH(s), kernelMeanAbs: gradH(s) / 10, biasNorm: 0.01, biasMeanAbs: 0.001, alphaNorm: null, alphaMeanAbs: null, neuronMeanAbs: [] },
        { kernelNorm: 0.5, kernelMeanAbs: 0.05, biasNorm: 0.1, biasMeanAbs: 0.01, alphaNorm: null, alphaMeanAbs: null, neuronMeanAbs: [] },
      ],
    });
  }
  return { type: 'steps', runId, steps: out };
}

function epoch(runId: string, e: number): TrainerEvent {
  return {
    type: 'epoch',
    runId,
    epoch: e,
    trainLoss: 1 - e * 0.1,
    trainAcc: 0.5 + e * 0.1,
    valLoss: 1.05 - e * 0.1,
    valAcc: 0.45 + e * 0.1,
    weights: [],
    seconds: 1,
  };
}

describe('training session', () => {
  it('runs from start to finish, folding events into the current run and the history', async () => {
    let t = 0;
    const { api, calls } = fakeApi({ ok: true, runId: 'r1' });
    const s = new SessionState(api, () => t);
    const p = s.start(graph, training);
    expect(s.status).toBe('starting');
    await p;
    expect(calls[0]).toEqual({ method: 'startTraining', params: { graph, training } });
    expect(s.status).toBe('running');
    s.handle(started('r1'));
    t = 2000;
    s.handle(steps('r1', 1, 2, (k) => 0.001 * k));
    expect(s.progress).toMatchObject({ epoch: 1, epochs: 2, step: 2, stepsPerEpoch: 4, done: 2, total: 8 });
    expect(s.progress!.loss).toBeCloseTo(1.0);
    // 2 steps in 2 s, 6 to go
    expect(s.progress!.etaSeconds).toBeCloseTo(6);
    expect(grad(s, 'h')!.latest).toBeCloseTo(0.002);
    expect(grad(s, 'in')).toBeNull();
    s.handle(steps('r1', 3, 3, (k) => 0.001 * k));
    expect(s.progress).toMatchObject({ epoch: 2, step: 1 });
    expect(
      grad(s, 'h')!
        .history.slice(-3)
        .map((v) => +v.toFixed(3)),
    ).toEqual([0.003, 0.004, 0.005]);
    s.handle(epoch('r1', 1));
    expect(s.latestEpoch?.valAcc).toBeCloseTo(0.55);
    s.handle(steps('r1', 6, 3, () => 0.01));
    s.handle(epoch('r1', 2));
    s.handle({ type: 'finished', runId: 'r1', reason: 'completed', epochs: 2, bestEpoch: 2, test: { loss: 0.8, acc: 0.7 } });
    expect(s.status).toBe('finished');
    expect(s.runs.map((r) => r.id)).toEqual(['r1']);
    expect(s.current?.test).toEqual({ loss: 0.8, acc: 0.7 });
    expect(s.outcome).toBe('Run finished');
    expect(s.progress!.fraction).toBe(1);
  });

  it('keeps events that arrive before startTraining answers', async () => {
    const { api } = fakeApi({ ok: true, runId: 'r2' });
    const s = new SessionState(api);
    const p = s.start(graph, training);
    s.handle(started('r2'));
    s.handle(steps('r2', 1, 1, () => 0.3));
    await p;
    expect(s.current?.layers).toHaveLength(2);
    expect(grad(s, 'out')!.latest).toBe(0.5);
  });

  it('pause and resume follow the trainer; paused time is not counted in the ETA', async () => {
    let t = 0;
    const { api, calls } = fakeApi({ ok: true, runId: 'r3' });
    const s = new SessionState(api, () => t);
    await s.start(graph, training);
    s.handle(started('r3'));
    t = 1000;
    s.handle(steps('r3', 1, 1, () => 0.1));
    await s.pause();
    expect(calls.at(-1)).toEqual({ method: 'pauseTraining', params: { runId: 'r3' } });
    s.handle({ type: 'paused', runId: 'r3' });
    expect(s.status).toBe('paused');
    t = 60_000;
    await s.resume();
    s.handle({ type: 'resumed', runId: 'r3' });
    expect(s.status).toBe('running');
    t = 61_000;
    s.handle(steps('r3', 2, 1, () => 0.1));
    expect(s.activeSeconds).toBeCloseTo(2);
    expect(s.progress!.etaSeconds).toBeCloseTo(6);
    await s.stop();
    expect(calls.at(-1)).toEqual({ method: 'stopTraining', params: { runId: 'r3' } });
    s.handle({ type: 'finished', runId: 'r3', reason: 'stopped', epochs: 1, bestEpoch: null, test: null });
    expect(s.outcome).toBe('Run stopped');
    expect(s.current?.steps.step).toEqual([1, 2]);
  });

  it('a diverging run ends as an error with the trainer’s message; other runs’ events are ignored', async () => {
    const { api } = fakeApi({ ok: true, runId: 'r4' });
    const s = new SessionState(api);
    await s.start(graph, training);
    s.handle(started('r4'));
    s.handle(steps('old', 1, 1, () => 9));
    expect(s.current?.steps.step).toEqual([]);
    s.handle({ type: 'diverged', runId: 'r4', epoch: 1, step: 3, loss: Infinity, message: 'loss became Infinity at step 3; lower the learning rate' });
    s.handle({ type: 'finished', runId: 'r4', reason: 'diverged', epochs: 1, bestEpoch: null, test: null });
    expect(s.status).toBe('error');
    expect(s.error).toMatch(/lower the learning rate/);
    expect(s.outcome).toBe('Run diverged: loss became Infinity at step 3; lower the learning rate');
    expect(s.runs).toHaveLength(1);
  });

  it('a refused start shows the reason and does not create a run', async () => {
    const { api } = fakeApi({ ok: false, error: 'node h: units = 0 is out of range' });
    const s = new SessionState(api);
    await s.start(graph, training);
    expect(s.status).toBe('error');
    expect(s.error).toBe('node h: units = 0 is out of range');
    expect(s.current).toBeNull();
  });

  it('formats durations for the progress bar', () => {
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3 * 3600 + 120)).toBe('3 h 2 min');
    expect(formatDuration(null)).toBe('–');
  });
});

describe('node gradient tint', () => {
  it('a vanishing layer is tinted at the dark end of the scale, a healthy one at the bright end', async () => {
    const { api } = fakeApi({ ok: true, runId: 'r5' });
    const s = new SessionState(api);
    await s.start(graph, training);
    s.handle(started('r5'));
    s.handle(steps('r5', 1, 10, () => 1e-6));
    const weak = grad(s, 'h')!;
    const strong = grad(s, 'out')!;
    expect(weak.value).toBeCloseTo(1e-6);
    expect(gradDomain(s.current, 'kernelNorm').lo).toBeLessThanOrEqual(-6);
    const lum = (hex: string) => {
      const n = parseInt(hex.slice(1), 16);
      return 0.2126 * (n >> 16) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255);
    };
    expect(lum(weak.background)).toBeLessThan(lum(strong.background));
    expect(weak.text).toBe('#ffffff');
    expect(grad(s, 'in')).toBeNull();
  });

  it('by default the tint is the per-weight mean |g|, not the L2 norm that grows with fan-in', async () => {
    const { api } = fakeApi({ ok: true, runId: 'r6' });
    const s = new SessionState(api);
    await s.start(graph, training);
    s.handle(started('r6'));
    s.handle(steps('r6', 1, 10, () => 0.2));
    const h = nodeGrad(s.current, 'h', 'kernelMeanAbs', gradDomain(s.current, 'kernelMeanAbs'))!;
    expect(h.latest).toBeCloseTo(0.02); // kernelMeanAbs of the fake steps, not kernelNorm 0.2
    expect(grad(s, 'h', 'kernelNorm')!.latest).toBeCloseTo(0.2);
  });

  it('a run is drawn only on the graph it was trained on: names do not matter (positions are not in a graph), activations and edges do', async () => {
    const { api } = fakeApi({ ok: true, runId: 'r7' });
    const s = new SessionState(api);
    await s.start(graph, training);
    s.handle(started('r7'));
    const moved: Graph = { ...graph, nodes: graph.nodes.map((n) => ({ ...n, name: `n ${n.id}` })) };
    expect(runFitsGraph(s.current!, moved)).toBe(true);
    const relu: Graph = { ...graph, nodes: graph.nodes.map((n) => (n.type === 'dense' ? { ...n, activation: 'relu' as const } : n)) };
    expect(runFitsGraph(s.current!, relu)).toBe(false);
    expect(runFitsGraph(s.current!, { ...graph, edges: graph.edges.slice(0, 1) })).toBe(false);
  });
});

describe('runs stored in the project file', () => {
  it('a diverged run is stored whole and reads back with its non-finite steps as NaN', async () => {
    const { storableRun } = await import('../../../src-renderer/training/storable-run');
    const { RunRecord } = await import('../../../src-main/contract/project');
    const { api } = fakeApi({ ok: true, runId: 'r6' });
    const s = new SessionState(api);
    await s.start(graph, training);
    s.handle(started('r6'));
    s.handle(steps('r6', 1, 3, () => 0.2));
    s.handle(steps('r6', 4, 2, () => Infinity));
    s.handle({ ...(epoch('r6', 1) as Extract<TrainerEvent, { type: 'epoch' }>), trainLoss: NaN, valLoss: NaN });
    s.handle({ type: 'diverged', runId: 'r6', epoch: 1, step: 4, loss: NaN, message: 'loss became NaN' });
    s.handle({ type: 'finished', runId: 'r6', reason: 'diverged', epochs: 1, bestEpoch: null, test: null });
    const r = storableRun(s.runs[0]!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect('neuronMeanAbs' in r.run.steps.layers[0]!).toBe(false);
    const back = RunRecord.parse(JSON.parse(JSON.stringify(r.run)));
    expect(back.steps.step).toEqual([1, 2, 3, 4, 5]);
    expect(back.steps.layers[0]!.kernelNorm.slice(0, 3)).toEqual([0.2, 0.2, 0.2]);
    expect(back.steps.layers[0]!.kernelNorm[3]).toBeNaN();
    expect(back.epochs[0]!.trainLoss).toBeNaN();
    expect(back.reason).toBe('diverged');
    expect(back.message).toBe('loss became NaN');
    // the split sizes come back with the run, so the sample-count line shows after reopening
    expect(back.samples).toEqual({ train: 700, val: 100, test: 200 });
    const reopened = new SessionState(api);
    reopened.loadRuns([back]);
    expect(reopened.shape).toBeNull();
    expect(reopened.current?.samples?.train).toBe(700);
  });

  it('a record the file cannot hold is refused with the run and field named', async () => {
    const { storableRun } = await import('../../../src-renderer/training/storable-run');
    const { api } = fakeApi({ ok: true, runId: 'r8' });
    const s = new SessionState(api);
    await s.start(graph, training);
    s.handle({ type: 'finished', runId: 'r8', reason: 'completed', epochs: 0, bestEpoch: null, test: null });
    const broken = { ...s.runs[0]!, startedAt: 5 as unknown as string };
    const r = storableRun(broken);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.error).toMatch(/^run "#1 .*": startedAt: /);
  });
});

describe('unsaved runs', () => {
  it('a finished run is unsaved until the project is saved; runs loaded from a file are saved', async () => {
    const { api } = fakeApi({ ok: true, runId: 'r7' });
    const s = new SessionState(api);
    expect(s.hasUnsavedRuns).toBe(false);
    await s.start(graph, training);
    s.handle(started('r7'));
    s.handle({ type: 'finished', runId: 'r7', reason: 'stopped', epochs: 0, bestEpoch: null, test: null });
    expect(s.hasUnsavedRuns).toBe(true);
    s.markRunsSaved();
    expect(s.hasUnsavedRuns).toBe(false);
    const kept = s.runs;
    s.loadRuns([]);
    s.loadRuns(kept);
    expect(s.hasUnsavedRuns).toBe(false);
    expect(s.current?.id).toBe('r7');
  });

  it('tells the app of each run it trained when it ends, and of imported runs; a reopened run is unsaved', async () => {
    const { api } = fakeApi({ ok: true, runId: 'r8' });
    const s = new SessionState(api);
    const ended: string[] = [];
    s.onRunEnded = (r) => ended.push(r.id);
    await s.start(graph, training);
    s.handle(started('r8'));
    expect(ended).toEqual([]);
    s.handle({ type: 'finished', runId: 'r8', reason: 'completed', epochs: 0, bestEpoch: null, test: null });
    expect(ended).toEqual(['r8']);
    const kept = s.current!;
    s.addRun({ ...kept, id: 'imported' });
    expect(ended).toEqual(['r8', 'imported']);
    s.loadRuns([]); // New
    expect(s.unsavedRunCount()).toBe(0);
    expect(s.reopen(kept)).toBe(true);
    expect(ended).toEqual(['r8', 'imported']); // reopening does not record it again
    expect(s.current?.id).toBe('r8');
    expect(s.unsavedRunCount()).toBe(1);
  });
});

describe('a run this page did not start', () => {
  it('is adopted after a reload: its events replayed, paused state kept, and Stop acts on it', async () => {
    const { api, calls } = fakeApi({ ok: true, runId: 'unused' });
    const s = new SessionState(api, () => 1000);
    s.adopt({
      runId: 'run-9',
      state: 'paused',
      graph,
      training,
      events: [started('run-9'), steps('run-9', 1, 4, () => 0.2), epoch('run-9', 1), { type: 'paused', runId: 'run-9' }],
    });
    expect(s.status).toBe('paused');
    expect(s.current?.id).toBe('run-9');
    expect(s.current?.epochs).toHaveLength(1);
    expect(s.current?.steps.step).toEqual([1, 2, 3, 4]);
    // adopting the same run again (a second reconnect) changes nothing
    s.adopt({ runId: 'run-9', state: 'paused', graph, training, events: [started('run-9')] });
    expect(s.current?.steps.step).toEqual([1, 2, 3, 4]);
    await s.stop();
    expect(calls.at(-1)).toEqual({ method: 'stopTraining', params: { runId: 'run-9' } });
    s.handle({ type: 'finished', runId: 'run-9', reason: 'stopped', epochs: 1, bestEpoch: 1, test: null });
    expect(s.status).toBe('finished');
    expect(s.runs.map((r) => r.id)).toEqual(['run-9']);
  });
});

describe('which runs can export their weights', () => {
  /** a fake api that gives each start its own run id */
  function counting() {
    let n = 0;
    const api: TrainingApi = {
      call: (async (method: string) =>
        method === 'startTraining' ? { ok: true, value: { runId: `t${++n}` } } : { ok: true, value: null }) as TrainingApi['call'],
    };
    return api;
  }
  async function train(s: SessionState, id: string, reason: 'completed' | 'error' = 'completed') {
    await s.start(graph, training);
    s.handle(started(id));
    expect(s.exportBlock(s.current!)).toMatch(/still training/);
    s.handle({ type: 'finished', runId: id, reason, epochs: 1, bestEpoch: null, test: null });
    return s.current!;
  }

  it('a run trained in this session can; an imported or reopened one says why not', async () => {
    const s = new SessionState(counting());
    const mine = await train(s, 't1');
    expect(s.exportBlock(mine)).toBeNull();
    const imported = { ...mine, id: 'pytorch-spiral-20261130', label: 'run (imported)' };
    expect(s.addRun(imported)).toBe(true);
    expect(s.exportBlock(imported)).toBe(
      'this run was imported from a log; its weights are not in this session (for a PyTorch project of this network, run gradscope export-pytorch on the project file)',
    );
    // a project file reopened: its runs have curves but no weights — except one this session trained and saved
    const fromFile = { ...mine, id: 'run-from-last-week' };
    s.loadRuns([fromFile, mine]);
    expect(s.exportBlock(fromFile)).toMatch(/^this run was reopened from the project file, which keeps its curves but not its weights/);
    expect(s.exportBlock(mine)).toBeNull();
  });

  it('a failed run, and runs older than the last five the trainer keeps, cannot', async () => {
    const s = new SessionState(counting());
    const failed = await train(s, 't1', 'error');
    expect(s.exportBlock(failed)).toMatch(/failed/);
    const runs = [];
    for (let i = 2; i <= 7; i++) runs.push(await train(s, `t${i}`));
    expect(s.exportBlock(runs[0]!)).toBe('the trainer keeps the weights of the last 5 runs of this session only; re-run this one to export its model');
    for (const r of runs.slice(1)) expect(s.exportBlock(r)).toBeNull();
  });

  it("a run adopted after a reload is the trainer's: it can", () => {
    const s = new SessionState(counting(), () => 1000);
    s.adopt({ runId: 'run-9', state: 'running', graph, training, events: [started('run-9')] });
    s.handle({ type: 'finished', runId: 'run-9', reason: 'completed', epochs: 1, bestEpoch: 1, test: null });
    expect(s.exportBlock(s.current!)).toBeNull();
  });
});

describe('a streaming run reaches the views at a bounded rate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows steps and epochs at most every publishEveryMs, loses none of them, and shows the end at once', async () => {
    vi.useFakeTimers();
    const t = () => Date.now();
    const { api } = fakeApi({ ok: true, runId: 'p1' });
    const s = new SessionState(api, t, 100);
    await s.start(graph, training);
    s.handle(started('p1'));
    expect(s.current?.layers).toHaveLength(2);
    // the first batch is shown at once; the next ones within 100 ms wait
    s.handle(steps('p1', 1, 2, (k) => 0.001 * k));
    expect(s.current?.steps.step.length).toBe(2);
    const shown = s.current;
    vi.advanceTimersByTime(30);
    s.handle(steps('p1', 3, 2, (k) => 0.001 * k));
    s.handle(epoch('p1', 1));
    vi.advanceTimersByTime(30);
    s.handle(steps('p1', 5, 2, (k) => 0.001 * k));
    expect(s.current).toBe(shown);
    expect(s.latestEpoch).toBeNull();
    // 100 ms after the last showing, everything that came since is there
    vi.advanceTimersByTime(40);
    expect(s.current).not.toBe(shown);
    expect(s.current?.steps.step).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.latestEpoch?.epoch).toBe(1);
    // the end of the run does not wait
    vi.advanceTimersByTime(10);
    s.handle(steps('p1', 7, 2, (k) => 0.001 * k));
    s.handle({ type: 'finished', runId: 'p1', reason: 'completed', epochs: 2, bestEpoch: 1, test: { loss: 0.8, acc: 0.7 } });
    expect(s.status).toBe('finished');
    expect(s.current?.steps.step.length).toBe(8);
    expect(s.current?.test).toEqual({ loss: 0.8, acc: 0.7 });
    expect(s.runs.at(-1)).toBe(s.current);
    // nothing left waiting to overwrite it
    vi.advanceTimersByTime(500);
    expect(s.current?.reason).toBe('completed');
  });
});
