// How much memory training a graph takes, estimated before anything is allocated, so a model the
// backend cannot hold (wasm's heap is at most 4 GiB) is refused with the numbers instead of crashing
// the trainer. Pure; the trainer checks again with the dataset's real shape.
import type { Graph } from './graph';
import type { OptimizerKind, TrainingConfig } from './training';
import { checkGraph, type GraphIO } from './validate';
import { formatMiB } from './number-format';

const MiB = 1024 * 1024;
/** The default budget: well under wasm's 4 GiB heap, which also holds the dataset and temporaries. */
export const DEFAULT_MEMORY_BUDGET_BYTES = 1536 * MiB;
/** The evaluation pass runs over chunks of this many samples (trainer/evaluate.ts). */
const EVAL_CHUNK = 1024;
/** Copies of each activation a training step keeps: value, pre-activation, dropout mask, two gradients, probes. */
const ACTIVATION_COPIES = 6;
/** Evaluation keeps no gradients: the value and one temporary. */
const EVAL_COPIES = 2;

/** Per-parameter optimizer state, in copies of the weights (tfjs's optimizers). */
export const OPTIMIZER_SLOTS: Record<OptimizerKind, number> = { sgd: 0, momentum: 1, nesterov: 1, adagrad: 1, rmsprop: 2, adam: 2 };

export interface MemoryEstimate {
  parameters: number;
  /** weights, gradients, optimizer state, update temporaries and the best-epoch snapshot */
  parameterBytes: number;
  /** activations of one batch, kept for the backward pass */
  activationBytes: number;
  totalBytes: number;
}

/** null when the graph does not check (its problems are reported elsewhere). */
export function estimateMemory(graph: Graph, io: GraphIO, training: Pick<TrainingConfig, 'batchSize' | 'optimizer' | 'earlyStopping'>): MemoryEstimate | null {
  const check = checkGraph(graph, io);
  if (!check.graph || check.order.length === 0) return null;
  const g = check.graph;
  const widthIn = (id: string): number => {
    const e = g.edges.find((x) => x.target === id);
    return e ? (check.widths[e.source] ?? 0) : 0;
  };
  let parameters = 0;
  let activations = 0;
  for (const n of g.nodes) {
    const out = check.widths[n.id] ?? 0;
    switch (n.type) {
      case 'dense':
        parameters += widthIn(n.id) * n.units + (n.useBias ? n.units : 0) + (n.activation === 'prelu' ? n.units : 0);
        activations += n.units;
        break;
      case 'maxout':
        parameters += widthIn(n.id) * n.units * n.pieces + (n.useBias ? n.units * n.pieces : 0);
        activations += n.units * n.pieces + n.units;
        break;
      case 'output':
        parameters += widthIn(n.id) * out + out;
        activations += out;
        break;
      case 'input':
      case 'add':
      case 'concat':
        activations += out;
        break;
    }
  }
  const copies = 2 + OPTIMIZER_SLOTS[training.optimizer.kind] + 2 + (training.earlyStopping.enabled ? 1 : 0);
  const parameterBytes = parameters * 4 * copies;
  const activationBytes = activations * 4 * Math.max(training.batchSize * ACTIVATION_COPIES, EVAL_CHUNK * EVAL_COPIES);
  return { parameters, parameterBytes, activationBytes, totalBytes: parameterBytes + activationBytes };
}

/** The refusal for an estimate over `budget`, with the numbers; null when it fits. */
export function memoryProblem(e: MemoryEstimate, budget: number, batchSize: number): string | null {
  if (e.totalBytes <= budget) return null;
  return (
    `the model needs about ${formatMiB(e.totalBytes)} to train (${(e.parameters / 1e6).toFixed(1)} million parameters: ${formatMiB(e.parameterBytes)} ` +
    `with gradients and optimizer state; activations for batch ${batchSize}: ${formatMiB(e.activationBytes)}), over the budget of ${formatMiB(budget)}. ` +
    'Use fewer or narrower layers or a smaller batch (the budget is set with GRADSCOPE_MEMORY_BUDGET_MB or --memory-budget-mb)'
  );
}

/** The budget in bytes from GRADSCOPE_MEMORY_BUDGET_MB, else the default. */
export function memoryBudget(env: Record<string, string | undefined>): number {
  const raw = env.GRADSCOPE_MEMORY_BUDGET_MB;
  const mb = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(mb) && mb > 0 ? mb * MiB : DEFAULT_MEMORY_BUDGET_BYTES;
}
