// What the decision-regions pictures cost training: the real loop (runTraining) on the spiral and sine
// presets, as the app runs them (gradient probes on), with the pictures at the app's rate
// (REGIONS_PER_SECOND) and without, in alternating rounds so both see the same machine load; medians
// and the median of each round's ratio (with ÷ without, measured back to back). Also the CPU time of one
// picture, the share of training time the pictures take at the rate achieved (pictures/s × time of
// one: the estimate that does not depend on the machine's load staying put), and the size of a
// picture's message (JSON, as the WebSocket carries it).
//
//   npm run bench -- --regions        (BENCH_ROUNDS rounds per setting, default 5; BENCH_MEASURE_MS, default 2500)
import type { TrainerEvent } from '../src-main/contract/events';
import { REGIONS_PER_SECOND } from '../src-main/contract/regions';
import { loadDataset } from '../src-main/data/index';
import { getPreset } from '../src-main/export/presets';
import { initBackend } from '../src-main/trainer/backend';
import { compileGraph } from '../src-main/trainer/compile';
import { RunControl } from '../src-main/trainer/control';
import { runTraining } from '../src-main/trainer/loop';
import { regionFrame } from '../src-main/trainer/region-frame';
import { regionsSnapshot } from '../src-main/trainer/regions';
import type { Dataset } from '../src-main/data/dataset-types';
import type { Project } from '../src-main/contract/project';

const WARMUP_MS = 1000;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 2500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Rate {
  samplesPerSec: number;
  pictures: number;
}

/** Training samples per second over MEASURE_MS after WARMUP_MS, and the pictures sent meanwhile. */
async function rate(project: Project, dataset: Dataset, regionsPerSecond: number): Promise<Rate> {
  const control = new RunControl();
  const batch = project.training.batchSize;
  const start = performance.now();
  const m: { from: { t: number; step: number } | null; to: { t: number; step: number } | null; pictures: number } = { from: null, to: null, pictures: 0 };
  const emit = (e: TrainerEvent) => {
    if (e.type === 'regions' && m.from && !m.to) m.pictures++;
    if (e.type !== 'steps' || m.to) return;
    const now = performance.now();
    const step = e.steps.at(-1)!.step;
    if (!m.from) {
      if (now - start >= WARMUP_MS) m.from = { t: now, step };
    } else if (now - m.from.t >= MEASURE_MS) {
      m.to = { t: now, step };
      control.stop();
    }
  };
  const run = await runTraining({
    graph: project.graph,
    training: { ...project.training, epochs: 100000 },
    dataset,
    runId: 'bench',
    emit,
    control,
    regionsPerSecond,
  });
  run.compiled?.dispose();
  if (!m.from || !m.to) throw new Error('the run ended before the measurement did');
  // steps of a full batch but for each epoch's last: close enough over thousands of steps
  const steps = m.to.step - m.from.step;
  return { samplesPerSec: (steps * batch) / ((m.to.t - m.from.t) / 1000), pictures: m.pictures / ((m.to.t - m.from.t) / 1000) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU time of this process in ms (user + system): less disturbed by other processes than wall time. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU time of one picture (ms, median of 5 batches of 20, after 5 to warm up) and its message size (bytes of JSON). */
function pictureCost(project: Project, dataset: Dataset): { ms: number; bytes: number } {
  const c = compileGraph(project.graph, { inputDim: dataset.inputDim, classes: dataset.classes }, { seed: 1 });
  const frame = regionFrame(dataset)!;
  const picture = (step: number) => regionsSnapshot(c, frame, { epoch: 1, step, final: false });
  for (let i = 0; i < 5; i++) picture(i);
  const times: number[] = [];
  for (let b = 0; b < 5; b++) {
    const t = cpuMs();
    for (let i = 0; i < 20; i++) picture(i);
    times.push((cpuMs() - t) / 20);
  }
  const bytes = JSON.stringify({ type: 'regions', runId: 'run-1', regions: picture(1) }).length;
  c.dispose();
  return { ms: median(times), bytes };
}

export async function benchRegions(out: (line: string) => void): Promise<void> {
  const backend = await initBackend();
  out(`decision-regions cost on backend ${backend}: ${ROUNDS} alternating rounds of ${MEASURE_MS / 1000} s each way, pictures at most ${REGIONS_PER_SECOND}/s`);
  out('(medians; the machine may be shared, so compare the two columns of one row, measured side by side)');
  out('preset   graph              samples/s without   samples/s with   ratio of rounds   pictures/s   one picture (CPU)   time share   message');
  for (const name of ['spiral', 'sine']) {
    const project = getPreset(name);
    const t = project.training;
    const dataset = await loadDataset(t.dataset, t.seed, t.validationSplit, t.testSplit);
    const without: number[] = [];
    const withR: number[] = [];
    const pics: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      without.push((await rate(project, dataset, 0)).samplesPerSec);
      const w = await rate(project, dataset, REGIONS_PER_SECOND);
      withR.push(w.samplesPerSec);
      pics.push(w.pictures);
    }
    const cost = pictureCost(project, dataset);
    const graph = project.graph.nodes
      .filter((n) => n.type === 'dense')
      .map((n) => (n.type === 'dense' ? `${n.activation} ${n.units}` : ''))
      .join(', ');
    const a = median(without);
    const b = median(withR);
    const ratio = median(withR.map((w, i) => w / without[i]!));
    const share = (median(pics) * cost.ms) / 1000;
    out(
      `${name.padEnd(8)} ${graph.padEnd(18)} ${a.toFixed(0).padStart(17)}   ${b.toFixed(0).padStart(14)}   ${ratio.toFixed(3).padStart(15)}   ${median(pics).toFixed(1).padStart(10)}   ${cost.ms.toFixed(1).padStart(14)} ms   ${(share * 100).toFixed(1).padStart(8)} %   ${(cost.bytes / 1024).toFixed(1)} KiB`,
    );
    out(`         rounds without: ${without.map((v) => v.toFixed(0)).join(', ')}; with: ${withR.map((v) => v.toFixed(0)).join(', ')}`);
  }
}
