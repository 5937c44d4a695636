"""Runs several exported PyTorch projects in ONE Python process (importing torch once), for the tests.

usage: python3 pytorch-driver.py JOBS.json  — JOBS is a list of {"dir", "args", "id", "check"?};
prints one JSON line per job: {"id", "code", "stdout", "stderr", "check"?}.
"""
import contextlib
import importlib.util
import io
import json
import sys

import torch


def load(directory, n):
    sys.modules.pop("model", None)
    spec = importlib.util.spec_from_file_location(f"exported_train_{n}", f"{directory}/train.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def dropout_check(mod):
    """Where the model drops out, at which rates; train mode is random, eval mode is not."""
    model = mod.Net()
    mod.load_gradscope_weights(model)
    rates = {name: m.p for name, m in model.named_modules() if isinstance(m, torch.nn.Dropout)}
    x = mod.load_data(None)["train"][0][:64]
    model.eval()
    with torch.no_grad():
        e1, e2 = model(x), model(x)
        model.train()
        torch.manual_seed(0)
        t1 = model(x)
        t2 = model(x)
    return {"rates": rates, "evalRepeats": bool(torch.equal(e1, e2)), "trainDiffers": not bool(torch.equal(t1, t2)),
            "trainDiffersFromEval": not bool(torch.allclose(t1, e1))}


def main():
    jobs = json.load(open(sys.argv[1]))
    torch.set_num_threads(1)
    for n, job in enumerate(jobs):
        out, err = io.StringIO(), io.StringIO()
        code, check = 0, None
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                mod = load(job["dir"], n)
                if job.get("check") == "dropout":
                    check = dropout_check(mod)
                else:
                    code = mod.main(job["args"])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 2
            err.write(str(e.code) if not isinstance(e.code, int) else "")
        except Exception as e:  # reported to the test, which fails with it
            code = 3
            err.write(f"{type(e).__name__}: {e}")
        print(json.dumps({"id": job["id"], "code": code, "stdout": out.getvalue(), "stderr": err.getvalue(), "check": check}), flush=True)


main()
