"""A small training loop: a cell, a read-out layer, a loss, BPTT and an optimiser.

For each sequence of a :class:`~tinyrnn.tasks.Task`::

    steps = cell.run(xs)                        forward: the traces are the cache
    y_t = readout(h_t)                          at each step that has a target
    L, dy = mse(y_t, target) or cross_entropy   the loss and ∂L/∂y_t
    _, dh_t = readout.backward(h_t, dy)         ∂L/∂h_t
    grads = tinyrnn.backward(cell, steps, dh)   backpropagation through time

then the gradients of a mini-batch are averaged, clipped, and given to the
optimiser, and new (immutable) cell and read-out are built from the new
weights. Progress is printed once per epoch unless ``verbose=False``.

>>> import tinyrnn
>>> from tinyrnn.tasks import memory_task
>>> task = memory_task(delay=2, n_train=30, n_test=30, seed=0)
>>> result = train(tinyrnn.GRUCell(task.input_size, 8, seed=0), task, epochs=3, verbose=False)
>>> len(result.losses), result.losses[-1] < result.losses[0]
(3, True)
"""

from __future__ import annotations

import random
import time
from typing import Any, NamedTuple

from tinyrnn.bptt import backward
from tinyrnn.cell import Cell
from tinyrnn.checks import received, size
from tinyrnn.family import check_cell, from_params
from tinyrnn.losses import cross_entropy, mse
from tinyrnn.optim import SGD, Adam, add_gradients, clip_gradients, scale_gradients
from tinyrnn.readout import Linear
from tinyrnn.tasks import Example, Task
from tinyrnn.vector import Vector

__all__ = ["TrainingResult", "evaluate", "train"]


class TrainingResult(NamedTuple):
    """What :func:`train` returns: the trained cell and read-out, and how it went.

    ``losses[e]`` is the mean training loss during epoch ``e`` and
    ``epoch_seconds[e]`` its wall time; ``test_loss`` and ``test_accuracy``
    are measured on the task's test sequences after the last epoch.

    >>> import tinyrnn
    >>> from tinyrnn.tasks import noisy_sine
    >>> task = noisy_sine(length=4, n_train=4, n_test=2, seed=0)
    >>> result = train(tinyrnn.LSTMCell(1, 2, seed=0), task, epochs=2, verbose=False)
    >>> type(result.cell).__name__, len(result.losses), 0.0 <= result.test_accuracy <= 1.0
    ('LSTMCell', 2, True)
    """

    cell: Any
    readout: Linear
    losses: list[float]
    epoch_seconds: list[float]
    test_loss: float
    test_accuracy: float


def _score(y: Vector, target: Any, task: Task) -> tuple[float, Vector, bool]:
    """The loss of one prediction, its gradient ``∂L/∂y``, and whether it counts as correct."""
    if task.loss == "mse":
        loss, dy = mse(y, target)
        return loss, dy, all(abs(a - b) <= (task.tolerance or 0.0) for a, b in zip(y, target, strict=True))
    loss, dy = cross_entropy(y, target)
    return loss, dy, max(range(len(y)), key=y.__getitem__) == target


def _example(cell: Cell, readout: Linear, example: Example, task: Task) -> tuple[float, int, dict[str, Any], Any]:
    """Loss (mean over the example's targets), number correct, read-out gradients, cell gradients."""
    steps = cell.run(example.xs)
    zeros = [0.0] * cell.hidden_size
    dh: list[Any] = [zeros] * len(steps)
    share = 1.0 / len(example.targets)  # the example's loss is the mean over its targets
    total, correct = 0.0, 0
    readout_grads: dict[str, Any] | None = None
    for t, target in example.targets.items():
        h = steps[t].h
        loss, dy, right = _score(readout(h), target, task)
        correct += right
        grads, dh[t] = readout.backward(h, dy * share)
        readout_grads = grads if readout_grads is None else add_gradients(readout_grads, grads)
        total += loss * share
    assert readout_grads is not None  # every example has at least one target
    return total, correct, readout_grads, backward(cell, steps, dh).params


def evaluate(cell: Cell, readout: Linear, task: Task, examples: list[Example] | None = None) -> tuple[float, float]:
    """``(mean loss, accuracy)`` on ``examples`` (default: the task's test sequences).

    Accuracy is the fraction of targets predicted correctly (see :class:`~tinyrnn.tasks.Task`).

    >>> import tinyrnn
    >>> from tinyrnn.tasks import memory_task
    >>> task = memory_task(delay=1, n_train=1, n_test=30, seed=0)
    >>> cell = tinyrnn.GRUCell(task.input_size, 3, seed=0)
    >>> loss, accuracy = evaluate(cell, Linear(3, task.output_size, seed=0), task)   # untrained: near chance
    >>> loss > 0.5, 0.0 <= accuracy <= 1.0
    (True, True)
    """
    examples = task.test if examples is None else examples
    losses, correct, targets = 0.0, 0, 0
    for example in examples:
        steps = cell.run(example.xs)
        share = 1.0 / len(example.targets)
        for t, target in example.targets.items():
            loss, _, right = _score(readout(steps[t].h), target, task)
            losses += loss * share
            correct += right
            targets += 1
    return losses / len(examples), correct / targets


def _rebuild(cell: Cell, params: dict[str, Any]) -> Cell:
    """A cell of the same kind with new weights (cells are immutable)."""
    return from_params(cell.spec.key, params)


def train(
    cell: Cell,
    task: Task,
    *,
    epochs: int = 10,
    optimizer: SGD | Adam | None = None,
    batch_size: int = 10,
    readout: Linear | None = None,
    max_norm: float = 1.0,
    seed: int = 0,
    verbose: bool = True,
) -> TrainingResult:
    """Train ``cell`` and a linear read-out on ``task`` with mini-batch gradient descent.

    Args:
        cell: a cell of the family (:class:`~tinyrnn.LSTMCell`, :class:`~tinyrnn.GRUCell`, …) whose
            ``input_size`` is the task's.
        task: a :class:`~tinyrnn.tasks.Task` (see :mod:`tinyrnn.tasks`).
        epochs: passes over the training sequences.
        optimizer: an :class:`~tinyrnn.optim.Adam` (default, ``lr=0.01``) or
            :class:`~tinyrnn.optim.SGD`; it keeps its state between calls.
        batch_size: sequences per update (their gradients are averaged).
        readout: the read-out layer to start from (default: ``Linear(hidden_size,
            task.output_size, seed=seed)``).
        max_norm: gradients are clipped to this overall norm before each update.
        seed: shuffles the training sequences (and seeds the default read-out).
        verbose: print ``epoch, loss`` once per epoch, and the test result.

    Returns:
        A :class:`TrainingResult` (the new cell and read-out: the inputs are immutable).

    >>> import tinyrnn
    >>> from tinyrnn.tasks import memory_task
    >>> task = memory_task(delay=1, n_train=20, n_test=10, seed=0)
    >>> result = tinyrnn.train(tinyrnn.GRUCell(task.input_size, 4, seed=0), task, epochs=2)  # doctest: +ELLIPSIS
    epoch   1/2  loss ...
    epoch   2/2  loss ...
    test      loss ...  accuracy ...%
    """
    cell = check_cell(cell)
    if not isinstance(task, Task):
        raise TypeError(f"task must be a Task (see tinyrnn.tasks), got {received(task)}")
    if cell.input_size != task.input_size:
        raise ValueError(
            f"the cell's input_size is {cell.input_size} but task {task.name!r} has inputs of {task.input_size}"
        )
    epochs, batch_size = size(epochs, "epochs"), size(batch_size, "batch_size")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {received(seed)}")
    readout = readout if readout is not None else Linear(cell.hidden_size, task.output_size, seed=seed)
    if (readout.in_features, readout.out_features) != (cell.hidden_size, task.output_size):
        raise ValueError(
            f"readout maps {readout.in_features} numbers to {readout.out_features}, but the cell's hidden_size is "
            f"{cell.hidden_size} and the task needs {task.output_size} outputs"
        )
    optimizer = optimizer if optimizer is not None else Adam(lr=0.01)
    rng = random.Random(seed)
    order = list(range(len(task.train)))
    losses: list[float] = []
    seconds: list[float] = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        rng.shuffle(order)
        epoch_loss = 0.0
        for first in range(0, len(order), batch_size):
            batch = order[first : first + batch_size]
            total: dict[str, Any] | None = None
            for index in batch:
                loss, _, readout_grads, cell_grads = _example(cell, readout, task.train[index], task)
                epoch_loss += loss
                grads = {**cell_grads, **readout_grads}
                total = grads if total is None else add_gradients(total, grads)
            assert total is not None  # a batch is never empty
            clipped, _ = clip_gradients(scale_gradients(total, 1.0 / len(batch)), max_norm)
            new = optimizer.step({**cell.params, **readout.params}, clipped)
            readout = Linear.from_params({"W_y": new.pop("W_y"), "b_y": new.pop("b_y")})
            cell = _rebuild(cell, new)
        seconds.append(time.perf_counter() - start)
        losses.append(epoch_loss / len(order))
        if verbose:
            print(f"epoch {epoch:3d}/{epochs}  loss {losses[-1]:.4f}  ({seconds[-1]:.2f} s)")  # noqa: T201 - verbose=True asks for progress
    test_loss, test_accuracy = evaluate(cell, readout, task)
    if verbose:
        print(f"test      loss {test_loss:.4f}  accuracy {test_accuracy:.1%}")  # noqa: T201
    return TrainingResult(cell, readout, losses, seconds, test_loss, test_accuracy)
