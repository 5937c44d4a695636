// Folds the trainer's event stream into a RunRecord: the one shape the views, the run history and
// the project file share. Every event returns a new record object (the renderer keeps it in
// $state.raw), but the step series inside are append-only: a 'steps' event pushes onto the same
// arrays instead of copying them (constant amortised work per event, however long the run), and
// per-neuron series go straight into bounded power-of-two columns (neuron-bins.ts). A record a
// later event was applied to therefore sees the longer series too: keep only the newest. Beyond a
// recent window the step series are folded into power-of-two bins (step-series.ts), and older
// epochs' histograms are thinned (epoch-series.ts), so a run's record stays bounded however long
// it trains.
import type { Graph } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import type { RunRecord, StepSeries } from '../contract/project';
import type { StepRecord, TrainerEvent } from '../contract/events';
import { binRanges } from './binning';
import { NeuronAccumulator, type NeuronColumns } from './neuron-bins';
import { foldedCopy, foldSteps, STEP_LIMITS, type StepLimits } from './step-series';
import { EPOCH_LIMITS, thinEpochs, type EpochLimits } from './epoch-series';

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

/** The accumulators filling a live run's per-neuron columns, by the columns object they fill. */
const accumulators = new WeakMap<NeuronColumns, NeuronAccumulator>();

/** How many per-neuron columns a run with these layer widths keeps (live and saved). */
export function neuronColumnsFor(units: number): number {
  return Math.max(2, Math.min(NEURON_COLUMNS, Math.floor(NEURON_BUDGET / Math.max(1, units))));
}

function appendSteps(run: RunRecord, steps: readonly StepRecord[], limits: StepLimits): StepSeries {
  const series = run.steps;
  const columns = neuronColumnsFor(run.layers.reduce((a, l) => a + l.units, 0));
  for (const s of steps) {
    series.step.push(s.step);
    series.loss.push(s.loss);
    series.acc.push(s.acc);
  }
  const layers = series.layers.map((l, i) => {
    for (const s of steps) {
      const g = s.layers[i];
      l.kernelNorm.push(g?.kernelNorm ?? NaN);
      l.kernelMeanAbs.push(g?.kernelMeanAbs ?? NaN);
      l.biasNorm.push(g?.biasNorm ?? null);
      l.biasMeanAbs.push(g?.biasMeanAbs ?? null);
    }
    const units = run.layers[i]?.units ?? 0;
    if (units === 0 || l.neuronMeanAbs) return { ...l };
    const bins = l.neuronBins ?? { steps: [], values: [] };
    let acc = accumulators.get(bins);
    if (!acc) {
      acc = new NeuronAccumulator(units, columns, bins);
      accumulators.set(bins, acc);
    }
    for (const s of steps) acc.add(s.step, s.layers[i]?.neuronMeanAbs ?? []);
    return { ...l, neuronBins: bins };
  });
  foldSteps(series, limits);
  // a new wrapper around the same (longer) arrays, so whatever compares objects sees a change
  return { ...series, layers };
}

/** The run has ended: the per-neuron column still filling becomes the last column, and the
 * accumulator (per column and neuron, the counts its merges weigh by) is let go: a finished run
 * keeps only its columns. */
function flushNeurons(series: StepSeries): StepSeries {
  for (const l of series.layers) {
    if (!l.neuronBins) continue;
    accumulators.get(l.neuronBins)?.flush();
    accumulators.delete(l.neuronBins);
  }
  return series;
}

/** The record after one more event of this run; events of other runs leave it as it is. `limits`: how the step series are folded; `epochLimits`: how many epochs keep their histograms. */
export function applyEvent(
  run: RunRecord,
  event: TrainerEvent,
  now: Date = new Date(),
  limits: StepLimits = STEP_LIMITS,
  epochLimits: EpochLimits = EPOCH_LIMITS,
): RunRecord {
  if (event.runId !== run.id) return run;
  switch (event.type) {
    case 'started':
      return { ...run, backend: event.backend, layers: event.layers, samples: event.samples, steps: emptySteps(event.layers.length) };
    case 'steps':
      return { ...run, steps: appendSteps(run, event.steps, limits) };
    case 'epoch': {
      const { type: _t, runId: _r, ...epoch } = event;
      return { ...run, epochs: thinEpochs([...run.epochs.filter((e) => e.epoch !== epoch.epoch), epoch], epochLimits) };
    }
    case 'regions':
      return { ...run, regions: event.regions };
    case 'early_stop':
      return { ...run, earlyStopEpoch: event.epoch, bestEpoch: event.bestEpoch };
    case 'diverged':
      return { ...run, message: event.message };
    case 'error':
      return { ...run, steps: flushNeurons(run.steps), message: event.message, reason: 'error', finishedAt: now.toISOString() };
    case 'finished':
      return {
        ...run,
        steps: flushNeurons(run.steps),
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
export function binNeurons(
  stepNumbers: readonly number[],
  series: readonly (readonly number[])[],
  maxColumns: number,
): { steps: number[]; values: number[][] } {
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

/** A layer's per-neuron columns as saved: values to 4 significant digits, the column still filling included. */
function storedColumns(bins: NeuronColumns): NeuronColumns {
  const live = accumulators.get(bins)?.snapshot() ?? bins;
  const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : NaN);
  return { steps: [...live.steps], values: live.values.map((col) => col.map(round)) };
}

/**
 * A copy fit for the project file, and the form a run not being trained is held in: per-neuron
 * series binned into a bounded number of columns (as the heatmap bins them), step series folded
 * beyond the recent window, older epochs' histograms thinned (a run saved before these were
 * bounded is bounded here).
 */
export function forStorage(run: RunRecord, limits: StepLimits = STEP_LIMITS, epochLimits: EpochLimits = EPOCH_LIMITS): RunRecord {
  const columns = neuronColumnsFor(run.layers.reduce((a, l) => a + l.units, 0));
  return {
    ...run,
    epochs: thinEpochs(run.epochs, epochLimits),
    steps: foldedCopy(
      {
        ...run.steps,
        layers: run.steps.layers.map(({ neuronMeanAbs, neuronBins, ...rest }) =>
          neuronMeanAbs && neuronMeanAbs.length > 0
            ? { ...rest, neuronBins: binNeurons(run.steps.step, neuronMeanAbs, columns) }
            : neuronBins
              ? { ...rest, neuronBins: storedColumns(neuronBins) }
              : rest,
        ),
      },
      limits,
    ),
  };
}
