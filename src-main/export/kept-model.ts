// A sweep variant's trained model kept on disk, so the app's trainer can load it back on demand (Export
// model, PyTorch project, learned activations, loss landscape, dropout ensemble) without keeping every
// variant's tensors alive. One folder per run:
//   model/      the TF.js layers export (model.json with the run's metadata + weights.bin), as Export writes it
//   path.bin    the run's way through weight space (float32: the initial weights, then kept epochs), thinned to
//               KEPT_PATH_BYTES
//   kept.json   what reading it back needs (written last: a folder without it is incomplete)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type * as tf from '../layers/tf';
import { Graph } from '../contract/graph';
import { formatZodIssues } from '../contract/project';
import { checkTraining } from '../contract/validate';
import type { TrainingConfig } from '../contract/training';
import { compileGraph, type CompiledGraph } from '../trainer/compile';
import { storedPath, type TrajectoryPath, type WeightPoint } from '../trainer/trajectory';
import { ExportError, describeFsError, writeFileAtomic } from './atomic';
import { copyExportedWeights } from './load-weights';
import { exportModel } from './tfjs-layers';

/** Bytes of path snapshots kept on disk per run by default (the initial and the last point always; evenly thinned between). */
export const KEPT_PATH_BYTES = 8 * 1024 * 1024;

const KeptFile = z.strictObject({
  version: z.literal(1),
  runId: z.string().min(1).max(200),
  inputDim: z.number().int().min(1),
  classes: z.number().int().min(2).nullable(),
  seed: z.number().int(),
  modelEpoch: z.number().int().min(0).nullable(),
  /** the epoch of each point in path.bin (0: the initial weights) */
  epochs: z.array(z.number().int().min(0)).min(1),
  /** model.json's metadata ({gradscope: {label, graph, training, test, …}}), what a later export writes again */
  metadata: z.record(z.string(), z.unknown()),
});

export interface KeptModel {
  c: CompiledGraph;
  metadata: Record<string, unknown>;
  graph: Graph;
  training: TrainingConfig;
  trajectory: TrajectoryPath;
  modelEpoch: number | null;
}

/** The points to keep: all when they fit in `budget` bytes, else the initial, the last and evenly spaced ones between. */
export function thinPath(points: WeightPoint[], budget = KEPT_PATH_BYTES): WeightPoint[] {
  const bytes = points[0]?.weights.reduce((a, w) => a + w.byteLength, 0) ?? 0;
  const fit = Math.max(2, Math.floor(budget / Math.max(1, bytes)));
  if (points.length <= fit) return points;
  const picked = new Set<number>();
  for (let i = 0; i < fit; i++) picked.add(Math.round((i * (points.length - 1)) / (fit - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => points[i]!);
}

/** Write run `runId`'s model (its tested weights), metadata and path into `dir` (replacing an earlier keep there). */
export async function writeKeptModel(
  dir: string,
  run: { runId: string; c: CompiledGraph; metadata: Record<string, unknown>; path: WeightPoint[]; modelEpoch: number | null; pathBytes?: number },
): Promise<void> {
  await exportModel(run.c.model as tf.LayersModel, path.join(dir, 'model'), run.metadata);
  const points = thinPath(run.path, run.pathBytes ?? KEPT_PATH_BYTES);
  const floats = points.reduce((a, p) => a + p.weights.reduce((b, w) => b + w.length, 0), 0);
  const bin = new Float32Array(floats);
  let at = 0;
  for (const p of points)
    for (const w of p.weights) {
      bin.set(w, at);
      at += w.length;
    }
  const kept: z.infer<typeof KeptFile> = {
    version: 1,
    runId: run.runId,
    inputDim: run.c.inputDim,
    classes: run.c.classes,
    seed: run.c.seed,
    modelEpoch: run.modelEpoch,
    epochs: points.map((p) => p.epoch),
    metadata: run.metadata,
  };
  await writeFileAtomic(path.join(dir, 'path.bin'), new Uint8Array(bin.buffer));
  await writeFileAtomic(path.join(dir, 'kept.json'), JSON.stringify(kept));
}

async function read(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new ExportError(`${file}: ${describeFsError(e)}`, { file });
  }
}

/** Read a kept run back: its graph compiled afresh with the kept weights, and its path. Throws ExportError naming the file. */
export async function readKeptModel(dir: string): Promise<KeptModel> {
  const keptFile = path.join(dir, 'kept.json');
  let raw: unknown;
  try {
    raw = JSON.parse((await read(keptFile)).toString('utf8'));
  } catch (e) {
    if (e instanceof ExportError) throw e;
    throw new ExportError(`${keptFile}: not valid JSON`, { file: keptFile });
  }
  const k = KeptFile.safeParse(raw);
  if (!k.success) throw new ExportError(`${keptFile}: ${formatZodIssues(k.error.issues)}`, { file: keptFile });
  const meta = (k.data.metadata.gradscope ?? {}) as { graph?: unknown; training?: unknown };
  const graph = Graph.safeParse(meta.graph);
  if (!graph.success) throw new ExportError(`${keptFile}: the graph in its metadata is not valid: ${formatZodIssues(graph.error.issues)}`, { file: keptFile });
  const training = checkTraining(meta.training, { allowNoEpochs: true });
  if (!training.ok) throw new ExportError(`${keptFile}: the training setup in its metadata is not valid`, { file: keptFile });

  const binFile = path.join(dir, 'path.bin');
  const buf = await read(binFile);
  const c = compileGraph(graph.data, { inputDim: k.data.inputDim, classes: k.data.classes }, { seed: k.data.seed });
  try {
    await copyExportedWeights(c, path.join(dir, 'model'));
    const sizes = c.variables.map((v) => v.size);
    const per = sizes.reduce((a, b) => a + b, 0);
    if (buf.byteLength !== per * 4 * k.data.epochs.length)
      throw new ExportError(`${binFile}: ${buf.byteLength} bytes, the model's ${k.data.epochs.length} kept points need ${per * 4 * k.data.epochs.length}`, {
        file: binFile,
      });
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    let at = 0;
    const points = k.data.epochs.map((epoch) => ({
      epoch,
      weights: sizes.map((n) => {
        const w = all.slice(at, at + n);
        at += n;
        return w;
      }),
    }));
    return { c, metadata: k.data.metadata, graph: graph.data, training: training.config, trajectory: storedPath(points), modelEpoch: k.data.modelEpoch };
  } catch (e) {
    c.dispose();
    throw e;
  }
}
