// Folds the trainer's event stream into a RunRecord: the one shape the views, the run history and
// the project file share. Pure; every function returns a new record (the renderer keeps it in $state.raw).
import type { Graph } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import type { RunRecord, StepSeries } from '../contract/project';
import type { StepRecord, TrainerEvent } from '../contract/events';
import { binRanges } from './binning';

export function emptySteps(layerCount: number): StepSeries {
  return {
    step: [],
    loss: [],
    acc: [],
    layers: Array.from({ length: layerCount }, () => ({
      kernelNorm: [],
      kernelMeanAbs: [],
      biasNorm: [],
      biasMeanAbs: [],
      neuronMeanAbs: [],
    })),
  };
}

/** A run as it is before the trainer has said anything. */
export function newRun(id: string, graph: Graph, training: TrainingConfig, label: string, now: Date): RunRecord {
  return {
    id,
    label,
    startedAt: now.toISOString(),
    finishedAt: null,
    graph,
    training,
    backend: '',
    layers: [],
    epochs: [],
    steps: emptySteps(0),
    reason: null,
    message: null,
    bestEpoch: null,
    earlyStopEpoch: null,
    test: null,
    exportPath: null,
  };
}

function appendSteps(series: StepSeries, steps: readonly StepRecord[]): StepSeries {
  const layers = series.layers.map((l, i) => ({
    kernelNorm: l.kernelNorm.concat(steps.map((s) => s.layers[i]?.kernelNorm ?? NaN)),
    kernelMeanAbs: l.kernelMeanAbs.concat(steps.map((s) => s.layers[i]?.kernelMeanAbs ?? NaN)),
    biasNorm: l.biasNorm.concat(steps.map((s) => s.layers[i]?.biasNorm ?? null)),
    biasMeanAbs: l.biasMeanAbs.concat(steps.map((s) => s.layers[i]?.biasMeanAbs ?? null)),
    neuronMeanAbs: (l.neuronMeanAbs ?? []).concat(steps.map((s) => s.layers[i]?.neuronMeanAbs ?? [])),
  }));
  return {
    step: series.step.concat(steps.map((s) => s.step)),
    loss: series.loss.concat(steps.map((s) => s.loss)),
    acc: series.acc.concat(steps.map((s) => s.acc)),
    layers,
  };
}

/** The record after one more event of this run; events of other runs leave it as it is. */
export function applyEvent(run: RunRecord, event: TrainerEvent, now: Date = new Date()): RunRecord {
  if (event.runId !== run.id) return run;
  switch (event.type) {
    case 'started':
      return { ...run, backend: event.backend, layers: event.layers, samples: event.samples, steps: emptySteps(event.layers.length) };
    case 'steps':
      return { ...run, steps: appendSteps(run.steps, event.steps) };
    case 'epoch': {
      const { type: _t, runId: _r, ...epoch } = event;
      return { ...run, epochs: [...run.epochs.filter((e) => e.epoch !== epoch.epoch), epoch] };
    }
    case 'early_stop':
      return { ...run, earlyStopEpoch: event.epoch, bestEpoch: event.bestEpoch };
    case 'diverged':
      return { ...run, message: event.message };
    case 'error':
      return { ...run, message: event.message, reason: 'error', finishedAt: now.toISOString() };
    case 'finished':
      return {
        ...run,
        reason: event.reason,
        bestEpoch: event.bestEpoch ?? run.bestEpoch,
        ...(event.modelEpoch !== undefined ? { modelEpoch: event.modelEpoch } : {}),
        test: event.test,
        finishedAt: now.toISOString(),
      };
    case 'paused':
    case 'resumed':
      return run;
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** At most this many per-neuron numbers are saved per run (all layers together), and at most NEURON_COLUMNS columns. */
export const NEURON_BUDGET = 200_000;
export const NEURON_COLUMNS = 400;

/** One layer's per-step, per-neuron series binned into columns of whole power-of-two step counts (4 significant digits). */
export function binNeurons(stepNumbers: readonly number[], series: readonly (readonly number[])[], maxColumns: number): { steps: number[]; values: number[][] } {
  const n = Math.min(series.length, stepNumbers.length);
  const ranges = binRanges(n, Math.max(1, maxColumns));
  const units = series.reduce((m, s) => Math.max(m, s.length), 0);
  const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : NaN);
  return {
    steps: ranges.map((r) => stepNumbers[r.end - 1]!),
    values: ranges.map((r) =>
      Array.from({ length: units }, (_, j) => {
        let sum = 0;
        let c = 0;
        for (let i = r.start; i < r.end; i++) {
          const v = series[i]?.[j];
          if (v !== undefined && Number.isFinite(v)) {
            sum += v;
            c++;
          }
        }
        return c > 0 ? round(sum / c) : NaN;
      }),
    ),
  };
}

/** A copy fit for the project file: per-neuron series binned into a bounded number of columns (as the heatmap bins them). */
export function forStorage(run: RunRecord): RunRecord {
  const units = run.layers.reduce((a, l) => a + l.units, 0);
  const columns = Math.max(1, Math.min(NEURON_COLUMNS, Math.floor(NEURON_BUDGET / Math.max(1, units))));
  return {
    ...run,
    steps: {
      ...run.steps,
      layers: run.steps.layers.map(({ neuronMeanAbs, ...rest }) =>
        neuronMeanAbs && neuronMeanAbs.length > 0 ? { ...rest, neuronBins: binNeurons(run.steps.step, neuronMeanAbs, columns) } : rest,
      ),
    },
  };
}
