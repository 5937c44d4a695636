// An exported model folder as the CLI reads it: model.json's Gradscope metadata (the data contract, the
// graph and training setup it was trained with) and its weights copied into a compiled graph.
import path from 'node:path';
import { findJsonError } from '../contract/json-error';
import { Graph } from '../contract/graph';
import { formatZodIssues } from '../contract/project';
import { checkTraining } from '../contract/validate';
import type { TrainingConfig } from '../contract/training';
import { MAX_PROJECT_BYTES, readCheckedText } from '../data/safe-read';
import { ExportError } from '../export/atomic';
import { MODEL_JSON } from '../export/tfjs-layers';
import { copyExportedWeights } from '../export/load-weights';
import type { CompiledGraph } from '../trainer/compile';
import { UsageError } from './usage-error';

/** model.json's userDefinedMetadata (undefined when it has none). */
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

/** The graph and training setup an exported model was trained with (userDefinedMetadata.gradscope). */
export async function readTrainedSetup(dir: string): Promise<{ label: string; graph: Graph; training: TrainingConfig }> {
  const file = path.join(dir, MODEL_JSON);
  const g = ((await readModelMetadata(dir)) as { gradscope?: { label?: unknown; graph?: unknown; training?: unknown } } | undefined)?.gradscope;
  if (!g || g.graph === undefined || g.training === undefined)
    throw new UsageError(`${file}: has no graph and training setup (userDefinedMetadata.gradscope); export it again with this version of Gradscope`);
  const graph = Graph.safeParse(g.graph);
  if (!graph.success) throw new UsageError(`${file}: the graph in its metadata is not valid: ${formatZodIssues(graph.error.issues)}`);
  const training = checkTraining(g.training, { allowNoEpochs: true });
  if (!training.ok) throw new UsageError(`${file}: the training setup in its metadata is not valid: ${training.problems.map((p) => p.message).join('; ')}`);
  return { label: typeof g.label === 'string' ? g.label : path.basename(dir), graph: graph.data, training: training.config };
}

/** Copy an exported model's weights into the compiled graph, layer by layer (matched by name). */
export async function loadWeightsInto(c: CompiledGraph, dir: string): Promise<void> {
  try {
    await copyExportedWeights(c, dir);
  } catch (e) {
    if (e instanceof ExportError) throw new UsageError(e.message);
    throw e;
  }
}
