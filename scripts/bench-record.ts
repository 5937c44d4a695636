// What a long run's record holds, bounded and not: the spiral preset trained for many epochs in this
// process (the real loop, gradient probes on, as the app runs it), every event folded into two
// records side by side: as the app keeps it (step series folded beyond the recent window, older
// epochs' histograms thinned) and with nothing bounded. Prints the entries per step series, the
// epochs holding histograms, and the size of each record as the project file stores it (JSON).
//
//   npm run bench -- --record            (BENCH_RECORD_EPOCHS epochs, default 2000)
import { applyEvent, forStorage, newRun } from '../src-main/analysis/run-record';
import { hasHistograms } from '../src-main/analysis/epoch-series';
import { loadDataset } from '../src-main/data/index';
import { getPreset } from '../src-main/export/presets';
import { initBackend } from '../src-main/trainer/backend';
import { runTraining } from '../src-main/trainer/loop';
import type { RunRecord } from '../src-main/contract/project';

const EPOCHS = Number(process.env.BENCH_RECORD_EPOCHS ?? 2000);
const UNBOUNDED = { steps: { recent: 1e12, maxBins: 1e12 }, epochs: { recent: 1e12, kept: 1e12 } };

export async function benchRecord(print: (line: string) => void): Promise<void> {
  await initBackend();
  const project = getPreset('spiral');
  const t = { ...project.training, epochs: EPOCHS };
  const dataset = await loadDataset(t.dataset, t.seed, t.validationSplit, t.testSplit);
  let kept = newRun('bench', project.graph, t, 'spiral', new Date(0));
  let whole = kept;
  const started = performance.now();
  const run = await runTraining({
    graph: project.graph,
    training: t,
    dataset,
    runId: 'bench',
    emit: (e) => {
      kept = applyEvent(kept, e, new Date(0));
      whole = applyEvent(whole, e, new Date(0), UNBOUNDED.steps, UNBOUNDED.epochs);
    },
  });
  run.compiled?.dispose();
  const seconds = (performance.now() - started) / 1000;
  const steps = kept.steps.step.at(-1) ?? 0;
  const row = (name: string, r: RunRecord, stored: RunRecord) => {
    const mb = (x: unknown) => (JSON.stringify(x).length / 1e6).toFixed(2);
    print(
      `${name.padEnd(10)} ${String(r.steps.step.length).padStart(8)} entries per step series · ${String(r.epochs.filter(hasHistograms).length).padStart(5)} of ${r.epochs.length} epochs with histograms · stored ${mb(stored)} MB (steps ${mb(stored.steps)} MB, epochs ${mb(stored.epochs)} MB)`,
    );
  };
  print(`spiral preset, ${EPOCHS} epochs, ${steps} steps, trained in ${seconds.toFixed(0)} s`);
  row('bounded', kept, forStorage(kept));
  row('unbounded', whole, forStorage(whole, UNBOUNDED.steps, UNBOUNDED.epochs));
}
