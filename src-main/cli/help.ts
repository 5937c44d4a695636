// The text of `gradscope --help`.
export const USAGE = `gradscope — train, probe and predict with Gradscope networks from the command line

Usage:
  gradscope train <project.json | --preset NAME> [options]
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
export-pytorch only:
  --out DIR            the folder to write (new, empty, or an earlier export)
  --model DIR          start from an exported model's weights (default: the initial weights of --seed)
  --epochs N, --batch-size N   override the project's schedule in train.py
probe only:
  --model DIR          take the weights from an exported model folder (default: the initial weights)
  --batch first:N      probe the first N training samples in file order (default first:128)

Exit codes: 0 done, 1 the run failed or diverged, 2 bad arguments or input files, 130 interrupted.`;
