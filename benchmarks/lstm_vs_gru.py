"""The slides' LSTM-vs-GRU table, every row measured: the study behind the docs page "LSTM vs GRU".

    python benchmarks/lstm_vs_gru.py --setting quick                   # under a minute (the tests run it)
    python benchmarks/lstm_vs_gru.py --setting full --docs --pretrained  # the committed results (see the page)

What runs (every cell trained by ``tinyrnn.train``: hand-derived BPTT, Adam,
gradients clipped to norm 1; the read-out is linear):

* **battery**: the arms of :data:`ARMS` (LSTM and GRU of equal hidden size,
  the GRU with equal parameters, and reference rows: the LSTM with forget bias
  1, coupled gates, no forget gate, peepholes, and the plain RNN) on the tasks
  of the setting (adding at T = 10/50/100, memory at delays 16 and 64, a noisy
  sine), one run per seed;
* **size**: LSTM and GRU on one task with 25 … 400 training sequences (the same
  number of updates for every size);
* **tuning**: LSTM and GRU on one task over a learning-rate × initial-scale grid;
* **counting**: LSTM (forget bias 0 and 1) and GRU on aⁿbⁿ and aⁿbⁿcⁿ, with
  cross-entropy and squared error: the largest n recognised beyond training;
* **vanishing**: ‖∂L/∂h_t‖ against the lag T − t, at initialisation and after
  training, for the tanh RNN, the LSTM and the GRU;
* **timing**: one epoch per cell in turn, in this process, before anything else
  runs (the machine is otherwise idle: the load average is recorded).

Runs are spread over ``--jobs`` processes with a progress line on stderr.
Everything measured goes to ``lstm_vs_gru.json`` (format :data:`FORMAT`); the
report (``lstm_vs_gru.md``) and figures (``lstm_vs_gru-*.svg``) are generated
from it (:mod:`study_report`, :mod:`study_figures`); ``--docs`` writes the
docs' copies, ``--pretrained`` the trained counting cells shipped in
``tinyrnn/pretrained/``. Files are written only once everything has run (to a
temporary name, then renamed): Ctrl-C leaves no half-written result.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import multiprocessing
import os
import platform
import sys
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import tinyrnn
from tinyrnn.checks import positive_int
from tinyrnn.family import CELLS
from tinyrnn.losses import cross_entropy, mse
from tinyrnn.optim import Adam
from tinyrnn.readout import Linear
from tinyrnn.tasks import Task, adding_problem, counting_task, counting_word, memory_task, noisy_sine
from tinyrnn.training import train

ROOT = Path(__file__).resolve().parents[1]
FORMAT = 2  # the JSON layout; --from-json refuses any other

#: Every arm: how its cell is built. ``equal_parameters``: the hidden size whose total count
#: (cell + read-out) is nearest the LSTM's; ``forget_bias``: b_f set to this after the default init.
ARMS: dict[str, dict[str, Any]] = {
    "LSTM": {"kind": "lstm"},
    "GRU": {"kind": "gru"},
    "GRU, equal parameters": {"kind": "gru", "equal_parameters": True},
    "LSTM b_f=1": {"kind": "lstm", "forget_bias": 1.0},
    "LSTM coupled": {"kind": "lstm", "coupled": True},
    "LSTM no forget gate": {"kind": "lstm", "forget_gate": False},
    "LSTM peepholes": {"kind": "lstm", "peepholes": True},
    "RNN": {"kind": "rnn"},
}
MAIN_ARMS = ("LSTM", "GRU", "GRU, equal parameters")
FORGET_ARMS = ("LSTM", "LSTM no forget gate", "LSTM b_f=1", "LSTM coupled", "LSTM peepholes")
COUNTING_ARMS = ("LSTM", "LSTM b_f=1", "GRU")
VANISHING_ARMS = ("RNN", "LSTM", "GRU")

SETTINGS: dict[str, dict[str, Any]] = {
    "quick": {
        "hidden_size": 3,
        "lr": 0.03,
        "batch_size": 5,
        "seeds": 2,
        "reference_seeds": 2,
        "battery": {
            "adding-6": {"kind": "adding", "length": 6, "n_train": 10, "n_test": 10, "epochs": 2},
            "memory-4": {"kind": "memory", "delay": 4, "n_train": 10, "n_test": 10, "epochs": 2},
        },
        "long_tasks": ["memory-4"],
        "forget_tasks": ["memory-4"],
        "size": {"task": {"kind": "memory", "delay": 2, "n_test": 10}, "sizes": [5, 10], "updates": 4, "seeds": 2},
        "tuning": {
            "task": {"kind": "memory", "delay": 2, "n_train": 10, "n_test": 10, "epochs": 2},
            "lr": [0.01, 0.1],
            "scale": [1.0],
            "seeds": 2,
        },
        "counting": {"n_max": 3, "test_up_to": 8, "epochs": 20, "lr": 0.05, "hidden_size": 3, "seeds": 2},
        "counting_abc_seeds": 1,
        "vanishing": {"length": 6, "n_train": 10, "epochs": 2, "seeds": 1, "sequences": 2},
        "timing_repeats": 2,
    },
    "full": {
        "hidden_size": 6,
        "lr": 0.03,
        "batch_size": 10,
        "seeds": 20,
        "reference_seeds": 10,
        "battery": {
            "adding-10": {"kind": "adding", "length": 10, "n_train": 200, "n_test": 200, "epochs": 20},
            "adding-50": {"kind": "adding", "length": 50, "n_train": 100, "n_test": 100, "epochs": 15},
            "adding-100": {"kind": "adding", "length": 100, "n_train": 100, "n_test": 100, "epochs": 10},
            "memory-16": {"kind": "memory", "delay": 16, "n_train": 200, "n_test": 200, "epochs": 15},
            "memory-64": {"kind": "memory", "delay": 64, "n_train": 100, "n_test": 100, "epochs": 10},
            "sine-20": {"kind": "sine", "length": 20, "n_train": 100, "n_test": 100, "epochs": 10},
        },
        "long_tasks": ["adding-50", "adding-100", "memory-64"],
        "forget_tasks": ["adding-50", "adding-100", "memory-64"],
        "size": {
            "task": {"kind": "memory", "delay": 8, "n_test": 200},
            "sizes": [25, 50, 100, 200, 400],
            "updates": 200,
            "seeds": 10,
        },
        "tuning": {
            "task": {"kind": "memory", "delay": 8, "n_train": 100, "n_test": 100, "epochs": 10},
            "lr": [0.003, 0.01, 0.03, 0.1],
            "scale": [0.5, 1.0, 2.0],
            "seeds": 10,
        },
        "counting": {"n_max": 10, "test_up_to": 100, "epochs": 600, "lr": 0.03, "hidden_size": 4, "seeds": 20},
        "counting_abc_seeds": 10,
        "vanishing": {"length": 50, "n_train": 100, "epochs": 10, "seeds": 5, "sequences": 10},
        "timing_repeats": 5,
    },
}

# The cells ---------------------------------------------------------------------------------------------


def _total(key: str, options: dict[str, Any], input_size: int, hidden_size: int, outputs: int) -> int:
    """Parameters of a cell and its read-out (``H·O + O``)."""
    cell = CELLS[key](input_size, hidden_size, seed=0, **options)
    return cell.num_parameters + hidden_size * outputs + outputs


def hidden_size_of(arm: str, input_size: int, hidden_size: int, outputs: int) -> int:
    """The arm's hidden size: ``hidden_size``, or for equal parameters the GRU size nearest the LSTM's count.

    >>> hidden_size_of("GRU, equal parameters", 2, 6, 1)      # LSTM 6: 223 numbers; GRU 7: 218
    7
    """
    if not ARMS[arm].get("equal_parameters"):
        return hidden_size
    target = _total("lstm", {}, input_size, hidden_size, outputs)
    return min(range(1, 4 * hidden_size), key=lambda h: abs(_total("gru", {}, input_size, h, outputs) - target))


def make_cell(arm: str, input_size: int, hidden_size: int, seed: int, scale: float = 1.0) -> Any:
    """The arm's cell with tinyrnn's seeded default initialisation (uniform in ±1/√H), times ``scale``."""
    spec = ARMS[arm]
    options = {k: v for k, v in spec.items() if k in ("coupled", "forget_gate", "peepholes")}
    cell = CELLS[spec["kind"]](input_size, hidden_size, seed=seed, **options)  # the GRU: "colah", the slides'
    if scale == 1.0 and "forget_bias" not in spec:
        return cell
    params = {name: _scaled(value, scale) for name, value in cell.params.items()}
    if "forget_bias" in spec:
        params["b_f"] = [spec["forget_bias"]] * hidden_size
    return type(cell).from_params(params, **options)


def _scaled(value: Any, scale: float) -> Any:
    return [_scaled(v, scale) for v in value] if isinstance(value, list) else value * scale


# The tasks ---------------------------------------------------------------------------------------------


def make_task(spec: dict[str, Any], seed: int, n_train: int | None = None) -> Task:
    """A battery task of the setting, its data drawn from ``seed`` (``n_train`` overrides the size)."""
    n = n_train if n_train is not None else spec["n_train"]
    if spec["kind"] == "adding":
        return adding_problem(spec["length"], n, spec["n_test"], seed=seed)
    if spec["kind"] == "memory":
        return memory_task(spec["delay"], 3, 1, n, spec["n_test"], seed=seed)
    return noisy_sine(spec["length"], 0.1, n, spec["n_test"], seed=seed)


def constant_loss(task: Task) -> float:
    """The test loss of the best constant prediction (the mean target; the uniform guess for classes).

    Every score of the study is relative to it: ``1 − loss / constant_loss`` is 0 for a cell that learnt
    nothing and 1 for a perfect one (for the classification tasks the score is the accuracy instead).
    """
    if task.loss == "cross_entropy":
        return cross_entropy([0.0] * task.output_size, 0)[0]
    targets = [target for example in task.train for target in example.targets.values()]
    mean = [math.fsum(t[k] for t in targets) / len(targets) for k in range(task.output_size)]
    return math.fsum(mse(mean, t)[0] for e in task.test for t in e.targets.values()) / sum(
        len(e.targets) for e in task.test
    )


def score(task: Task, test_loss: float, test_accuracy: float) -> float:
    """The task's score: accuracy (classification), else the share of the constant predictor's loss removed.

    A regression run worse than the constant prediction scores 0 (not below: one diverged run would
    otherwise swamp the mean of the others).
    """
    return test_accuracy if task.loss == "cross_entropy" else max(0.0, 1.0 - test_loss / constant_loss(task))


SOLVED = 0.9  # a run solves a task when its score reaches this
THRESHOLD = 0.1  # a run reaches the training threshold when its training loss is below this share of the constant's


# The jobs ----------------------------------------------------------------------------------------------


def _train(arm: str, task: Task, hidden_size: int, seed: int, epochs: int, lr: float, batch: int, scale: float = 1.0):
    cell = make_cell(arm, task.input_size, hidden_size, seed, scale)
    return train(cell, task, epochs=epochs, optimizer=Adam(lr=lr), batch_size=batch, seed=seed, verbose=False)


def _outcome(task: Task, result: Any) -> dict[str, Any]:
    value = score(task, result.test_loss, result.test_accuracy)
    reach = THRESHOLD * constant_loss(task)
    reached = next((e + 1 for e, loss in enumerate(result.losses) if loss <= reach), None)
    return {
        "losses": result.losses,
        "epoch_seconds": result.epoch_seconds,
        "test_loss": result.test_loss,
        "test_accuracy": result.test_accuracy,
        "score": value,
        "solved": value >= SOLVED,
        "epochs_to_threshold": reached,
    }


def battery_job(job: dict[str, Any], setting: dict[str, Any]) -> dict[str, Any]:
    spec = setting["battery"][job["task"]]
    task = make_task(spec, job["seed"])
    H = hidden_size_of(job["arm"], task.input_size, setting["hidden_size"], task.output_size)
    result = _train(job["arm"], task, H, job["seed"], spec["epochs"], setting["lr"], setting["batch_size"])
    return _outcome(task, result)


def size_job(job: dict[str, Any], setting: dict[str, Any]) -> dict[str, Any]:
    sweep = setting["size"]
    task = make_task(sweep["task"], job["seed"], n_train=job["n_train"])
    epochs = math.ceil(sweep["updates"] * setting["batch_size"] / job["n_train"])
    result = _train(job["arm"], task, setting["hidden_size"], job["seed"], epochs, setting["lr"], setting["batch_size"])
    return {**_outcome(task, result), "epochs": epochs}


def tuning_job(job: dict[str, Any], setting: dict[str, Any]) -> dict[str, Any]:
    grid = setting["tuning"]
    task = make_task(grid["task"], job["seed"])
    H, batch = setting["hidden_size"], setting["batch_size"]
    result = _train(job["arm"], task, H, job["seed"], grid["task"]["epochs"], job["lr"], batch, job["scale"])
    return _outcome(task, result)


def recognises(cell: Any, readout: Linear, n: int, letters: str) -> bool:
    """Whether every prediction the word aⁿbⁿ(cⁿ) decides is right (largest output = the next symbol)."""
    word = counting_word(n, letters)
    steps = cell.run(word.xs)
    for t, target in word.targets.items():
        y = readout(steps[t].h)
        if max(range(len(y)), key=y.__getitem__) != target:
            return False
    return True


def largest_recognised(cell: Any, readout: Linear, letters: str, up_to: int) -> int:
    """The largest n such that every word a¹b¹ … aⁿbⁿ is recognised (0 if not even n = 1), at most ``up_to``."""
    for n in range(1, up_to + 1):
        if not recognises(cell, readout, n, letters):
            return n - 1
    return up_to


def counting_job(job: dict[str, Any], setting: dict[str, Any]) -> dict[str, Any]:
    c = setting["counting"]
    task = counting_task(c["n_max"], job["letters"], n_test=1, loss=job["loss"])
    cell = make_cell(job["arm"], task.input_size, c["hidden_size"], job["seed"])
    result = train(
        cell,
        task,
        epochs=c["epochs"],
        optimizer=Adam(lr=c["lr"]),
        batch_size=len(task.train),
        seed=job["seed"],
        verbose=False,
    )
    largest = largest_recognised(result.cell, result.readout, job["letters"], c["test_up_to"])
    return {
        "largest_n": largest,
        "final_loss": result.losses[-1],
        "params": result.cell.params,
        "readout": result.readout.params,
    }


def upstream_gradients(cell: Any, steps: Any, dh_last: Any) -> list[Any]:
    """``[∂L/∂h_T, ∂L/∂h_{T-1}, …, ∂L/∂h_0]`` for a loss read at the last step only (``dh_last`` = ∂L/∂h_T).

    Carried back one step at a time by ``cell.backward_step``, the hand-derived step that
    ``tinyrnn.backward`` chains: the ``dh`` entering step t is ∂L/∂h_t through every later step
    (for the LSTM, through C too). The last entry equals ``tinyrnn.backward(...).dh0``.
    """
    dh, dc = dh_last, None
    found = [dh]
    for step in reversed(steps):
        grads = cell.backward_step(step, dh, dc)
        dh, dc = grads.dh_prev, grads.dc_prev
        found.append(dh)
    return found


def gradient_norms(cell: Any, readout: Linear, task: Task, sequences: int) -> list[float]:
    """Mean over the first test sequences of log10 ‖∂L/∂h_t‖, by lag T − t (t = T … 1); ``L`` at the last step."""
    totals: list[float] = []
    for example in task.test[:sequences]:
        steps = cell.run(example.xs)
        ((t, target),) = example.targets.items()
        y = readout(steps[t].h)
        _, dy = mse(y, target) if task.loss == "mse" else cross_entropy(y, target)
        _, dh = readout.backward(steps[t].h, dy)
        norms = [math.sqrt(math.fsum(v * v for v in g)) for g in upstream_gradients(cell, steps[: t + 1], dh)[:-1]]
        if not totals:
            totals = [0.0] * len(norms)
        for lag, norm in enumerate(norms):
            totals[lag] += math.log10(max(norm, 1e-300)) / sequences
    return totals


def vanishing_job(job: dict[str, Any], setting: dict[str, Any]) -> dict[str, Any]:
    v = setting["vanishing"]
    spec = {"kind": "adding", "length": v["length"], "n_train": v["n_train"], "n_test": v["sequences"]}
    task = make_task(spec, job["seed"])
    H = setting["hidden_size"]
    cell = make_cell(job["arm"], task.input_size, H, job["seed"])
    before = gradient_norms(cell, Linear(H, task.output_size, seed=job["seed"]), task, v["sequences"])
    result = _train(job["arm"], task, H, job["seed"], v["epochs"], setting["lr"], setting["batch_size"])
    after = gradient_norms(result.cell, result.readout, task, v["sequences"])
    return {"log10_norms_at_init": before, "log10_norms_trained": after, "score": score(task, result.test_loss, 0.0)}


JOBS = {
    "battery": battery_job,
    "size": size_job,
    "tuning": tuning_job,
    "counting": counting_job,
    "vanishing": vanishing_job,
}


def plan(setting: dict[str, Any], tasks: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every job of the study, each with its cost (time steps trained and evaluated), for the progress line."""
    jobs: list[dict[str, Any]] = []
    H = setting["hidden_size"]
    chosen = list(setting["battery"]) if tasks is None else list(tasks)
    for name in chosen:
        spec = setting["battery"][name]
        length = spec.get("length", spec.get("delay", 0) + 2)
        for arm in ARMS:
            if arm in ("LSTM no forget gate", "LSTM peepholes") and name not in setting["forget_tasks"]:
                continue
            seeds = setting["seeds"] if arm in MAIN_ARMS else setting["reference_seeds"]
            cost = length * (spec["n_train"] * spec["epochs"] + spec["n_test"]) * _weight(arm, H)
            jobs += [{"experiment": "battery", "task": name, "arm": arm, "seed": s, "cost": cost} for s in range(seeds)]
    sweep = setting["size"]
    length = sweep["task"]["delay"] + 2
    for n in sweep["sizes"]:
        for arm in ("LSTM", "GRU"):
            cost = length * (sweep["updates"] * setting["batch_size"] + sweep["task"]["n_test"]) * _weight(arm, H)
            jobs += [
                {"experiment": "size", "n_train": n, "arm": arm, "seed": s, "cost": cost} for s in range(sweep["seeds"])
            ]
    grid = setting["tuning"]
    spec = grid["task"]
    length = spec["delay"] + 2
    for lr in grid["lr"]:
        for scale in grid["scale"]:
            for arm in ("LSTM", "GRU"):
                cost = length * (spec["n_train"] * spec["epochs"] + spec["n_test"]) * _weight(arm, H)
                jobs += [
                    {"experiment": "tuning", "lr": lr, "scale": scale, "arm": arm, "seed": s, "cost": cost}
                    for s in range(grid["seeds"])
                ]
    c = setting["counting"]
    for letters, losses, seeds in (
        ("ab", ("cross_entropy", "mse"), c["seeds"]),
        ("abc", ("mse",), setting["counting_abc_seeds"]),
    ):
        k = len(letters)
        trained = k * c["n_max"] * (c["n_max"] + 1) // 2 * c["epochs"]
        tested = k * c["test_up_to"] * (c["test_up_to"] + 1) // 4  # about half the test words are reached
        for loss in losses:
            for arm in COUNTING_ARMS:
                cost = (trained + tested) * _weight(arm, c["hidden_size"])
                jobs += [
                    {"experiment": "counting", "letters": letters, "loss": loss, "arm": arm, "seed": s, "cost": cost}
                    for s in range(seeds)
                ]
    v = setting["vanishing"]
    for arm in VANISHING_ARMS:
        cost = v["length"] * (v["n_train"] * v["epochs"] + 4 * v["sequences"]) * _weight(arm, H)
        jobs += [{"experiment": "vanishing", "arm": arm, "seed": s, "cost": cost} for s in range(v["seeds"])]
    return jobs


def _weight(arm: str, hidden_size: int) -> float:
    """Relative cost of one trained time step (measured: the GRU ≈ 0.8 of the LSTM, the RNN ≈ 0.4)."""
    kind = ARMS[arm]["kind"]
    return (hidden_size + 6) * {"lstm": 1.0, "gru": 0.8, "rnn": 0.4}[kind]


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """One job in a worker process: its record, with its own wall time."""
    started = time.perf_counter()
    record = JOBS[job["experiment"]](job, job["_setting"])
    public = {k: v for k, v in job.items() if not k.startswith("_") and k != "cost"}
    return {**public, **record, "seconds": time.perf_counter() - started}


# Timing, in this process -------------------------------------------------------------------------------


def time_epochs(setting: dict[str, Any], tasks: list[str], log: Any) -> dict[str, Any]:
    """Seconds per training epoch of the main arms, one epoch each in turn, ``timing_repeats`` rounds.

    Run before the worker processes start, so that nothing else of the study competes for the
    processor; the 1-minute load average before and after is recorded, and a run above 1.5 is flagged.
    """
    load_before = os.getloadavg()[0]
    out: dict[str, Any] = {}
    for name in tasks:
        spec = setting["battery"][name]
        task = make_task(spec, 0)
        times: dict[str, list[float]] = {arm: [] for arm in MAIN_ARMS}
        for _ in range(setting["timing_repeats"]):
            for arm in MAIN_ARMS:
                H = hidden_size_of(arm, task.input_size, setting["hidden_size"], task.output_size)
                result = _train(arm, task, H, 0, 1, setting["lr"], setting["batch_size"])
                times[arm].append(result.epoch_seconds[0])
        out[name] = times
        log(f"timed one epoch of {name}: " + ", ".join(f"{a} {min(t):.3f} s" for a, t in times.items()))
    load_after = os.getloadavg()[0]
    return {
        "epochs": out,
        "load_before": load_before,
        "load_after": load_after,
        "busy": max(load_before, load_after) > 1.5,
    }


def implementation() -> dict[str, dict[str, int]]:
    """What each cell takes to write down: equations per step, weight tensors, values computed per step."""
    from tinyrnn import examples
    from tinyrnn.params import LAYOUTS
    from tinyrnn.render import GRU_STEPS, LSTM_STEPS

    def values(step: Any, given: tuple[str, ...]) -> int:
        return sum(1 for f in step._fields if f not in given and getattr(step, f) is not None)

    return {
        "lstm": {
            "equations": sum(len(formulas) for _, _, formulas, _ in LSTM_STEPS),
            "weights": len(LAYOUTS["lstm"]),
            "values": values(examples.slide_lstm(), ("x", "h_prev", "c_prev", "rounding")),
        },
        "gru": {
            "equations": sum(len(formulas) for _, _, formulas, _ in GRU_STEPS["colah"]),
            "weights": len(LAYOUTS["gru"]),
            "values": values(examples.slide_gru(), ("variant", "x", "h_prev", "rounding")),
        },
    }


# Running -----------------------------------------------------------------------------------------------


class Progress:
    """A live line on stderr: jobs done/total, elapsed, and an estimate of what is left (by cost)."""

    def __init__(self, total_cost: float, count: int, quiet: bool) -> None:
        self.total, self.count, self.quiet = total_cost, count, quiet
        self.done_cost, self.done = 0.0, 0
        self.started = time.perf_counter()

    def update(self, cost: float) -> None:
        self.done += 1
        self.done_cost += cost
        if self.quiet:
            return
        elapsed = time.perf_counter() - self.started
        left = elapsed * (self.total - self.done_cost) / self.done_cost if self.done_cost else 0.0
        end = "\n" if self.done == self.count else ""
        sys.stderr.write(
            f"\r  {self.done}/{self.count} runs, {100 * self.done_cost / self.total:.0f}% of the work, "
            f"elapsed {_clock(elapsed)}, about {_clock(left)} left   {end}"
        )
        sys.stderr.flush()


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def run_all(jobs: list[dict[str, Any]], setting: dict[str, Any], processes: int, quiet: bool) -> list[dict[str, Any]]:
    """Every job, the costliest first, over ``processes`` worker processes (in this process if 1)."""
    ordered = sorted(jobs, key=lambda job: -job["cost"])
    for job in ordered:
        job["_setting"] = setting
    progress = Progress(sum(job["cost"] for job in ordered), len(ordered), quiet)
    records: list[dict[str, Any]] = []
    if processes == 1:
        for job in ordered:
            records.append(run_job(job))
            progress.update(job["cost"])
        return records
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for job, record in zip(ordered, pool.imap(run_job, ordered), strict=True):
            records.append(record)
            progress.update(job["cost"])
    return records


def machine() -> dict[str, Any]:
    """What the study ran on."""
    return {
        "load_average": list(os.getloadavg()),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count() or 1,
    }


def collect(records: list[dict[str, Any]], setting: dict[str, Any], tasks: list[str]) -> dict[str, Any]:
    """The raw records grouped by experiment, in a fixed order (seeds ascending)."""
    records = sorted(records, key=lambda r: (r["experiment"], str(r.get("task")), r["arm"], r["seed"]))
    battery: dict[str, Any] = {}
    for name in tasks:
        spec = setting["battery"][name]
        task = make_task(spec, 0)
        arms: dict[str, Any] = {}
        for arm in ARMS:
            runs = [r for r in records if r["experiment"] == "battery" and r["task"] == name and r["arm"] == arm]
            if not runs:
                continue
            H = hidden_size_of(arm, task.input_size, setting["hidden_size"], task.output_size)
            cell = make_cell(arm, task.input_size, H, 0)
            arms[arm] = {
                "hidden_size": H,
                "cell_parameters": cell.num_parameters,
                "parameters": cell.num_parameters + H * task.output_size + task.output_size,
                "runs": [_strip(r) for r in runs],
            }
        battery[name] = {
            "spec": spec,
            "description": task.description,
            "loss": task.loss,
            "input_size": task.input_size,
            "output_size": task.output_size,
            "constant_loss": constant_loss(task),
            "arms": arms,
        }

    def runs_of(experiment: str) -> list[dict[str, Any]]:
        return [_strip(r) for r in records if r["experiment"] == experiment]

    return {
        "battery": battery,
        "size": runs_of("size"),
        "tuning": runs_of("tuning"),
        "counting": runs_of("counting"),
        "vanishing": runs_of("vanishing"),
    }


def _strip(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("experiment", "task")}


def run_study(name: str, *, seeds: int | None, tasks: list[str] | None, processes: int, log: Any, quiet: bool):
    """The whole study: timing first (alone), then every job over the worker processes."""
    setting = json.loads(json.dumps(SETTINGS[name]))  # a copy: --seeds changes it
    if seeds is not None:
        setting["seeds"] = setting["reference_seeds"] = seeds
    chosen = list(setting["battery"]) if tasks is None else tasks
    setting["long_tasks"] = [t for t in setting["long_tasks"] if t in chosen]
    setting["forget_tasks"] = [t for t in setting["forget_tasks"] if t in chosen]
    quick_seconds = None
    if name != "quick":  # the cost of the quick setting, on the same machine, for the report
        quick_seconds = run_study(
            "quick", seeds=None, tasks=None, processes=processes, log=lambda *_: None, quiet=True
        )["total_seconds"]
    started, at_start = time.perf_counter(), machine()
    log(f"LSTM vs GRU, setting {name!r}: timing one epoch per cell, then the runs over {processes} processes")
    timing = time_epochs(setting, chosen, log)
    jobs = plan(setting, chosen)
    records = run_all(jobs, setting, processes, quiet)
    return {
        "format": FORMAT,
        "setting": name,
        "parameters": setting,
        "arms": ARMS,
        "rules": {"solved": SOLVED, "threshold": THRESHOLD},
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": at_start,
        "load_average_at_end": list(os.getloadavg()),
        "tinyrnn": tinyrnn.__version__,
        "processes": processes,
        "runs": len(jobs),
        "total_seconds": time.perf_counter() - started,
        "quick_seconds": quick_seconds,
        "implementation": implementation(),
        "timing": timing,
        **collect(records, setting, chosen),
    }


# Writing -----------------------------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    """Write to a temporary name, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path


def outputs(results: dict[str, Any], out: Path, docs: bool, pretrained: bool) -> dict[Path, str]:
    """Every file to write and its text, all computed before the first is written."""
    import study_figures
    import study_report

    figures = study_figures.figures(results)
    texts: dict[Path, str] = {
        out / "lstm_vs_gru.json": json.dumps(results, indent=1, allow_nan=False) + "\n",
        out / "lstm_vs_gru.md": study_report.markdown(results, figure_folder=""),
    }
    texts.update({out / f"lstm_vs_gru-{name}.svg": text for name, text in figures.items()})
    if docs:
        texts[ROOT / "docs" / "_lstm_vs_gru_results.md"] = study_report.markdown(
            results, figure_folder="_static/lstm_vs_gru/", docs=True
        )
        texts.update({ROOT / "docs" / "_static" / "lstm_vs_gru" / f"{n}.svg": t for n, t in figures.items()})
    if pretrained:
        folder = ROOT / "src" / "tinyrnn" / "pretrained"
        for name, data in study_report.pretrained(results).items():
            texts[folder / name] = json.dumps(data, indent=1) + "\n"
    return texts


def load(path: Path) -> dict[str, Any]:
    """Saved results, refused with a message when they are not this script's format."""
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SystemExit(f"lstm_vs_gru.py: --from-json {path}: cannot read it ({error})") from None
    found = results.get("format") if isinstance(results, dict) else None
    if found != FORMAT:
        raise SystemExit(
            f"lstm_vs_gru.py: --from-json {path}: results of format {found!r}, this script reads format {FORMAT} "
            "(an older study's results: rerun the study to get them in this format)"
        )
    return results


def _tasks(text: str, setting: str) -> list[str]:
    known = list(SETTINGS[setting]["battery"])
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    for name in chosen:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise argparse.ArgumentTypeError(
                f"unknown task {name!r}{hint}; the tasks of setting {setting!r} are {', '.join(known)}"
            )
    if not chosen:
        raise argparse.ArgumentTypeError(f"no task given; the tasks of setting {setting!r} are {', '.join(known)}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lstm_vs_gru.py",
        description="The slides' LSTM-vs-GRU table, every row measured (see the module docstring).",
    )
    parser.add_argument("--setting", choices=sorted(SETTINGS), default="quick", help="quick (≤ 60 s) or full")
    parser.add_argument("--seeds", type=positive_int, help="seeds per arm (default: the setting's)")
    parser.add_argument("--tasks", help="comma-separated battery tasks (default: all of the setting)")
    parser.add_argument(
        "--jobs", type=positive_int, default=os.cpu_count() or 1, help="worker processes (default: cores)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results", help="folder for the results")
    parser.add_argument("--docs", action="store_true", help="also write docs/_lstm_vs_gru_results.md and its figures")
    parser.add_argument("--pretrained", action="store_true", help="also write the counting cells of tinyrnn.pretrained")
    parser.add_argument("--from-json", type=Path, help="do not measure: rewrite the report from saved results")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)
    tasks = None
    if args.tasks is not None:
        try:
            tasks = _tasks(args.tasks, args.setting)
        except argparse.ArgumentTypeError as error:
            parser.error(f"argument --tasks: {error}")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"argument --out: {args.out} is a file, not a folder")
    log = (lambda *_: None) if args.quiet else print
    if args.from_json:
        results = load(args.from_json)
    else:
        try:
            results = run_study(
                args.setting, seeds=args.seeds, tasks=tasks, processes=args.jobs, log=log, quiet=args.quiet
            )
        except KeyboardInterrupt:
            print("\nlstm_vs_gru.py: interrupted; no result file was written", file=sys.stderr)
            return 130
    if not args.from_json:  # the measurements first: a report that fails can be redone with --from-json
        log(f"wrote {_write(args.out / 'lstm_vs_gru.json', json.dumps(results, indent=1, allow_nan=False) + chr(10))}")
    for path, text in outputs(results, args.out, args.docs, args.pretrained).items():
        log(f"wrote {_write(path, text)}")
    log(f"the study took {results['total_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
