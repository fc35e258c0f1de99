"""Seeded toy tasks that show what gates are for.

Each function returns a :class:`Task`: training and test sequences drawn
from ``random.Random(seed)`` (the same seed gives the same data everywhere),
what the loss is, and how "correct" is counted.

* :func:`adding_problem` (Hochreiter & Schmidhuber, 1997): add the two
  numbers that are marked, somewhere in a long sequence. The cell must
  *store* a number when it sees a marker and *ignore* everything else.
* :func:`memory_task`: see a symbol, then ``delay`` steps of distracting
  symbols, then say which symbol came first. The longer the delay, the longer
  the cell must keep a value unchanged -- the slides' "LSTM: better for long
  sequences" put to the test. With ``copy_length > 1`` it is the copy task.
* :func:`noisy_sine`: predict the next value of a sine wave seen through
  noise, at every step: a short memory, but a smooth one.
* :func:`counting_task` (Weiss, Goldberg & Yahav, 2018): read ``aⁿbⁿ`` (or
  ``aⁿbⁿcⁿ``) and say, at each letter after the a's, what comes next. Only a
  cell that *counts* gets every ``n`` right, beyond the lengths it was trained on.

>>> task = memory_task(delay=3, n_train=2, n_test=1, seed=0)
>>> task.input_size, task.output_size, task.loss, len(task.train[0].xs)   # 3 symbols + store + recall
(5, 3, 'cross_entropy', 5)
"""

from __future__ import annotations

import math
import random
from typing import Any, NamedTuple

from tinyrnn.checks import real, received, size

__all__ = ["Example", "Task", "adding_problem", "counting_task", "counting_word", "memory_task", "noisy_sine"]


class Example(NamedTuple):
    """One sequence: its inputs, and the targets at the steps where the loss looks.

    ``targets`` maps a step index ``t`` (0-based) to the target for ``h_t``'s
    prediction: a list of numbers (regression) or a class index (classification).

    >>> example = memory_task(delay=1, n_train=1, n_test=1, seed=1).train[0]
    >>> len(example.xs), example.targets
    (3, {2: 0})
    """

    xs: list[list[float]]
    targets: dict[int, Any]


class Task(NamedTuple):
    """A toy task: data and how to score it.

    ``loss`` is ``"mse"`` (regression) or ``"cross_entropy"`` (classification,
    one logit per class). ``tolerance``: for regression, a prediction within
    this distance of its target counts as correct (``None`` for classification,
    where correct means the largest logit is the target class).

    >>> task = adding_problem(length=5, n_train=3, n_test=2, seed=0)
    >>> task.name, task.loss, task.tolerance, len(task.train), len(task.test)
    ('adding', 'mse', 0.04, 3, 2)
    """

    name: str
    description: str
    input_size: int
    output_size: int
    loss: str
    tolerance: float | None
    train: list[Example]
    test: list[Example]


def _seed(seed: object) -> random.Random:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {received(seed)}")
    return random.Random(seed)


def _count(value: object, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {received(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def adding_problem(length: int = 10, n_train: int = 200, n_test: int = 100, seed: int = 0) -> Task:
    """The adding problem: inputs ``[value, marker]``; add the two marked values.

    Each step's value is uniform in [0, 1); exactly two steps have marker 1, one
    in each half of the sequence. The target, read at the last step, is their
    sum (in [0, 2)). Predicting the mean 1.0 every time gives MSE ≈ 1/6; a
    prediction within 0.04 of the sum counts as correct (Hochreiter & Schmidhuber's criterion).

    >>> example = adding_problem(length=4, n_train=1, n_test=1, seed=2).train[0]
    >>> marked = [value for value, marker in example.xs if marker == 1.0]
    >>> len(marked), example.targets == {3: [marked[0] + marked[1]]}   # two marked; their sum, at the end
    (2, True)
    """
    length = _count(length, "length", 2)
    rng = _seed(seed)

    def example() -> Example:
        values = [rng.random() for _ in range(length)]
        first = rng.randrange(length // 2)
        second = rng.randrange(length // 2, length)
        xs = [[v, 1.0 if t in (first, second) else 0.0] for t, v in enumerate(values)]
        return Example(xs, {length - 1: [values[first] + values[second]]})

    train = [example() for _ in range(size(n_train, "n_train"))]
    test = [example() for _ in range(size(n_test, "n_test"))]
    description = f"adding problem, length {length}: sum of the two marked values, read at the last step"
    return Task("adding", description, 2, 1, "mse", 0.04, train, test)


def memory_task(
    delay: int = 5, n_symbols: int = 3, copy_length: int = 1, n_train: int = 200, n_test: int = 100, seed: int = 0
) -> Task:
    """Remember ``copy_length`` symbols across ``delay`` steps of distractors, then recall them in order.

    Inputs have ``n_symbols + 2`` channels: a one-hot symbol, a *store* flag
    and a *recall* flag. The sequence is ``copy_length`` steps that show a
    symbol with the store flag, ``delay`` steps that show random distracting
    symbols (no flag), then ``copy_length`` steps with only the recall flag, at
    which the targets are the stored symbols in order (classification; chance
    is ``1/n_symbols``). Length: ``2·copy_length + delay``.

    >>> task = memory_task(delay=2, n_symbols=3, copy_length=2, n_train=1, n_test=1, seed=0)
    >>> len(task.train[0].xs), sorted(task.train[0].targets)           # store 2, wait 2, recall 2
    (6, [4, 5])
    """
    delay = _count(delay, "delay", 0)
    n_symbols = _count(n_symbols, "n_symbols", 2)
    copy_length = _count(copy_length, "copy_length", 1)
    rng = _seed(seed)
    channels = n_symbols + 2
    store, recall = n_symbols, n_symbols + 1

    def one_hot(*on: int) -> list[float]:
        return [1.0 if k in on else 0.0 for k in range(channels)]

    def example() -> Example:
        symbols = [rng.randrange(n_symbols) for _ in range(copy_length)]
        xs = [one_hot(s, store) for s in symbols]
        xs += [one_hot(rng.randrange(n_symbols)) for _ in range(delay)]
        xs += [one_hot(recall) for _ in range(copy_length)]
        start = copy_length + delay
        return Example(xs, {start + k: s for k, s in enumerate(symbols)})

    train = [example() for _ in range(size(n_train, "n_train"))]
    test = [example() for _ in range(size(n_test, "n_test"))]
    what = "symbol" if copy_length == 1 else f"{copy_length} symbols"
    description = f"memory task: recall the first {what} (of {n_symbols}) after {delay} distracting steps"
    return Task("memory", description, channels, n_symbols, "cross_entropy", None, train, test)


def noisy_sine(length: int = 20, noise: float = 0.1, n_train: int = 100, n_test: int = 50, seed: int = 0) -> Task:
    """Next-value prediction: see ``sin(ω t + φ) + noise``, predict the next clean value, at every step.

    Each sequence has its own frequency ω (uniform in [0.2, 0.6] radians per
    step) and phase φ; the noise is Gaussian with standard deviation ``noise``.
    A prediction within ``max(0.1, noise)`` of the clean value counts as correct.

    >>> task = noisy_sine(length=6, noise=0.0, n_train=1, n_test=1, seed=0)
    >>> example = task.train[0]
    >>> example.targets[0] == example.xs[1], len(example.targets)     # without noise: the next input
    (True, 6)
    """
    length = _count(length, "length", 2)
    sigma = real(noise, "noise")
    if sigma < 0.0:
        raise ValueError(f"noise must be non-negative, got {sigma}")
    rng = _seed(seed)

    def example() -> Example:
        omega, phi = rng.uniform(0.2, 0.6), rng.uniform(0.0, 2 * math.pi)
        clean = [math.sin(omega * t + phi) for t in range(length + 1)]
        xs = [[clean[t] + rng.gauss(0.0, sigma)] for t in range(length)]
        return Example(xs, {t: [clean[t + 1]] for t in range(length)})

    train = [example() for _ in range(size(n_train, "n_train"))]
    test = [example() for _ in range(size(n_test, "n_test"))]
    description = f"noisy sine, length {length}, noise σ = {sigma:g}: predict the next clean value at every step"
    return Task("sine", description, 1, 1, "mse", max(0.1, sigma), train, test)


def counting_word(n: int, letters: str = "ab") -> Example:
    """The word ``aⁿbⁿ`` (``letters[0]`` n times, then each next letter n times), one-hot, with its targets.

    The input at step ``t`` is the one-hot vector of the word's ``t``-th letter.
    From the first letter after the a's on, every step has a target: the class
    of the *next* symbol, which the word decides (``letters[1:] + "$"``, ``$``
    ending the word). The a's have none: after an ``a`` either letter may follow.

    >>> word = counting_word(2)
    >>> word.xs, word.targets            # "aabb": after "aab" comes "b" (class 0), after "aabb" the end (class 1)
    ([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]], {2: 0, 3: 1})
    """
    n = _count(n, "n", 1)
    if not isinstance(letters, str) or len(letters) < 2 or len(set(letters)) != len(letters):
        raise ValueError(f"letters must be a str of at least 2 different letters, got {letters!r}")
    size = len(letters)
    xs = [[1.0 if j == k else 0.0 for j in range(size)] for k in range(size) for _ in range(n)]
    # After the t-th symbol (t ≥ n), the next is the letter of position t + 1, or the end.
    targets = {t: min((t + 1) // n, size) - 1 for t in range(n, size * n)}
    return Example(xs, targets)


def counting_task(n_max: int = 10, letters: str = "ab", n_test: int = 20, loss: str = "cross_entropy") -> Task:
    """Counting: the words ``aⁿbⁿ`` (``letters="abc"``: ``aⁿbⁿcⁿ``) of :func:`counting_word`.

    Training words: ``n = 1 … n_max``, one of each; test words: the ``n_test``
    lengths after them (``n_max + 1 … n_max + n_test``), to see whether the cell
    counts beyond what it saw. Classes: ``letters[1:] + "$"``. ``loss`` is
    ``"cross_entropy"`` (a class index per target) or ``"mse"`` (squared error
    on a one-hot target; correct when every output is within 0.5 of it).

    >>> task = counting_task(n_max=3)
    >>> task.input_size, task.output_size, len(task.train), len(task.test[0].xs)   # test: n = 4 first
    (2, 2, 3, 8)
    """
    n_max, n_test = _count(n_max, "n_max", 1), _count(n_test, "n_test", 1)
    if loss not in ("cross_entropy", "mse"):
        raise ValueError(f"loss must be 'cross_entropy' or 'mse', got {loss!r}")
    train = [counting_word(n, letters) for n in range(1, n_max + 1)]
    test = [counting_word(n, letters) for n in range(n_max + 1, n_max + n_test + 1)]
    classes = len(letters)
    if loss == "mse":

        def one_hot(example: Example) -> Example:
            hot = {t: [1.0 if j == k else 0.0 for j in range(classes)] for t, k in example.targets.items()}
            return Example(example.xs, hot)

        train, test = [one_hot(e) for e in train], [one_hot(e) for e in test]
    word = "".join(f"{letter}ⁿ" for letter in letters)
    description = f"counting {word}, n ≤ {n_max}: predict the next symbol after each letter that follows the a's"
    return Task("counting", description, classes, classes, loss, 0.5 if loss == "mse" else None, train, test)
