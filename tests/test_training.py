"""The training loop: it learns, it reports, it can be silenced, it leaves its inputs alone."""

from __future__ import annotations

import pytest

from tinyrnn import GRUCell, LSTMCell
from tinyrnn.optim import SGD, Adam
from tinyrnn.readout import Linear
from tinyrnn.tasks import adding_problem, memory_task, noisy_sine
from tinyrnn.training import evaluate, train


@pytest.mark.parametrize("make", [lambda n: LSTMCell(n, 6, seed=0), lambda n: GRUCell(n, 6, seed=0)])
def test_training_learns_a_short_memory_task(make) -> None:
    task = memory_task(delay=1, n_train=60, n_test=60, seed=0)
    cell = make(task.input_size)
    before = evaluate(cell, Linear(6, task.output_size, seed=0), task)
    result = train(cell, task, epochs=8, batch_size=5, optimizer=Adam(lr=0.03), verbose=False)
    assert result.losses[-1] < 0.5 * result.losses[0]
    assert result.test_accuracy > 0.9 > before[1]  # chance is 1/3
    assert len(result.losses) == len(result.epoch_seconds) == 8
    assert result.cell != cell and type(result.cell) is type(cell)


def test_training_prints_progress_unless_silenced(capsys: pytest.CaptureFixture[str]) -> None:
    task = noisy_sine(length=5, n_train=10, n_test=5, seed=0)
    train(GRUCell(1, 3, seed=0), task, epochs=2)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines[:2]] == [["epoch", "1/2"], ["epoch", "2/2"]]
    assert "loss" in lines[0] and lines[2].startswith("test")
    train(GRUCell(1, 3, seed=0), task, epochs=2, verbose=False)
    assert capsys.readouterr().out == ""


def test_sgd_training_on_the_adding_problem_reduces_the_loss() -> None:
    task = adding_problem(length=4, n_train=40, n_test=20, seed=1)
    cell = LSTMCell(2, 4, seed=1)
    params = cell.params
    result = train(cell, task, epochs=4, optimizer=SGD(lr=0.5), verbose=False, batch_size=5)
    assert result.losses[-1] < result.losses[0]
    assert cell.params == params  # the input cell is immutable


def test_same_seed_same_result() -> None:
    task = memory_task(delay=2, n_train=20, n_test=10, seed=0)
    first = train(GRUCell(task.input_size, 4, variant="pytorch", seed=2), task, epochs=2, verbose=False, seed=3)
    again = train(GRUCell(task.input_size, 4, variant="pytorch", seed=2), task, epochs=2, verbose=False, seed=3)
    assert first.cell == again.cell and first.losses == again.losses


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: train("cell", memory_task()), TypeError, "cell must be an LSTMCell or a GRUCell"),
        (lambda: train(LSTMCell(5, 2), "memory"), TypeError, "task must be a Task"),
        (
            lambda: train(LSTMCell(3, 2), memory_task()),
            ValueError,
            "the cell's input_size is 3 but task 'memory' has inputs of 5",
        ),
        (lambda: train(LSTMCell(5, 2), memory_task(), epochs=0), ValueError, "epochs must be a positive int"),
        (lambda: train(LSTMCell(5, 2), memory_task(), readout=Linear(3, 3)), ValueError, "readout maps 3 numbers to 3"),
        (lambda: train(LSTMCell(5, 2), memory_task(), seed=1.5), TypeError, "seed must be an int"),
    ],
)
def test_bad_input(call, error, message) -> None:
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)


def test_the_public_names() -> None:
    import tinyrnn

    for name in ("backward", "Gradients", "train", "losses", "optim", "readout", "tasks", "training"):
        assert name in tinyrnn.__all__ and name in dir(tinyrnn)
        assert getattr(tinyrnn, name) is not None
    assert tinyrnn.train is train
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = tinyrnn.nope
