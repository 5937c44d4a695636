// Copy an exported model folder's weights into a compiled graph, layer by layer (matched by name): how the
// CLI's lesson commands and the trainer's kept sweep models get trained weights into a freshly built graph.
import type * as tf from '../layers/tf';
import type { CompiledGraph } from '../trainer/compile';
import { ExportError } from './atomic';
import { loadExportedModel } from './tfjs-layers';

/** Throws an ExportError naming the folder and the layer when the export does not fit the graph. */
export async function copyExportedWeights(c: CompiledGraph, dir: string): Promise<void> {
  const loaded = await loadExportedModel(dir);
  try {
    for (const layer of c.model.layers) {
      const own = layer.getWeights();
      if (own.length === 0) continue;
      let other: tf.layers.Layer;
      try {
        other = loaded.getLayer(layer.name);
      } catch {
        throw new ExportError(`${dir}: the exported model has no layer "${layer.name}"; it was exported from a different graph`);
      }
      const theirs = other.getWeights();
      const mismatch = theirs.length !== own.length || theirs.some((w, i) => w.shape.join('×') !== own[i]!.shape.join('×'));
      if (mismatch)
        throw new ExportError(
          `${dir}: layer "${layer.name}" has weights ${theirs.map((w) => `[${w.shape.join('×')}]`).join(' ')}, the graph needs ${own.map((w) => `[${w.shape.join('×')}]`).join(' ')}`,
        );
      layer.setWeights(theirs);
    }
  } finally {
    loaded.dispose();
  }
}
