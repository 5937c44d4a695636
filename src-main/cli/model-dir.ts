// Reading an exported model folder for the commands that take --model DIR: its model.json's Gradscope
// metadata, and its weights copied into a compiled graph. Every problem is a UsageError naming the file.
import path from 'node:path';
import type * as tf from '../layers/tf';
import { ExportError } from '../export/atomic';
import { MAX_PROJECT_BYTES, readCheckedText } from '../data/safe-read';
import { MODEL_JSON, loadExportedModel } from '../export/tfjs-layers';
import { findJsonError } from '../contract/json-error';
import type { CompiledGraph } from '../trainer/compile';
import { UsageError } from './usage-error';

/** model.json's userDefinedMetadata (undefined when it has none); the file must be readable JSON. */
export async function readModelMetadata(dir: string): Promise<unknown> {
  const file = path.join(dir, MODEL_JSON);
  // an unreadable file is a GradscopeError of kind 'file' (the CLI reports it in one line, exit 2)
  const text = await readCheckedText(file, MAX_PROJECT_BYTES, 'model.json');
  let json: { userDefinedMetadata?: unknown } | null;
  try {
    json = JSON.parse(text) as { userDefinedMetadata?: unknown } | null;
  } catch {
    const at = findJsonError(text)!;
    throw new UsageError(`${file}: not valid JSON at line ${at.line}, column ${at.column}: ${at.problem}`, { file, line: at.line, column: at.column });
  }
  return typeof json === 'object' && json !== null ? json.userDefinedMetadata : undefined;
}

/** Copy an exported model's weights into the compiled graph, layer by layer (matched by name). */
export async function loadWeights(c: CompiledGraph, dir: string): Promise<void> {
  let loaded: tf.LayersModel;
  try {
    loaded = await loadExportedModel(dir);
  } catch (e) {
    if (e instanceof ExportError) throw new UsageError(e.message);
    throw e;
  }
  try {
    for (const layer of c.model.layers) {
      const own = layer.getWeights();
      if (own.length === 0) continue;
      let other: tf.layers.Layer;
      try {
        other = loaded.getLayer(layer.name);
      } catch {
        throw new UsageError(`${dir}: the exported model has no layer "${layer.name}"; it was exported from a different graph`);
      }
      const theirs = other.getWeights();
      const mismatch = theirs.length !== own.length || theirs.some((w, i) => w.shape.join('×') !== own[i]!.shape.join('×'));
      if (mismatch)
        throw new UsageError(
          `${dir}: layer "${layer.name}" has weights ${theirs.map((w) => `[${w.shape.join('×')}]`).join(' ')}, the graph needs ${own.map((w) => `[${w.shape.join('×')}]`).join(' ')}`,
        );
      layer.setWeights(theirs);
    }
  } finally {
    loaded.dispose();
  }
}
