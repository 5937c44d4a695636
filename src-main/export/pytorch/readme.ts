// README.md of an exported PyTorch project: what is in the folder and how to run it. Pure.
import type { TrainingConfig } from '../../contract/training';

export interface ReadmeFacts {
  title: string;
  label: string;
  training: TrainingConfig;
  samples: { train: number; val: number; test: number };
  dataDescription: string;
  weights: string;
  originals: 'idx' | 'csv' | null;
  /** PyTorch versions the export was checked with */
  checkedWith: string[];
}

function optimizerNote(t: TrainingConfig): string {
  switch (t.optimizer.kind) {
    case 'sgd':
    case 'momentum':
    case 'nesterov':
      return "`torch.optim.SGD` computes exactly TF.js's rule (momentum buffer v = λ·v + g, dampening 0).";
    case 'adam':
      return "`torch.optim.Adam` with `eps=1e-7`: TF.js's Adam has the same bias-corrected rule with epsilon 1e-7 (torch's default is 1e-8).";
    case 'adagrad':
      return "TF.js's Adagrad starts the accumulator at 0.1 and divides by sqrt(a + 1e-7); `torch.optim.Adagrad` starts at 0 and divides by sqrt(a) + 1e-10. train.py therefore uses its own `TFAdagrad`, which follows TF.js.";
    case 'rmsprop':
      return "TF.js's RMSProp divides by sqrt(ms + 1e-7); `torch.optim.RMSprop` divides by sqrt(ms) + 1e-8. train.py therefore uses its own `TFRMSprop`, which follows TF.js.";
  }
}

export function readme(f: ReadmeFacts): string {
  const t = f.training;
  return `# ${f.title} — PyTorch project exported from Gradscope

| file | what it is |
|---|---|
| \`model.py\` | the network: one attribute per layer, named after its Gradscope node; \`forward\` follows the graph's edges |
| \`train.py\` | the training setup (\`SETUP\` at the top) and the training program |
| \`data/\` | the exact split Gradscope used: ${f.samples.train} training, ${f.samples.val} validation, ${f.samples.test} test samples (\`*_x.npy\`, \`*_y.npy\`), and the first samples in file order for probe mode (\`probe_*.npy\`) |
| \`weights/\` | the starting weights (${f.weights}), one \`.npy\` per \`state_dict\` key |

Data: ${f.dataDescription}.
Training: ${t.optimizer.kind}, learning rate ${t.learningRate}, batch ${t.batchSize}, ${t.epochs} epochs, seed ${t.seed}${t.earlyStopping.enabled ? `, early stopping on ${t.earlyStopping.monitor} (patience ${t.earlyStopping.patience})` : ''}.

Needs Python 3 with \`torch\` and \`numpy\`. Checked with ${f.checkedWith.join(', ')}.

## Run it

One CPU core (or however many threads PyTorch takes; \`OMP_NUM_THREADS=1\` keeps it to one):

    python train.py --log run.jsonl

On a GPU: the same command; train.py uses \`cuda\` when PyTorch sees one (\`--device cpu\` to refuse it).

Several processes on one machine (DistributedDataParallel; gloo on CPU, NCCL on GPU):

    torchrun --nproc_per_node=4 train.py --log run.jsonl

Several machines (run on each; node 0's address as the rendezvous endpoint):

    torchrun --nnodes=2 --nproc_per_node=4 --rdzv_backend=c10d --rdzv_endpoint=HOST0:29500 train.py --log run.jsonl

Each process takes \`--batch-size\` samples per step (default ${t.batchSize}), so N processes train with an
effective batch of N × ${t.batchSize} at the same learning rate; the first log line states both. Only rank 0 writes the
log and the checkpoints (\`runs/checkpoint.pt\` after every epoch, \`runs/model.pt\` at the end).
On Debian's PyTorch 1.13, \`torchrun\` fails with its default output redirection (its parser rejects the defaults, 0 and 3, on Python 3.11); add \`--redirects 2 --tee 2\`.

Options: \`--epochs\`, \`--batch-size\`, \`--lr\`, \`--seed\`, \`--init random\` (fresh weights instead of Gradscope's),
\`--no-dropout\`, \`--out DIR\`, \`--save-weights DIR\`${f.originals ? `, \`--data-from ${f.originals === 'idx' ? 'FOLDER' : 'FILE.csv'}\` (read the original ${f.originals === 'idx' ? 'IDX files' : 'CSV file'} instead of \`data/\`, with the same split)` : ''}.

## Compare with Gradscope

- One process takes Gradscope's batches in Gradscope's order (its seeded shuffle is reproduced in train.py), so
  from the same weights and without dropout the two frameworks follow the same path up to float rounding.
  Dropout masks come from different random generators and cannot match.
- \`python train.py --probe --batch first:128\` prints the loss and each layer's gradient norms on the first 128
  samples in the same JSON as \`gradscope probe --json\`.
- The log (\`--log run.jsonl\`) has the events of \`gradscope train --json\`: open it as a run of the project with
  \`gradscope import-run run.jsonl --into ${f.label}.gradscope.json\`, or with "Import run log" in the app.
- A regression head trains on the target standardised on the training split, as in Gradscope, and the log reports
  every figure in the target's own units, as Gradscope does: MSE × std², MAE × std, R² against predicting the
  training mean. The probe reports the loss that is minimised (standardised), as \`gradscope probe --json\` does.
- Restore-best, when on, makes the tested and saved model the best validation epoch's (\`modelEpoch\` in the
  log), whether or not early stopping fired — as in Gradscope.

## Where PyTorch and TF.js differ

- ${optimizerNote(t)}
- L1 and L2 penalties act on kernels only (never biases or PReLU α), λ·Σ|W| and λ·ΣW² added to the mean loss of each
  batch, exactly as Gradscope does; the logged loss is the data loss without them.
- \`--init random\` uses Gradscope's scheme (He normal for the ReLU family, Glorot uniform otherwise, zero biases) but
  PyTorch's random numbers.
- With N processes the last step of an epoch is padded to a multiple of N, as DistributedSampler does.
`;
}
