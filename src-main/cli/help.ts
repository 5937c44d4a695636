// The text of `gradscope --help`.
import { SWEEP_TEMPLATES } from '../contract/sweep-templates';

export const USAGE = `gradscope — train, probe and predict with Gradscope networks from the command line

Usage:
  gradscope train <project.json | --preset NAME> [options]
  gradscope sweep <project.json | --preset NAME | --template NAME> --vary AXIS=V1,V2,… [--vary AXIS2=…] [options]
                               train every combination of one or two axes on a pool of trainer workers,
                               then a table of train/val/test accuracy, gradient ratio and time per variant
  gradscope probe <project.json | --preset NAME> [--model DIR] [--batch first:N] [options]
  gradscope export-pytorch <project.json | --preset NAME> --out DIR [--model DIR] [options]
                               write a runnable PyTorch project (model.py, train.py, data, weights)
  gradscope import-run <log.jsonl> --into <project.json> [--label TEXT]
                               add a run logged by an exported train.py (or train --json) to a project
  gradscope predict --model DIR --data csv:FILE [--json]
                               predict raw CSV rows with an exported model: it picks the columns, scales
                               them and names the classes as its model.json data contract says; rows that
                               carry the label column are also scored (loss/accuracy, or MSE, MAE, R²)
  gradscope surface --fn NAME [--from X,Y] [--steps N] [--opt NAME[:lr=…,momentum=…]]…
                               optimizer paths on a 2-D loss surface (ravine, rosenbrock, saddle,
                               plateau, local-min); --opt repeats, e.g. --opt adam:lr=0.1,beta1=0.8
  gradscope activations --model DIR [--layer NAME] [--direction own|pca] [--data SPEC] [--json]
                               the learned activations of an exported model: each Maxout unit's pieces
                               and their max along a line through the layer's input (its own first
                               piece, or the input's first principal direction), the share of
                               validation samples each piece wins, the units' shapes; PReLU's α
  gradscope landscape <project.json | --preset NAME> [--second-seed N] [--second-optimizer NAME] [--grid N]
                               train twice and print the real loss along run A's line from its initial to
                               its trained weights, and on the plane through both runs' trained weights
                               (both paths projected); the second run takes another seed or optimizer
  gradscope dropout-ensemble --model DIR [--samples 1,4,16,…] [--repeats N] [--examples N]
                             [--activation trained|linear|relu|sigmoid|tanh] [--data SPEC]
                               dropout as an ensemble: a model trained with dropout, every unit on (its
                               test-time prediction) against the average of M sampled thinned networks
                               (and of all 2^U when there are ≤ 12 dropout units); --activation linear
                               keeps the weights but makes the hidden layers linear (then the two agree)
  gradscope presets            list the built-in presets
  gradscope --help

Options:
  --preset NAME        use a built-in preset instead of a project file
  --data SPEC          override the project's dataset: mnist, mnist:LIMIT, spiral, circles, xor, gauss,
                       sine, abs, steps (1-D functions with noise, to fit by regression),
                       idx:DIR (an MNIST-layout folder), csv:FILE:LABEL (LABEL names the label column),
                       csv:FILE:LABEL:regression or :classification (say what the label is when the
                       guess — classes for text or ≤ 20 distinct integers, else numbers — is wrong)
  --seed N             seed for the initial weights, the split and the shuffling
  --json               print one JSON object per line instead of the human report
  --backend NAME       TensorFlow.js backend: auto (default: the first that starts), tensorflow (tfjs-node),
                       wasm-native (wasm + OpenBLAS kernels), wasm, cpu; also GRADSCOPE_BACKEND=NAME
train only:
  --epochs N           epochs to train (0 exports the initialised model)
  --batch-size N       samples per step
  --out DIR            where to export the trained model (default ./gradscope-out/<preset-or-file-name>)
sweep only:
  --vary AXIS=VALUES   AXIS: depth, activation, units, pieces, optimizer, learningRate (lr), batchSize,
                       epochs, dropout, l1, l2, trainSamples, seed. VALUES: a comma list; A..B every whole
                       number (depth=1..9); A..BxN N log-spaced values (lr=1e-3..1e-1x5); optimizers as
                       KIND[:KEY=VALUE…] (momentum:momentum=0.95). AXIS@ID+ID=… changes only those nodes
                       (for depth: the block of consecutive hidden layers to repeat; default: the hidden
                       chain's repeating unit, one layer when its layers are identical)
  --template NAME      a lesson comparison: ${SWEEP_TEMPLATES.map((t) => t.name).join(', ')}
  --workers K          trainer workers side by side (default: the number of cores); results do not depend on it
  --epochs N           epochs for every variant
  --out DIR            write sweep.json (the sweep as a project keeps it) and sweep.csv into DIR
  --json               each variant's trainer events tagged "variant" and "axes", then one summary object
                       {type:"sweep", variants:[{axes, train, val, test, gradRatio, …}]}
export-pytorch only:
  --out DIR            the folder to write (new, empty, or an earlier export)
  --model DIR          start from an exported model's weights (default: the initial weights of --seed)
  --epochs N, --batch-size N   override the project's schedule in train.py
probe only:
  --model DIR          take the weights from an exported model folder (default: the initial weights)
  --batch first:N      probe the first N training samples in file order (default first:128)

Exit codes: 0 done, 1 the run failed or diverged, 2 bad arguments or input files, 130 interrupted.`;
