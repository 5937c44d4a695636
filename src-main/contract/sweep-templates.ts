// The sweeps that reproduce the lesson's comparisons: which built-in preset (resources/presets) they
// start from, which axes they vary, and what they change in the preset's training setup. Pure data;
// the app's sweep views and `gradscope sweep --template NAME` read the same list.
import type { SweepSpecInput } from './sweep';
import type { TrainingConfigInput } from './training';

export interface SweepTemplate {
  name: string;
  title: string;
  /** what the sweep shows, in the lesson's words */
  description: string;
  /** the preset (resources/presets/NAME.json) whose graph and training are the base */
  preset: string;
  axes: SweepSpecInput['axes'];
  /** changes to the preset's training setup (fewer epochs, so the sweep finishes in minutes) */
  training?: Partial<Pick<TrainingConfigInput, 'epochs' | 'batchSize' | 'learningRate'>>;
  /** the figure to read: e.g. the optimizer race compares each optimizer at its best learning rate */
  best?: { per: SweepSpecInput['axes'][number]['name']; by: 'valAcc' | 'trainLoss' };
}

export const SWEEP_TEMPLATES: readonly SweepTemplate[] = [
  {
    name: 'deeper-not-better',
    title: 'Deeper is not better on the training set',
    description:
      'Depth 1…9 with sigmoid and with ReLU on MNIST. Deep sigmoid networks do worse on the training set itself — not overfitting: the gradient vanishes toward the input. ReLU keeps training as depth grows.',
    preset: 'sigmoid-deep',
    axes: [
      { name: 'depth', values: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
      { name: 'activation', values: ['sigmoid', 'relu'] },
    ],
    training: { epochs: 3 },
  },
  {
    name: 'optimizer-race',
    title: 'Optimizer race',
    description:
      'The same network and starting weights under SGD, Momentum, Nesterov, Adagrad, RMSProp and Adam, each at a small grid of learning rates; compare each optimizer at its best learning rate.',
    preset: 'relu-deep',
    axes: [
      { name: 'optimizer', values: [{ kind: 'sgd' }, { kind: 'momentum' }, { kind: 'nesterov' }, { kind: 'adagrad' }, { kind: 'rmsprop' }, { kind: 'adam' }] },
      { name: 'learningRate', values: [0.001, 0.01, 0.1] },
    ],
    training: { epochs: 3 },
    best: { per: 'optimizer', by: 'valAcc' },
  },
  {
    name: 'dropout-needs-fit',
    title: 'Dropout needs a network that already fits',
    description:
      'Dropout 0, 0.2 and 0.5 on the deep sigmoid and the deep ReLU network. Dropout helps against overfitting; on a network that does badly on its training set (deep sigmoid) it only makes training worse.',
    preset: 'sigmoid-deep',
    axes: [
      { name: 'dropout', values: [0, 0.2, 0.5] },
      { name: 'activation', values: ['sigmoid', 'relu'] },
    ],
    training: { epochs: 5 },
  },
  {
    name: 'l1-vs-l2',
    title: 'L1 vs L2',
    description:
      'A grid of L1 and L2 penalties λ on the hidden layers of the deep ReLU network. L1 drives many weights to exactly zero (sparse), L2 shrinks all of them; too large a λ of either stops the network fitting.',
    preset: 'relu-deep',
    axes: [
      { name: 'l1', values: [0, 0.0001, 0.001] },
      { name: 'l2', values: [0, 0.0001, 0.001] },
    ],
    training: { epochs: 5 },
  },
];

export function sweepTemplate(name: string): SweepTemplate | undefined {
  return SWEEP_TEMPLATES.find((t) => t.name === name);
}
