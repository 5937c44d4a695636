// Builds RunRecords for the analysis tests: a chain input → hidden layers → softmax/linear head,
// epochs with the given curves, and per-step gradients from a per-layer magnitude function.
import type { Activation, Graph } from '../../../src-main/contract/graph';
import type { RunRecord } from '../../../src-main/contract/project';
import type { Optimizer } from '../../../src-main/contract/training';
import type { EpochRecord, LayerInfo } from '../../../src-main/contract/events';

export interface EpochSpec {
  trainLoss: number;
  trainAcc?: number | null;
  valLoss?: number | null;
  valAcc?: number | null;
}

export interface RunSpec {
  hidden: { activation: string; units?: number; dropout?: number; l2?: number }[];
  classes?: number | null;
  epochs: EpochSpec[];
  stepsPerEpoch?: number;
  /** gradient mean |g| of layer i (0 = first hidden … last = output) at step s (1-based) */
  grad?: (layer: number, step: number) => number;
  /** per-step loss; default: the epoch's train loss */
  stepLoss?: (step: number, epoch: number) => number;
  optimizer?: Optimizer;
  learningRate?: number;
  earlyStopping?: boolean;
  finished?: boolean;
  reason?: RunRecord['reason'];
  earlyStopEpoch?: number | null;
  bestEpoch?: number | null;
  test?: RunRecord['test'];
}

export function makeRun(spec: RunSpec): RunRecord {
  const classes = spec.classes === undefined ? 10 : spec.classes;
  const isClass = classes !== null;
  const hidden = spec.hidden.map((h, i) => ({
    id: `h${i + 1}`,
    type: 'dense' as const,
    units: h.units ?? 16,
    activation: h.activation as Activation,
    useBias: true,
    ...(h.dropout !== undefined ? { dropout: h.dropout } : {}),
    ...(h.l2 !== undefined ? { l2: h.l2 } : {}),
  }));
  const nodes: Graph['nodes'] = [{ id: 'in', type: 'input' }, ...hidden, { id: 'out', type: 'output', head: isClass ? 'softmax' : 'linear', useBias: true }];
  const chain = nodes.map((n) => n.id);
  const graph: Graph = {
    version: 1,
    nodes,
    edges: chain.slice(1).map((t, i) => ({ id: `e${i}`, source: chain[i]!, target: t })),
  };
  const layers: LayerInfo[] = [
    ...hidden.map((h) => ({
      node: h.id,
      name: h.id,
      kind: 'dense' as const,
      units: h.units,
      activation: h.activation,
      hidden: true,
      hasBias: true,
      hasAlpha: h.activation === 'prelu',
    })),
    {
      node: 'out',
      name: 'out',
      kind: 'output' as const,
      units: isClass ? classes : 1,
      activation: isClass ? 'softmax' : 'linear',
      hidden: false,
      hasBias: true,
      hasAlpha: false,
    },
  ];
  const spe = spec.stepsPerEpoch ?? 10;
  const grad = spec.grad ?? (() => 0.01);
  const steps: RunRecord['steps'] = {
    step: [],
    loss: [],
    acc: [],
    layers: layers.map(() => ({ kernelNorm: [], kernelMeanAbs: [], biasNorm: [], biasMeanAbs: [], neuronMeanAbs: [] })),
  };
  const epochs: EpochRecord[] = spec.epochs.map((e, i) => ({
    epoch: i + 1,
    trainLoss: e.trainLoss,
    trainAcc: isClass ? (e.trainAcc ?? null) : null,
    valLoss: e.valLoss ?? null,
    valAcc: isClass ? (e.valAcc ?? null) : null,
    weights: [],
    seconds: 1,
  }));
  let s = 0;
  spec.epochs.forEach((e, ei) => {
    for (let k = 0; k < spe; k++) {
      s++;
      steps.step.push(s);
      steps.loss.push(spec.stepLoss ? spec.stepLoss(s, ei + 1) : e.trainLoss);
      steps.acc.push(isClass ? (e.trainAcc ?? null) : null);
      layers.forEach((info, li) => {
        const g = grad(li, s);
        const col = steps.layers[li]!;
        col.kernelMeanAbs.push(g);
        col.kernelNorm.push(g * Math.sqrt(info.units * 16));
        col.biasNorm.push(g * Math.sqrt(info.units));
        col.biasMeanAbs.push(g);
        col.neuronMeanAbs!.push(Array.from({ length: info.units }, (_, j) => g * (1 + j / info.units)));
      });
    }
  });
  const finished = spec.finished ?? true;
  return {
    id: 'run-1',
    label: 'test run',
    startedAt: '2024-01-01T00:00:00.000Z',
    finishedAt: finished ? '2024-01-01T00:01:00.000Z' : null,
    graph,
    training: {
      dataset: { kind: 'mnist', limit: 1000 },
      optimizer: spec.optimizer ?? { kind: 'sgd' },
      learningRate: spec.learningRate ?? 0.1,
      batchSize: 32,
      epochs: spec.epochs.length,
      validationSplit: 0.1,
      testSplit: 0.2,
      earlyStopping: { enabled: spec.earlyStopping ?? false, monitor: 'val_loss', patience: 3, restoreBest: true },
      seed: 1,
    },
    backend: 'test',
    layers,
    epochs,
    steps,
    reason: spec.reason ?? (finished ? 'completed' : null),
    message: null,
    bestEpoch: spec.bestEpoch ?? null,
    earlyStopEpoch: spec.earlyStopEpoch ?? null,
    test: spec.test ?? null,
    exportPath: null,
  };
}

/** n epochs whose values follow f(epoch). */
export function epochsOf(n: number, f: (e: number) => EpochSpec): EpochSpec[] {
  return Array.from({ length: n }, (_, i) => f(i + 1));
}
