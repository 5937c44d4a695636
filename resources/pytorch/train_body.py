
# ---------------------------------------------------------------------------------------------------
# Everything below is the same for every Gradscope export; SETUP above holds this project's numbers.
# ---------------------------------------------------------------------------------------------------
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import Maxout, Net  # noqa: E402

# TF.js's backend epsilon (float32), used by its Adagrad, RMSProp and Adam.
TFJS_EPSILON = 1e-7
HISTOGRAM_BINS = 30
NEAR_ZERO = 1e-3
PROBE_BATCH = 256
# the training set is measured after every epoch on at most this many samples (a fixed, evenly spaced subset)
TRAIN_EVAL_MAX = 4096
STEPS_PER_LOG_LINE = 20


# --- the optimizers: the exact update rules of Gradscope's TF.js optimizers -------------------------

class TFAdagrad(torch.optim.Optimizer):
    """TF.js's Adagrad: the accumulator starts at 0.1 and epsilon sits inside the square root,
        a += g²;   w -= lr · g / sqrt(a + 1e-7).
    torch.optim.Adagrad starts the accumulator at 0 and divides by sqrt(a) + 1e-10 instead."""

    def __init__(self, params, lr, initial_accumulator_value=0.1, eps=TFJS_EPSILON):
        super().__init__(params, dict(lr=lr, initial_accumulator_value=initial_accumulator_value, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "sum" not in state:
                    state["sum"] = torch.full_like(p, group["initial_accumulator_value"])
                state["sum"].add_(p.grad * p.grad)
                p.sub_(group["lr"] * p.grad / torch.sqrt(state["sum"] + group["eps"]))


class TFRMSprop(torch.optim.Optimizer):
    """TF.js's RMSProp (no momentum, not centred): epsilon inside the square root,
        ms = ρ·ms + (1 − ρ)·g²;   w -= lr · g / sqrt(ms + 1e-7).
    torch.optim.RMSprop divides by sqrt(ms) + 1e-8 instead."""

    def __init__(self, params, lr, decay, eps=TFJS_EPSILON):
        super().__init__(params, dict(lr=lr, decay=decay, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            rho = group["decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "ms" not in state:
                    state["ms"] = torch.zeros_like(p)
                state["ms"].mul_(rho).add_((1 - rho) * p.grad * p.grad)
                p.sub_(group["lr"] * p.grad / torch.sqrt(state["ms"] + group["eps"]))


def make_optimizer(spec, params, lr):
    kind = spec["kind"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if kind in ("momentum", "nesterov"):
        # TF.js: v = λ·v + g; w -= lr·v (Nesterov: w -= lr·(g + λ·v)). torch's SGD with dampening 0 is the same rule.
        return torch.optim.SGD(params, lr=lr, momentum=spec["momentum"], nesterov=kind == "nesterov")
    if kind == "adagrad":
        return TFAdagrad(params, lr=lr)
    if kind == "rmsprop":
        return TFRMSprop(params, lr=lr, decay=spec["decay"])
    if kind == "adam":
        # TF.js's Adam is torch's Adam (bias-corrected, epsilon outside the root) with epsilon 1e-7 instead of 1e-8.
        return torch.optim.Adam(params, lr=lr, betas=(spec["beta1"], spec["beta2"]), eps=TFJS_EPSILON)
    raise SystemExit(f"train.py: unknown optimizer {kind!r} in SETUP")


# --- Gradscope's seeded shuffling (mulberry32 + Fisher–Yates), so one process sees Gradscope's exact order --

M32 = 0xFFFFFFFF


def _imul(a, b):
    return (a * b) & M32


class Mulberry32:
    def __init__(self, seed):
        self.a = seed & M32

    def __call__(self):
        self.a = (self.a + 0x6D2B79F5) & M32
        t = self.a
        t = _imul(t ^ (t >> 15), t | 1)
        t = t ^ ((t + _imul(t ^ (t >> 7), t | 61)) & M32)
        return ((t ^ (t >> 14)) & M32) / 4294967296.0


class GradscopeOrderSampler(DistributedSampler):
    """DistributedSampler's partitioning (pad to a multiple of the world size, rank r takes every W-th
    sample) over Gradscope's seeded order instead of torch's shuffle. Yields this rank's batches: global
    step s covers samples s·B·W … (s+1)·B·W-1 of the epoch's order, so one process reproduces Gradscope's
    batches exactly and W processes train on W·B samples per step."""

    def __init__(self, n, batch_size, seed, num_replicas=1, rank=0):
        super().__init__(range(n), num_replicas=num_replicas, rank=rank, shuffle=False, seed=seed)
        self.n, self.batch_size = n, batch_size
        self.order = list(range(n))
        self.rand = Mulberry32(seed)
        self.shuffled_epochs = 0

    def set_epoch(self, epoch):
        super().set_epoch(epoch)
        # Gradscope shuffles the same array in place once per epoch, starting from epoch 1
        while self.shuffled_epochs < epoch:
            order, rand = self.order, self.rand
            for i in range(len(order) - 1, 0, -1):
                j = int(rand() * (i + 1))
                order[i], order[j] = order[j], order[i]
            self.shuffled_epochs += 1

    def steps(self):
        return math.ceil(self.n / (self.batch_size * self.num_replicas))

    def __iter__(self):
        world, rank, b = self.num_replicas, self.rank, self.batch_size
        order = self.order + self.order[: (-self.n) % world]
        for s in range(self.steps()):
            chunk = order[s * b * world: (s + 1) * b * world]
            yield chunk[rank::world]

    def __len__(self):
        return self.steps()


# --- data -----------------------------------------------------------------------------------------

def load_npy(name):
    path = os.path.join(HERE, "data", name)
    if not os.path.exists(path):
        raise SystemExit(f"train.py: {path} is missing; re-export the project from Gradscope")
    return np.load(path)


def read_idx(path):
    import gzip
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find_idx(folder, stem):
    for name in (f"{stem}-idx{'3' if 'images' in stem else '1'}-ubyte", f"{stem}.idx{'3' if 'images' in stem else '1'}-ubyte"):
        for ext in ("", ".gz"):
            if os.path.exists(os.path.join(folder, name + ext)):
                return os.path.join(folder, name + ext)
    return None


def originals(path):
    """(x, y) of the original IDX folder or CSV file, in file order, scaled as Gradscope scales them."""
    src = SETUP["data"]["originals"]
    if src is None:
        raise SystemExit("train.py: --data-from works for IDX and CSV data only; this project's data is in data/")
    if src["kind"] == "idx":
        files = {s: find_idx(path, s) for s in ("train-images", "train-labels", "t10k-images", "t10k-labels")}
        if files["train-images"] is None or files["train-labels"] is None:
            raise SystemExit(f"train.py: {path}: no train-images-idx3-ubyte / train-labels-idx1-ubyte (MNIST layout) here")
        limit = src["limit"]
        x = read_idx(files["train-images"])[:limit].reshape(-1, SETUP["input_dim"]).astype(np.float32) / 255
        y = read_idx(files["train-labels"])[:limit].astype(np.int64)
        test = None
        if files["t10k-images"] and files["t10k-labels"]:
            tx = read_idx(files["t10k-images"])[:limit].reshape(-1, SETUP["input_dim"]).astype(np.float32) / 255
            test = (tx, read_idx(files["t10k-labels"])[:limit].astype(np.int64))
        return x, y, test
    import csv
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    header = [h.strip() for h in rows[0]]
    if src["label"] not in header:
        raise SystemExit(f"train.py: {path}: line 1: no column named {src['label']!r}")
    li = header.index(src["label"])
    x = np.array([[float(v) for i, v in enumerate(r) if i != li] for r in rows[1:]], dtype=np.float32)
    labels = [r[li].strip() for r in rows[1:]]
    if src["class_names"] is None:
        y = np.array([float(v) for v in labels], dtype=np.float32)
        t = src.get("target_scaling")
        if t is not None:  # Gradscope trains a regression on the target standardised on the training split
            y = ((y - t["mean"]) / t["std"]).astype(np.float32)
    else:
        index = {c: i for i, c in enumerate(src["class_names"])}
        key = (lambda v: str(int(float(v)))) if src["numeric_labels"] else (lambda v: v)
        y = np.array([index[key(v)] for v in labels], dtype=np.int64)
    return x, y, None


def load_data(data_from):
    """The train/validation/test split Gradscope used, and the probe samples (the first ones in file order)."""
    splits = {}
    if data_from:
        x, y, test = originals(data_from)
        scaler = SETUP["data"]["originals"].get("scaler")
        if scaler is not None:
            x = (x - np.asarray(scaler["mean"], np.float32)) / np.asarray(scaler["std"], np.float32)
        for name in ("train", "val", "test"):
            rows = load_npy(f"{name}_rows.npy")
            if name == "test" and test is not None:
                tx, ty = test
                splits[name] = (tx[rows], ty[rows])
            else:
                splits[name] = (x[rows], y[rows])
        splits["probe"] = (x[: SETUP["data"]["probe_samples"]], y[: SETUP["data"]["probe_samples"]])
    else:
        for name in ("train", "val", "test", "probe"):
            splits[name] = (load_npy(f"{name}_x.npy"), load_npy(f"{name}_y.npy"))
    ydtype = torch.long if SETUP["head"] == "softmax" else torch.float32
    return {k: (torch.as_tensor(np.ascontiguousarray(x), dtype=torch.float32), torch.as_tensor(np.ascontiguousarray(y), dtype=ydtype))
            for k, (x, y) in splits.items()}


# --- weights --------------------------------------------------------------------------------------

def load_gradscope_weights(model):
    """Gradscope's exported weights (weights/<state_dict key>.npy), so both frameworks start at the same point."""
    own = model.state_dict()
    loaded = {}
    for key, tensor in own.items():
        path = os.path.join(HERE, "weights", key + ".npy")
        if not os.path.exists(path):
            raise SystemExit(f"train.py: {path} is missing (use --init random to start from fresh random weights)")
        w = np.load(path)
        if tuple(w.shape) != tuple(tensor.shape):
            raise SystemExit(f"train.py: {path}: shape {tuple(w.shape)}, the model needs {tuple(tensor.shape)}")
        loaded[key] = torch.as_tensor(w, dtype=tensor.dtype)
    model.load_state_dict(loaded)


def init_random(model, seed):
    """Fresh weights with Gradscope's scheme: He normal (ReLU family) or Glorot uniform kernels, zero biases."""
    torch.manual_seed(seed)
    for layer in SETUP["layers"]:
        lin = linear_of(model, layer)
        if layer["init"] == "he_normal":
            nn.init.kaiming_normal_(lin.weight, mode="fan_in", nonlinearity="relu")
        else:
            nn.init.xavier_uniform_(lin.weight)
        if lin.bias is not None:
            nn.init.zeros_(lin.bias)


def save_weights(model, folder):
    os.makedirs(folder, exist_ok=True)
    for key, tensor in model.state_dict().items():
        np.save(os.path.join(folder, key + ".npy"), tensor.detach().cpu().numpy())


def linear_of(model, layer):
    mod = getattr(model, layer["attr"])
    return mod.linear if hasattr(mod, "linear") else mod


def alpha_of(model, layer):
    return getattr(model, layer["attr"]).activation.weight if layer["hasAlpha"] else None


# --- loss, penalties, statistics ------------------------------------------------------------------

def data_loss(out, y):
    if SETUP["head"] == "softmax":
        return F.cross_entropy(out, y)
    return F.mse_loss(out.reshape(-1), y)


def accuracy(out, y):
    if SETUP["head"] != "softmax":
        return out.new_zeros(())
    return (out.argmax(dim=1) == y).float().mean()


def penalty(model):
    """Gradscope's kernel penalties: λ1·Σ|W| + λ2·ΣW² per layer (never on biases), added to the batch's mean loss."""
    total = None
    for layer in SETUP["layers"]:
        if layer["l1"] == 0 and layer["l2"] == 0:
            continue
        w = linear_of(model, layer).weight
        term = layer["l1"] * w.abs().sum() + layer["l2"] * (w * w).sum()
        total = term if total is None else total + term
    return total


def gradient_stats(model):
    """Per layer: ‖∂L/∂W‖, mean|∂L/∂w|, the same for bias and PReLU α, and per neuron the mean |∂L/∂w| of its
    incoming weights (Maxout: over all its pieces) — Gradscope's step record. One device→host copy."""
    parts, layout = [], []
    for layer in SETUP["layers"]:
        lin = linear_of(model, layer)
        g = lin.weight.grad
        parts += [g.norm().reshape(1), g.abs().mean().reshape(1)]
        has_b = lin.bias is not None
        if has_b:
            parts += [lin.bias.grad.norm().reshape(1), lin.bias.grad.abs().mean().reshape(1)]
        a = alpha_of(model, layer)
        if a is not None:
            parts += [a.grad.norm().reshape(1), a.grad.abs().mean().reshape(1)]
        per_output = g.abs().mean(dim=1)
        mod = getattr(model, layer["attr"])
        parts.append(mod.per_unit_mean(per_output) if isinstance(mod, Maxout) else per_output)
        layout.append((has_b, a is not None, layer["units"]))
    values = torch.cat(parts).tolist()
    out, i = [], 0
    for has_b, has_a, units in layout:
        rec = {"kernelNorm": values[i], "kernelMeanAbs": values[i + 1]}
        i += 2
        rec["biasNorm"], rec["biasMeanAbs"] = (values[i], values[i + 1]) if has_b else (None, None)
        i += 2 if has_b else 0
        rec["alphaNorm"], rec["alphaMeanAbs"] = (values[i], values[i + 1]) if has_a else (None, None)
        i += 2 if has_a else 0
        rec["neuronMeanAbs"] = [float(f"{v:.4g}") for v in values[i: i + units]]
        i += units
        out.append(rec)
    return out


def histogram(values):
    lo, hi = float(values.min()), float(values.max())
    span = hi - lo
    if span > 0:
        bins = np.minimum(HISTOGRAM_BINS - 1, np.floor((values - lo) / span * HISTOGRAM_BINS).astype(np.int64))
    else:
        bins = np.zeros(values.shape, dtype=np.int64)
    return {"min": lo, "max": hi, "counts": np.bincount(bins, minlength=HISTOGRAM_BINS).tolist()}


@torch.no_grad()
def weight_stats(model, probe_x):
    """Gradscope's per-epoch weight summary: histogram, norms, near-zero fraction, PReLU α, dead ReLUs."""
    dead = {}
    relu = [l for l in SETUP["layers"] if l["activation"] == "relu" and l["hidden"]]
    if relu and probe_x.shape[0] > 0:
        seen = {}
        hooks = [getattr(model, l["attr"]).register_forward_hook(lambda m, i, o, a=l["attr"]: seen.__setitem__(a, o)) for l in relu]
        was = model.training
        model.eval()
        model(probe_x)
        model.train(was)
        for h in hooks:
            h.remove()
        for l in relu:
            dead[l["node"]] = float((seen[l["attr"]].amax(dim=0) <= 0).float().mean())
    out = []
    for layer in SETUP["layers"]:
        w = linear_of(model, layer).weight.detach().cpu().numpy().astype(np.float64).reshape(-1)
        a = alpha_of(model, layer)
        alpha = None
        if a is not None:
            av = a.detach().cpu().numpy()
            alpha = {"mean": float(av.mean()), "min": float(av.min()), "max": float(av.max())}
        out.append({
            "node": layer["node"],
            "histogram": histogram(w),
            "kernelNorm": float(np.sqrt((w * w).sum())),
            "kernelMeanAbs": float(np.abs(w).mean()),
            "nearZeroFraction": float((np.abs(w) < NEAR_ZERO).mean()),
            "alpha": alpha,
            "deadFraction": dead.get(layer["node"]),
        })
    return out


class TargetUnits:
    """Gradscope trains a regression head on the target standardised on the training split, (y − mean) / std,
    and reports every figure in the target's own units: MSE × std², MAE × std, and R² = 1 − MSE / (the MSE of
    always predicting the training targets' mean). So does this program; the probe alone reports the loss
    that is minimised (standardised units), as gradscope probe --json does. Classification: all factors 1."""

    def __init__(self, train_y):
        regression = SETUP["head"] != "softmax"
        t = SETUP["data"].get("target_scaling") if regression else None
        std = float(t["std"]) if t else 1.0
        self.regression = regression
        self.loss_factor, self.abs_factor = std * std, std
        self.mean = float(train_y.double().mean()) if regression and train_y.shape[0] > 0 else 0.0

    def loss(self, trained):
        """A loss in the units the model is trained in → the target's own units."""
        return trained * self.loss_factor

    def baseline(self, y):
        """MSE (training units) of always predicting the training targets' mean on these targets."""
        return float(((y.double() - self.mean) ** 2).mean()) if self.regression and y.shape[0] > 0 else math.nan

    @staticmethod
    def r2(mse, baseline):
        return 1 - mse / baseline if baseline > 1e-12 else None


def train_eval_subset(x, y):
    """Gradscope's fixed subset of the training split measured after each epoch: all of it up to TRAIN_EVAL_MAX."""
    n = x.shape[0]
    if n <= TRAIN_EVAL_MAX:
        return x, y
    idx = torch.tensor([i * n // TRAIN_EVAL_MAX for i in range(TRAIN_EVAL_MAX)], device=x.device)
    return x[idx], y[idx]


@torch.no_grad()
def evaluate(model, x, y, units, chunk=1024, baseline=None):
    """Loss and accuracy of a whole split without dropout; for regression MSE, MAE and R² in the target's units."""
    n = x.shape[0]
    if n == 0:
        return None
    was = model.training
    model.eval()
    loss_sum = second_sum = 0.0
    for start in range(0, n, chunk):
        out = model(x[start: start + chunk])
        yb = y[start: start + chunk]
        size = out.shape[0]
        loss_sum += float(data_loss(out, yb)) * size
        second = accuracy(out, yb) if SETUP["head"] == "softmax" else (out.reshape(-1) - yb).abs().mean()
        second_sum += float(second) * size
    model.train(was)
    loss = loss_sum / n
    if SETUP["head"] == "softmax":
        return {"loss": loss, "acc": second_sum / n, "mae": None, "r2": None}
    return {"loss": units.loss(loss), "acc": None, "mae": second_sum / n * units.abs_factor,
            "r2": units.r2(loss, units.baseline(y) if baseline is None else baseline)}


# --- the event log (Gradscope's `gradscope train --json` shape) -------------------------------------

def clean(v):
    """JSON has no NaN or Infinity: Gradscope writes them as null, and so do we."""
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    return v


class Log:
    def __init__(self, enabled, path):
        self.enabled = enabled
        self.file = open(path, "w", encoding="utf-8") if enabled and path else None

    def __call__(self, event):
        if not self.enabled:
            return
        line = json.dumps(clean(event), allow_nan=False, separators=(",", ":"))
        if self.file:
            self.file.write(line + "\n")
            self.file.flush()
        else:
            print(line, flush=True)

    def say(self, text):
        if self.enabled:
            print(text, file=sys.stderr if self.file is None else sys.stdout, flush=True)


# --- early stopping (Gradscope's EarlyStopper: strict improvement, stop after `patience` epochs without) --

class EarlyStopper:
    def __init__(self, monitor, patience):
        self.monitor, self.patience = monitor, patience
        self.best = self.best_epoch = None
        self.waited = 0

    def update(self, epoch, val):
        value = None if val is None else (val["loss"] if self.monitor == "val_loss" else val["acc"])
        better = value is not None and math.isfinite(value) and (
            self.best is None or (value < self.best if self.monitor == "val_loss" else value > self.best))
        if better:
            self.best, self.best_epoch, self.waited = value, epoch, 0
            return "improved"
        self.waited += 1
        return "stop" if self.waited >= self.patience else "wait"


# --- probe mode -----------------------------------------------------------------------------------

def probe(model, data, n, weights_text):
    x, y = data["probe"]
    if n > x.shape[0]:
        raise SystemExit(f"train.py: --batch first:{n}: the export holds the first {x.shape[0]} samples in file order; "
                         f"ask for at most first:{x.shape[0]}")
    x, y = x[:n], y[:n]
    model.eval()
    model.zero_grad(set_to_none=True)
    out = model(x)
    loss = data_loss(out, y)  # in the units the model is trained in (standardised target), as gradscope probe
    pen = penalty(model)
    (loss if pen is None else loss + pen).backward()
    layers = []
    for layer, g in zip(SETUP["layers"], gradient_stats(model)):
        layers.append({"node": layer["node"], "name": layer["name"], "kernelNorm": g["kernelNorm"],
                       "kernelMeanAbs": g["kernelMeanAbs"], "biasNorm": g["biasNorm"]})
    hidden = [l for layer, l in zip(SETUP["layers"], layers) if layer["hidden"]]
    ratio = hidden[0]["kernelNorm"] / hidden[-1]["kernelNorm"] if len(hidden) >= 2 else None
    report = {"samples": n, "weights": weights_text, "loss": float(loss), "acc": float(accuracy(out, y)) if SETUP["head"] == "softmax" else None,
              "layers": layers, "firstLastHiddenRatio": ratio}
    print(json.dumps(clean(report), allow_nan=False, separators=(",", ":")))


# --- training ---------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description=f"Train {SETUP['title']} (exported from Gradscope). "
                                "Run with python for one process, or with torchrun for several (DistributedDataParallel).")
    p.add_argument("--epochs", type=int, default=SETUP["epochs"])
    p.add_argument("--batch-size", type=int, default=SETUP["batch_size"], help="samples per step per process")
    p.add_argument("--lr", type=float, default=SETUP["learning_rate"])
    p.add_argument("--seed", type=int, default=SETUP["seed"])
    p.add_argument("--init", choices=["gradscope", "random"], default="gradscope",
                   help="gradscope: the weights exported from Gradscope (default); random: fresh weights from --seed")
    p.add_argument("--no-dropout", action="store_true", help="train without dropout (to compare with Gradscope step by step)")
    p.add_argument("--data-from", metavar="PATH", help="read the original IDX folder / CSV file instead of data/ (same split)")
    p.add_argument("--log", metavar="FILE", help="write the JSON-lines log here (default: standard output)")
    p.add_argument("--out", metavar="DIR", default=os.path.join(HERE, "runs"), help="checkpoints and final weights")
    p.add_argument("--save-weights", metavar="DIR", help="also write the final weights as .npy files (state_dict keys)")
    p.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    p.add_argument("--probe", action="store_true", help="print the loss and per-layer gradient norms on one batch, then exit")
    p.add_argument("--batch", default="first:128", help="probe batch: first:N (the first N training samples in file order)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    if args.device:
        device = torch.device(args.device)
    elif torch.cuda.is_available():
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
    else:
        device = torch.device("cpu")
    if distributed:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
    else:
        rank, world = 0, 1
    if device.type == "cuda":
        torch.cuda.set_device(device)

    torch.manual_seed(args.seed)
    model = Net()
    if args.init == "random":
        init_random(model, args.seed)
        weights_text = f"random (seed {args.seed})"
    else:
        load_gradscope_weights(model)
        weights_text = SETUP["weights"]
    if args.no_dropout:
        for m in model.modules():
            if isinstance(m, nn.Dropout):
                m.p = 0.0
    model.to(device)
    data = {k: (x.to(device), y.to(device)) for k, (x, y) in load_data(args.data_from).items()}

    if args.probe:
        if not args.batch.startswith("first:") or not args.batch[6:].isdigit() or int(args.batch[6:]) < 1:
            raise SystemExit(f"train.py: --batch {args.batch}: expected first:N, e.g. first:128")
        probe(model, data, int(args.batch[6:]), weights_text)
        return 0

    log = Log(rank == 0, args.log)
    train_x, train_y = data["train"]
    val_x, val_y = data["val"]
    test_x, test_y = data["test"]
    probe_x = (val_x if val_x.shape[0] > 0 else train_x)[:PROBE_BATCH]
    net = DistributedDataParallel(model) if distributed else model
    optimizer = make_optimizer(SETUP["optimizer"], model.parameters(), args.lr)
    sampler = GradscopeOrderSampler(train_x.shape[0], args.batch_size, args.seed, num_replicas=world, rank=rank)
    es = SETUP["early_stopping"]
    stopper = EarlyStopper(es["monitor"], es["patience"]) if es["enabled"] and val_x.shape[0] > 0 else None
    # restore-best holds whether or not early stopping is on (as in Gradscope): the tested and saved model is
    # the best epoch's — by the early-stopping monitor when it is on, else by the lowest validation loss
    keep_best = bool(es["restoreBest"]) and val_x.shape[0] > 0
    tracker = EarlyStopper(es["monitor"] if stopper else "val_loss", math.inf)
    best = None
    units = TargetUnits(train_y)
    train_baseline = units.baseline(train_y)
    eval_x, eval_y = train_eval_subset(train_x, train_y)
    config = dict(SETUP["config"], learningRate=args.lr, batchSize=args.batch_size, epochs=args.epochs, seed=args.seed)
    run_id = f"pytorch-{SETUP['label']}-{time.strftime('%Y%m%dT%H%M%S')}"
    backend = f"PyTorch {torch.__version__} {device.type}" + (f", {world} processes ({dist.get_backend()})" if distributed else ", 1 process")
    log({"type": "started", "runId": run_id, "backend": backend, "layers": [
        {k: l[k] for k in ("node", "name", "kind", "units", "activation", "hidden", "hasBias", "hasAlpha")} for l in SETUP["layers"]],
        "inputDim": SETUP["input_dim"], "classes": SETUP["classes"],
        "samples": {"train": train_x.shape[0], "val": val_x.shape[0], "test": test_x.shape[0]}, "trainEvalSamples": eval_x.shape[0],
        "stepsPerEpoch": sampler.steps(), "epochs": args.epochs, "config": config,
        "worldSize": world, "effectiveBatchSize": args.batch_size * world, "effectiveLearningRate": args.lr,
        "weights": weights_text})
    log.say(f"{SETUP['title']}: {backend}; effective batch {args.batch_size * world} "
            f"({world} × {args.batch_size}), learning rate {args.lr}, {args.epochs} epochs, weights {weights_text}")

    reason, epochs_done, step = "completed", 0, 0
    pending = []
    if rank == 0:
        os.makedirs(args.out, exist_ok=True)
    for epoch in range(1, args.epochs + 1):
        started = time.perf_counter()
        sampler.set_epoch(epoch)
        net.train()
        loss_sum = acc_sum = 0.0
        steps = 0
        diverged = None
        for idx in sampler:
            step += 1
            rows = torch.as_tensor(idx, device=device)
            xb, yb = train_x[rows], train_y[rows]
            optimizer.zero_grad(set_to_none=True)
            out = net(xb)
            loss = data_loss(out, yb)
            pen = penalty(model)
            (loss if pen is None else loss + pen).backward()
            stats = gradient_stats(model) if rank == 0 else None
            optimizer.step()
            metrics = torch.stack([loss.detach(), accuracy(out.detach(), yb)])
            if distributed:
                dist.all_reduce(metrics)
                metrics /= world
            loss_v, acc_v = metrics.tolist()
            pending.append({"step": step, "epoch": epoch, "loss": units.loss(loss_v),
                            "acc": acc_v if SETUP["head"] == "softmax" else None, "layers": stats})
            if len(pending) >= STEPS_PER_LOG_LINE:
                log({"type": "steps", "runId": run_id, "steps": pending})
                pending = []
            if not math.isfinite(loss_v):
                diverged = units.loss(loss_v)
                break
            loss_sum += loss_v
            acc_sum += acc_v
            steps += 1
        if pending:
            log({"type": "steps", "runId": run_id, "steps": pending})
            pending = []
        if diverged is not None:
            log({"type": "diverged", "runId": run_id, "epoch": epoch, "step": step, "loss": diverged,
                 "message": f"training diverged at epoch {epoch}, step {step}: the loss became {diverged}. "
                            f"Lower the learning rate (now {args.lr}), e.g. to {args.lr / 10}."})
            reason = "diverged"
            break
        val = evaluate(model, val_x, val_y, units)
        # the training set measured as the validation set is (final weights of the epoch, dropout off); the mean of
        # the minibatch losses during the epoch is kept apart as runningLoss — as Gradscope reports them
        tr = evaluate(model, eval_x, eval_y, units, baseline=train_baseline)
        record = {"epoch": epoch, "trainLoss": tr["loss"], "trainAcc": tr["acc"], "trainSamples": eval_x.shape[0],
                  "runningLoss": units.loss(loss_sum / steps), "runningAcc": acc_sum / steps if SETUP["head"] == "softmax" else None,
                  "valLoss": val["loss"] if val else None, "valAcc": val["acc"] if val else None,
                  "trainR2": tr["r2"], "valR2": val["r2"] if val else None,
                  "weights": weight_stats(model, probe_x) if rank == 0 else [], "seconds": time.perf_counter() - started}
        log(dict({"type": "epoch", "runId": run_id}, **record))
        log.say(f"epoch {epoch}/{args.epochs}  train loss {record['trainLoss']:.6g}  val loss {record['valLoss'] if val else float('nan'):.6g}"
                + (f"  val acc {100 * record['valAcc']:.2f}%" if val and val["acc"] is not None else "") + f"  {record['seconds']:.1f} s")
        epochs_done = epoch
        if rank == 0:
            torch.save({"epoch": epoch, "model": model.state_dict(), "optimizer": optimizer.state_dict()}, os.path.join(args.out, "checkpoint.pt"))
        if tracker.update(epoch, val) == "improved" and keep_best:
            best = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if stopper and stopper.update(epoch, val) == "stop":
            restored = keep_best and best is not None
            if restored:
                model.load_state_dict(best)
            log({"type": "early_stop", "runId": run_id, "epoch": epoch, "bestEpoch": stopper.best_epoch or epoch, "restored": restored})
            reason = "early_stopped"
            break
    best_epoch = (stopper.best_epoch if stopper and stopper.best_epoch else tracker.best_epoch) if val_x.shape[0] > 0 else None
    model_epoch = None if reason == "diverged" or epochs_done == 0 else epochs_done
    if reason != "diverged" and keep_best and best_epoch is not None and best is not None:
        model.load_state_dict(best)
        model_epoch = best_epoch
    test = None if reason == "diverged" else evaluate(model, test_x, test_y, units)
    log({"type": "finished", "runId": run_id, "reason": reason, "epochs": epochs_done, "bestEpoch": best_epoch, "modelEpoch": model_epoch, "test": test})
    if test:
        log.say(f"test loss {test['loss']:.6g}" + (f", accuracy {100 * test['acc']:.2f}%" if test["acc"] is not None else f", MAE {test['mae']:.6g}")
                + (f", R² {test['r2']:.4f}" if test["r2"] is not None else "") + (f" (weights of epoch {model_epoch})" if model_epoch else ""))
    if rank == 0:
        torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))
        if args.save_weights:
            save_weights(model, args.save_weights)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()
    return 1 if reason == "diverged" else 0


if __name__ == "__main__":
    sys.exit(main())
