# PyTorch reference for scripts/bench.ts: the same networks, batch sizes and optimizers, timed the
# same way. Run by bench.ts as OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/bench-torch.py JSON
# (Debian's python3-torch; one core). Prints one JSON line. The data are random tensors of the
# datasets' shapes: dense products cost the same whatever the values.
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(1)


def network(sizes, act):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append({"relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh}[act]())
    return torch.nn.Sequential(*layers)


def optimizer(spec, params):
    if spec["kind"] == "adam":
        return torch.optim.Adam(params, lr=spec["lr"], betas=(0.9, 0.999), eps=1e-7)
    return torch.optim.SGD(params, lr=spec["lr"])


def step(model, opt, loss_fn, x, y):
    opt.zero_grad(set_to_none=True)
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    return loss


def rate(task):
    """samples/s over task['seconds'] after task['warmup'] seconds, wall clock and per cpu-second."""
    model = network(task["sizes"], task["act"])
    opt = optimizer(task["optimizer"], model.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()
    b = task["batch"]
    x = torch.rand(b, task["sizes"][0])
    y = torch.randint(0, task["sizes"][-1], (b,))
    end = time.perf_counter() + task["warmup"]
    while time.perf_counter() < end:
        step(model, opt, loss_fn, x, y).item()
    n = 0
    t0, c0 = time.perf_counter(), time.process_time()
    while time.perf_counter() - t0 < task["seconds"]:
        step(model, opt, loss_fn, x, y).item()
        n += b
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"samplesPerSec": n / wall, "cpuShare": cpu / wall}


def epochs(task):
    """seconds of each epoch: every training step (shuffled batches) and a forward pass over the validation set."""
    model = network(task["sizes"], task["act"])
    opt = optimizer(task["optimizer"], model.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()
    b, n = task["batch"], task["train"]
    x = torch.rand(n, task["sizes"][0])
    y = torch.randint(0, task["sizes"][-1], (n,))
    xv = torch.rand(task["val"], task["sizes"][0])
    out = []
    for _ in range(task["epochs"]):
        t0, c0 = time.perf_counter(), time.process_time()
        order = torch.randperm(n)
        for s in range(0, n, b):
            idx = order[s : s + b]
            step(model, opt, loss_fn, x[idx], y[idx]).item()
        with torch.no_grad():
            model(xv).argmax(1)
        wall = time.perf_counter() - t0
        out.append({"seconds": wall, "cpuShare": (time.process_time() - c0) / wall})
    return out


def main():
    tasks = json.loads(sys.argv[1])
    result = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    for name, task in tasks.items():
        result[name] = rate(task) if task["kind"] == "rate" else epochs(task)
    print(json.dumps(result))


main()
