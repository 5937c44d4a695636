// Export a tf.LayersModel as TensorFlow.js layers format (model.json + weights.bin) with node:fs, through
// our own IOHandlers (any backend; tfjs-node's file:// is not available here), and load it back.
// Importing this module registers the Maxout layer so exported Maxout models load.
import * as tf from '../layers/tf';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import '../layers/maxout';
import { ExportError, describeFsError, writeDirAtomic, writeDurable } from './atomic';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

function saveHandler(dir: string, metadata: Record<string, unknown> | undefined): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new ExportError('binary model topologies are not supported');
      const weights = artifacts.weightData ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)) : new Uint8Array(0);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: 'Gradscope',
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        ...(metadata || artifacts.userDefinedMetadata
          ? { userDefinedMetadata: { ...artifacts.userDefinedMetadata, ...metadata } as NonNullable<tf.io.ModelJSON['userDefinedMetadata']> }
          : {}),
      };
      await writeDurable(path.join(dir, WEIGHTS_BIN), weights);
      await writeDurable(path.join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(modelJson) };
    },
  };
}

/**
 * Write model.json + weights.bin into `dir` atomically: a temp folder next to it, then a rename. An existing
 * `dir` is replaced only if it is empty or an earlier export (holds model.json).
 */
export async function exportModel(model: tf.LayersModel, dir: string, metadata?: Record<string, unknown>): Promise<void> {
  try {
    await writeDirAtomic(
      dir,
      async (tmp) => {
        await model.save(saveHandler(tmp, metadata));
      },
      (entries) => entries.includes(MODEL_JSON),
    );
  } catch (e) {
    if (e instanceof ExportError) throw e;
    throw new ExportError(`${path.resolve(dir)}: cannot export the model: ${describeFsError(e)}`);
  }
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** Bytes the weight specs describe; null when they use quantization or a dtype of unknown size. */
function expectedBytes(specs: tf.io.WeightsManifestEntry[]): number | null {
  let total = 0;
  for (const s of specs) {
    const size = BYTES[s.dtype];
    if (s.quantization || size === undefined) return null;
    total += s.shape.reduce((a, b) => a * b, 1) * size;
  }
  return total;
}

function loadHandler(dir: string): tf.io.IOHandler {
  const jsonFile = path.join(dir, MODEL_JSON);
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      let text: string;
      try {
        text = await readFile(jsonFile, 'utf8');
      } catch (e) {
        throw new ExportError(`${jsonFile}: ${describeFsError(e)} (an exported model folder holds ${MODEL_JSON} and ${WEIGHTS_BIN})`);
      }
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(text) as tf.io.ModelJSON;
      } catch (e) {
        throw new ExportError(`${jsonFile}: not valid JSON (${(e as Error).message})`);
      }
      if (typeof json !== 'object' || json === null || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest))
        throw new ExportError(`${jsonFile}: not a TensorFlow.js layers model (needs "modelTopology" and "weightsManifest")`);
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            if (path.basename(p) !== p) throw new ExportError(`${jsonFile}: weights path "${p}" must be a file name in the same folder`);
            const file = path.join(dir, p);
            let buf: Buffer;
            try {
              buf = await readFile(file);
            } catch (e) {
              throw new ExportError(`${file}: ${describeFsError(e)}`);
            }
            buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
          }
          specs.push(...group.weights);
        }
        const data = tf.io.CompositeArrayBuffer.join(buffers);
        const expected = expectedBytes(specs);
        if (expected !== null && data.byteLength !== expected)
          throw new ExportError(
            `${path.join(dir, manifest[0]?.paths[0] ?? WEIGHTS_BIN)}: ${data.byteLength} bytes of weights, ${MODEL_JSON} describes ${expected}`,
          );
        return [specs, data];
      });
    },
  };
}

/** Load a model exported by exportModel (or any layers-model folder whose weights are float32). */
export async function loadExportedModel(dir: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(loadHandler(dir));
  } catch (e) {
    if (e instanceof ExportError) throw e;
    throw new ExportError(`${path.join(dir, MODEL_JSON)}: cannot load the model: ${(e as Error).message}`);
  }
}
