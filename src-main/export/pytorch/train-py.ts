// train.py = this project's SETUP (the optimizer, schedule, penalties, layers, data) as a Python literal,
// followed by the training program shared by every export (resources/pytorch/train_body.py).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TrainingConfig } from '../../contract/training';
import { presetsDir } from '../presets';
import type { TorchLayer } from './model-py';
import { pyLiteral, type PyValue } from './py-literal';

let bodyCache: string | null = null;

/** The shared part of train.py, read from resources/pytorch next to the presets. */
export function trainBody(): string {
  bodyCache ??= readFileSync(path.join(path.dirname(presetsDir()), 'pytorch', 'train_body.py'), 'utf8');
  return bodyCache;
}

export interface TrainSetup {
  title: string;
  label: string;
  training: TrainingConfig;
  layers: TorchLayer[];
  head: 'softmax' | 'linear';
  inputDim: number;
  classes: number | null;
  data: { [key: string]: PyValue };
  /** where the starting weights came from, e.g. "Gradscope initial weights (seed 1)" */
  weights: string;
}

function optimizerComment(t: TrainingConfig): string {
  const o = t.optimizer;
  switch (o.kind) {
    case 'sgd':
      return 'plain SGD: w -= lr·g (torch.optim.SGD, the same rule)';
    case 'momentum':
      return `momentum λ=${o.momentum}: v = λ·v + g, w -= lr·v (torch.optim.SGD with momentum, the same rule)`;
    case 'nesterov':
      return `Nesterov momentum λ=${o.momentum}: v = λ·v + g, w -= lr·(g + λ·v) (torch.optim.SGD nesterov=True, the same rule)`;
    case 'adagrad':
      return "Adagrad as TF.js computes it: accumulator from 0.1, w -= lr·g/sqrt(a + 1e-7) (TFAdagrad below; torch's own differs)";
    case 'rmsprop':
      return `RMSProp ρ=${o.decay} as TF.js computes it: w -= lr·g/sqrt(ms + 1e-7) (TFRMSprop below; torch's own puts ε outside the root)`;
    case 'adam':
      return `Adam β1=${o.beta1} β2=${o.beta2}, ε=1e-7 (TF.js's; torch's default is 1e-8)`;
  }
}

export function trainPy(s: TrainSetup): string {
  const t = s.training;
  const setup: { [key: string]: PyValue } = {
    title: s.title,
    label: s.label,
    optimizer: t.optimizer,
    learning_rate: t.learningRate,
    batch_size: t.batchSize,
    epochs: t.epochs,
    seed: t.seed,
    early_stopping: t.earlyStopping,
    head: s.head,
    input_dim: s.inputDim,
    classes: s.classes,
    weights: s.weights,
    layers: s.layers.map((l) => ({ attr: l.attr, ...l.info, l1: l.l1, l2: l.l2, init: l.init })),
    data: s.data,
    config: t,
  };
  const penalties = s.layers.filter((l) => l.l1 > 0 || l.l2 > 0);
  return `#!/usr/bin/env python3
"""Train "${s.title.replace(/"/g, "'").replace(/\\/g, '/')}", exported from Gradscope.

  python train.py                               one process (CPU, or the GPU when there is one)
  torchrun --nproc_per_node=N train.py          N processes, DistributedDataParallel (gloo on CPU, NCCL on GPU)
  python train.py --probe --batch first:128     loss and per-layer gradient norms on one batch, as gradscope probe --json

Optimizer: ${optimizerComment(t)}.
Learning rate ${t.learningRate}, batch ${t.batchSize} per process, ${t.epochs} epochs, seed ${t.seed}.
Penalties: ${penalties.length === 0 ? 'none' : penalties.map((l) => `${l.attr} ${l.l1 > 0 ? `L1 λ=${l.l1} ` : ''}${l.l2 > 0 ? `L2 λ=${l.l2}` : ''}`.trim()).join('; ')} (kernels only, λ·Σ|W| and λ·ΣW² added to the batch's mean loss).
Early stopping: ${t.earlyStopping.enabled ? `on ${t.earlyStopping.monitor}, patience ${t.earlyStopping.patience}${t.earlyStopping.restoreBest ? ', best weights restored' : ''}` : 'off'}.
The log is JSON lines in the shape of gradscope train --json; open it in Gradscope with gradscope import-run.
"""

SETUP = ${pyLiteral(setup)}
${trainBody()}`;
}
