// Real runs of the trainer (in-process, small synthetic data) recorded as their event streams, and
// folded into a RunRecord as the app folds them: the fixtures of the live-series and step-series tests.
import { applyEvent, newRun } from '../../../src-main/analysis/run-record';
import type { StepLimits } from '../../../src-main/analysis/step-series';
import type { RunRecord } from '../../../src-main/contract/project';
import type { StepRecord, TrainerEvent } from '../../../src-main/contract/events';
import { collect } from '../trainer/fixtures/run';
import { chain, config, type dense } from '../trainer/fixtures/graphs';
import { spiral } from '../trainer/fixtures/datasets';

export interface Recorded {
  events: TrainerEvent[];
  /** per layer, per step: the per-neuron values as the trainer sent them */
  neurons: number[][][];
  stepNumbers: number[];
}

export async function record(hidden: ReturnType<typeof dense>[], over: Parameters<typeof config>[0]): Promise<Recorded> {
  const graph = chain(hidden);
  const r = await collect(graph, config(over), spiral(300, 3, 0.1, 5));
  r.result.compiled?.dispose();
  const steps = r.of('steps').flatMap((e) => e.steps);
  const layers = steps[0]!.layers.length;
  return {
    events: r.events,
    neurons: Array.from({ length: layers }, (_, i) => steps.map((s) => s.layers[i]!.neuronMeanAbs)),
    stepNumbers: steps.map((s) => s.step),
  };
}

export function fold(rec: Recorded, each: (run: RunRecord, e: TrainerEvent) => void = () => undefined, limits?: StepLimits): RunRecord {
  const started = rec.events.find((e) => e.type === 'started')!;
  let run = newRun(started.runId, chain([]), config(), 'recorded', new Date(0));
  for (const e of rec.events) {
    run = applyEvent(run, e, new Date(0), limits);
    each(run, e);
  }
  return run;
}

/** Every step record of the run, in order. */
export function stepsOf(rec: Recorded): StepRecord[] {
  return rec.events.flatMap((e) => (e.type === 'steps' ? e.steps : []));
}

/** The same stream with its 'steps' events cut into events of at most `most` steps (as a slower page would get them). */
export function rechunked(rec: Recorded, most: number): Recorded {
  const events = rec.events.flatMap((e) => {
    if (e.type !== 'steps') return [e];
    const out: TrainerEvent[] = [];
    for (let i = 0; i < e.steps.length; i += most) out.push({ ...e, steps: e.steps.slice(i, i + most) });
    return out;
  });
  return { ...rec, events };
}
