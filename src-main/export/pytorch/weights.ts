// Gradscope's weights → the exported model's state_dict, as .npy arrays. Two sources: a compiled graph's
// variables (handed in as plain arrays) or a TensorFlow.js layers-model folder (model.json + weights.bin),
// read here without TensorFlow.js. Kernels are stored [in, out] by TF.js and [out, in] by nn.Linear.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ExportError, describeFsError } from '../atomic';
import type { NpyArray } from './npy';
import type { TorchLayer } from './model-py';

export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** One kernel layer's Gradscope weights, in TF.js layout. */
export interface LayerWeights {
  kernel: Tensor;
  bias: Tensor | null;
  alpha: Tensor | null;
}

/** The TF.js layer name Gradscope gives a node (trainer/compile.ts layerNameFor, first use). */
export function tfjsLayerName(id: string): string {
  let base = id.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!/^[A-Za-z0-9]/.test(base)) base = `n${base}`;
  return base;
}

function transpose(t: Tensor): Tensor {
  const [rows, cols] = t.shape as [number, number];
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = t.data[i * cols + j]!;
  return { shape: [cols, rows], data: out };
}

/** state_dict key → array, checked against the layer's expected shapes. */
export function stateDictArrays(layers: TorchLayer[], weights: LayerWeights[]): Map<string, NpyArray> {
  const out = new Map<string, NpyArray>();
  layers.forEach((l, i) => {
    const w = weights[i];
    const where = `layer "${l.info.name}" (node ${l.info.node})`;
    if (!w) throw new ExportError(`${where}: no weights were given for it`);
    if (w.kernel.shape.length !== 2 || w.kernel.shape[0] !== l.inputs || w.kernel.shape[1] !== l.outputs)
      throw new ExportError(`${where}: kernel of shape [${w.kernel.shape.join('×')}], the graph needs [${l.inputs}×${l.outputs}]`);
    const k = transpose(w.kernel);
    out.set(l.keys.kernel, { dtype: 'float32', shape: k.shape, data: k.data });
    if (l.keys.bias) {
      if (!w.bias || w.bias.data.length !== l.outputs) throw new ExportError(`${where}: the bias is missing or has the wrong length`);
      out.set(l.keys.bias, { dtype: 'float32', shape: [w.bias.data.length], data: w.bias.data });
    }
    if (l.keys.alpha) {
      if (!w.alpha || w.alpha.data.length !== l.info.units) throw new ExportError(`${where}: PReLU's α is missing or has the wrong length`);
      out.set(l.keys.alpha, { dtype: 'float32', shape: [l.info.units], data: w.alpha.data });
    }
  });
  return out;
}

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

/** Read a TF.js layers-model folder's float32 weights by name (e.g. "h1/kernel"). */
export async function readTfjsWeights(dir: string): Promise<Map<string, Tensor>> {
  const jsonFile = path.join(dir, 'model.json');
  let json: { weightsManifest?: Array<{ paths: string[]; weights: ManifestEntry[] }> };
  try {
    json = JSON.parse(await readFile(jsonFile, 'utf8'));
  } catch (e) {
    throw new ExportError(
      e instanceof SyntaxError
        ? `${jsonFile}: not valid JSON (${e.message})`
        : `${jsonFile}: ${describeFsError(e)} (an exported model folder holds model.json and weights.bin)`,
    );
  }
  if (!Array.isArray(json.weightsManifest)) throw new ExportError(`${jsonFile}: not a TensorFlow.js layers model (no "weightsManifest")`);
  const out = new Map<string, Tensor>();
  for (const group of json.weightsManifest) {
    const chunks: Buffer[] = [];
    for (const p of group.paths) {
      if (path.basename(p) !== p) throw new ExportError(`${jsonFile}: weights path "${p}" must be a file name in the same folder`);
      try {
        chunks.push(await readFile(path.join(dir, p)));
      } catch (e) {
        throw new ExportError(`${path.join(dir, p)}: ${describeFsError(e)}`);
      }
    }
    const buf = Buffer.concat(chunks);
    let offset = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32' || w.quantization)
        throw new ExportError(`${jsonFile}: weight "${w.name}" is ${w.dtype}${w.quantization ? ', quantized' : ''}; only float32 weights can be exported`);
      const count = w.shape.reduce((a, b) => a * b, 1);
      if (offset + count * 4 > buf.length)
        throw new ExportError(`${path.join(dir, group.paths[0] ?? 'weights.bin')}: ${buf.length} bytes of weights, model.json describes more`);
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = buf.readFloatLE(offset + i * 4);
      offset += count * 4;
      out.set(w.name, { shape: w.shape, data });
    }
  }
  return out;
}

/** The weights of each kernel layer from a TF.js folder exported by Gradscope (layers named after node ids). */
export function layerWeightsFromTfjs(layers: TorchLayer[], named: Map<string, Tensor>, dir: string): LayerWeights[] {
  return layers.map((l) => {
    const base = tfjsLayerName(l.info.node);
    const get = (suffix: string) => named.get(`${base}/${suffix}`) ?? null;
    const kernel = get('kernel');
    if (!kernel) throw new ExportError(`${dir}: the exported model has no layer "${base}" (node ${l.info.node}); it was exported from a different graph`);
    return { kernel, bias: l.keys.bias ? get('bias') : null, alpha: l.keys.alpha ? (named.get(`${base}__act/alpha`) ?? null) : null };
  });
}
