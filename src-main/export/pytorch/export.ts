// Write a runnable PyTorch project for a graph and its training setup: model.py, train.py, README.md,
// data/ (Gradscope's exact split) and weights/ (the starting weights). The folder is written next to the
// target and swapped in, so a failed export leaves nothing half-written.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Graph } from '../../contract/graph';
import type { TrainingConfig } from '../../contract/training';
import { ExportError, describeFsError, writeDirAtomic, writeDurable } from '../atomic';
import { exportData } from './data';
import { modelCode, ModelCodeError, type TorchLayer } from './model-py';
import { npyBytes } from './npy';
import { readme } from './readme';
import { trainPy } from './train-py';
import { layerWeightsFromTfjs, readTfjsWeights, stateDictArrays, type LayerWeights } from './weights';

/** The PyTorch versions the exported code is tested with (tests/unit/export/pytorch*). */
export const CHECKED_WITH = ['PyTorch 1.13 (Debian python3-torch) with NumPy 1.24'];

/** The files an export writes; a folder holding only these may be replaced by a new export. */
const OWN_ENTRIES = new Set(['model.py', 'train.py', 'README.md', 'data', 'weights', '__pycache__']);

export type StartingWeights =
  /** a TF.js layers-model folder exported by Gradscope (`gradscope train --out`, the app's Export model) */
  | { kind: 'tfjs-dir'; dir: string; description?: string }
  /** weights computed by the caller once the dataset's shape is known (e.g. a freshly compiled graph) */
  | { kind: 'computed'; description: string; compute: (io: { inputDim: number; classes: number | null }, layers: TorchLayer[]) => Promise<LayerWeights[]> };

export interface PytorchExport {
  title: string;
  /** file-name-like label, e.g. the preset name */
  label: string;
  graph: Graph;
  training: TrainingConfig;
  weights: StartingWeights;
  out: string;
}

export interface PytorchExportResult {
  dir: string;
  files: string[];
  samples: { train: number; val: number; test: number };
}

export async function exportPytorch(req: PytorchExport): Promise<PytorchExportResult> {
  const data = await exportData(req.training);
  const ds = data.dataset;
  const io = { inputDim: ds.inputDim, classes: ds.classes };
  let model;
  try {
    model = modelCode(req.graph, io, req.title);
  } catch (e) {
    if (e instanceof ModelCodeError) throw new ExportError(e.message);
    throw e;
  }
  let weights: LayerWeights[];
  let description: string;
  if (req.weights.kind === 'tfjs-dir') {
    weights = layerWeightsFromTfjs(model.layers, await readTfjsWeights(req.weights.dir), req.weights.dir);
    description = req.weights.description ?? `Gradscope's exported model ${path.resolve(req.weights.dir)}`;
  } else {
    weights = await req.weights.compute(io, model.layers);
    description = req.weights.description;
  }
  const state = stateDictArrays(model.layers, weights);
  const originals = data.setup.originals as { kind: 'idx' | 'csv' } | null;
  const texts: Array<[string, string]> = [
    ['model.py', model.source],
    [
      'train.py',
      trainPy({
        title: req.title,
        label: req.label,
        training: req.training,
        layers: model.layers,
        head: model.head,
        inputDim: ds.inputDim,
        classes: ds.classes,
        data: data.setup,
        weights: description,
      }),
    ],
    [
      'README.md',
      readme({
        title: req.title,
        label: req.label,
        training: req.training,
        samples: { train: ds.train.n, val: ds.val.n, test: ds.test.n },
        dataDescription: ds.description,
        weights: description,
        originals: originals?.kind ?? null,
        checkedWith: CHECKED_WITH,
      }),
    ],
  ];
  const files: string[] = [];
  const dir = path.resolve(req.out);
  try {
    await writeDirAtomic(
      dir,
      async (tmp) => {
        await mkdir(path.join(tmp, 'data'));
        await mkdir(path.join(tmp, 'weights'));
        for (const [name, text] of texts) {
          await writeDurable(path.join(tmp, name), text);
          files.push(name);
        }
        for (const [name, arr] of data.files) {
          await writeDurable(path.join(tmp, 'data', name), npyBytes(arr));
          files.push(`data/${name}`);
        }
        for (const [key, arr] of state) {
          await writeDurable(path.join(tmp, 'weights', `${key}.npy`), npyBytes(arr));
          files.push(`weights/${key}.npy`);
        }
      },
      (entries) => entries.every((e) => OWN_ENTRIES.has(e)),
    );
  } catch (e) {
    if (e instanceof ExportError) {
      if (/holds other files/.test(e.message))
        throw new ExportError(`${dir}: the folder holds files that are not part of an export (runs, logs, …); pick an empty folder`);
      throw e;
    }
    throw new ExportError(`${dir}: cannot write the PyTorch project: ${describeFsError(e)}`);
  }
  return { dir, files, samples: { train: ds.train.n, val: ds.val.n, test: ds.test.n } };
}
