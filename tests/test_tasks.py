"""The toy tasks: seeded, well-formed, and their targets are what the docstrings say."""

from __future__ import annotations

import math

import pytest

from tinyrnn.tasks import Task, adding_problem, memory_task, noisy_sine


@pytest.mark.parametrize("make", [adding_problem, memory_task, noisy_sine])
def test_tasks_are_seeded_and_well_formed(make) -> None:
    task = make(seed=4)
    assert isinstance(task, Task)
    assert task == make(seed=4) and task != make(seed=5)
    for example in task.train + task.test:
        assert all(len(x) == task.input_size for x in example.xs)
        for t, target in example.targets.items():
            assert 0 <= t < len(example.xs)
            if task.loss == "mse":
                assert len(target) == task.output_size
            else:
                assert 0 <= target < task.output_size


def test_the_adding_problem_adds_the_two_marked_values() -> None:
    for example in adding_problem(length=8, seed=1).train:
        marked = [value for value, marker in example.xs if marker == 1.0]
        assert len(marked) == 2
        assert example.targets == {7: [marked[0] + marked[1]]}


@pytest.mark.parametrize("delay", [0, 1, 7])
def test_the_memory_task_asks_for_the_stored_symbols_after_the_delay(delay: int) -> None:
    task = memory_task(delay=delay, n_symbols=4, copy_length=2, seed=2)
    assert task.input_size == 6 and task.output_size == 4
    for example in task.train:
        assert len(example.xs) == 2 * 2 + delay
        stored = [x.index(1.0) for x in example.xs[:2]]
        assert all(x[4] == 1.0 for x in example.xs[:2])  # the store flag
        assert all(x[4] == 0.0 and x[5] == 0.0 and sum(x) == 1.0 for x in example.xs[2 : 2 + delay])  # distractors
        assert all(x == [0.0, 0.0, 0.0, 0.0, 0.0, 1.0] for x in example.xs[2 + delay :])  # the recall flag
        assert example.targets == {2 + delay: stored[0], 3 + delay: stored[1]}


def test_the_sine_targets_are_the_next_clean_values() -> None:
    task = noisy_sine(length=10, noise=0.0, seed=3)
    for example in task.train:
        for t in range(9):
            assert math.isclose(example.targets[t][0], example.xs[t + 1][0], abs_tol=1e-12)
    noisy = noisy_sine(length=10, noise=0.5, seed=3)
    assert any(abs(a.xs[1][0] - a.targets[0][0]) > 0.05 for a in noisy.train)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: adding_problem(length=1), ValueError, "length must be at least 2, got 1"),
        (lambda: adding_problem(seed=None), TypeError, "seed must be an int"),
        (lambda: memory_task(delay=-1), ValueError, "delay must be at least 0"),
        (lambda: memory_task(delay=2.5), TypeError, "delay must be an int"),
        (lambda: memory_task(n_symbols=1), ValueError, "n_symbols must be at least 2"),
        (lambda: memory_task(n_train=0), ValueError, "n_train must be a positive int"),
        (lambda: noisy_sine(noise=-0.1), ValueError, "noise must be non-negative"),
    ],
)
def test_bad_input(call, error, message) -> None:
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)
