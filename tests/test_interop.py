"""Parity with PyTorch: same weights, same inputs, same numbers (float64, to 1e-12)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given

from strategies import gru_cases, lstm_cases
from tinyrnn import GRUCell, LSTMCell, examples

torch = pytest.importorskip("torch", reason="PyTorch is not installed: pip install '.[torch]' (CI installs it)")

TOLERANCE = 1e-12


def _close(ours: object, theirs: object) -> bool:
    return all(abs(a - b) <= TOLERANCE for a, b in zip(ours, theirs, strict=True))  # type: ignore[call-overload]


def _tensor(values: object) -> object:
    return torch.tensor([values], dtype=torch.float64)


@given(lstm_cases())
def test_lstm_to_torch_agrees(case: tuple) -> None:
    cell, x, h, c = case
    step = cell.step(x, h, c)
    with torch.no_grad():
        h_t, c_t = cell.to_torch()(_tensor(x), (_tensor(h), _tensor(c)))
    assert _close(step.h, h_t[0].tolist())
    assert _close(step.c, c_t[0].tolist())


@given(lstm_cases())
def test_lstm_from_torch_agrees(case: tuple) -> None:
    _, x, h, c = case
    module = torch.nn.LSTMCell(len(x), len(h), dtype=torch.float64)
    cell = LSTMCell.from_torch(module)
    with torch.no_grad():
        h_t, c_t = module(_tensor(x), (_tensor(h), _tensor(c)))
    step = cell.step(x, h, c)
    assert _close(step.h, h_t[0].tolist())
    assert _close(step.c, c_t[0].tolist())


@given(gru_cases(variant="pytorch"))
def test_gru_both_directions_agree(case: tuple) -> None:
    cell, x, h = case
    with torch.no_grad():
        ours_to_torch = cell.to_torch()(_tensor(x), _tensor(h))[0].tolist()
    assert _close(cell.step(x, h).h, ours_to_torch)
    module = torch.nn.GRUCell(len(x), len(h), dtype=torch.float64)
    with torch.no_grad():
        theirs = module(_tensor(x), _tensor(h))[0].tolist()
    back = GRUCell.from_torch(module)
    assert back.variant == "pytorch"
    assert _close(back.step(x, h).h, theirs)


def test_round_trips_keep_the_weights() -> None:
    cell = GRUCell(3, 2, variant="pytorch", seed=4)
    assert GRUCell.from_torch(cell.to_torch()) == cell
    lstm = LSTMCell(3, 2, seed=4)
    assert LSTMCell.from_torch(lstm.to_torch()) == lstm


def test_modules_without_bias_and_in_float32() -> None:
    module = torch.nn.LSTMCell(2, 3, bias=False)
    cell = LSTMCell.from_torch(module)
    assert cell.params["b_f"] == [0.0, 0.0, 0.0]
    x = [0.5, -0.25]
    with torch.no_grad():
        h_t, _ = module(torch.tensor([x]))
    assert all(abs(a - b) < 1e-6 for a, b in zip(cell.step(x).h, h_t[0].tolist(), strict=True))
    gru = GRUCell.from_torch(torch.nn.GRUCell(2, 3, bias=False))
    assert gru.params["b_hn"] == [0.0, 0.0, 0.0]


def test_slide_gru_in_pytorch_layout_matches_torch() -> None:
    cell = examples.slide_gru_cell("pytorch")
    with torch.no_grad():
        theirs = cell.to_torch()(_tensor(list(examples.X)), _tensor(list(examples.H_PREV)))[0].tolist()
    assert _close(examples.slide_gru("pytorch").h, theirs)


def test_variants_pytorch_cannot_express_say_why() -> None:
    for variant in ("colah", "cho2014"):
        with pytest.raises(ValueError, match="PyTorch resets after the matrix product"):
            GRUCell(2, 2, variant=variant, seed=0).to_torch()


def test_from_torch_rejects_other_modules() -> None:
    with pytest.raises(TypeError, match=r"module must be a torch\.nn\.LSTMCell, got GRUCell"):
        LSTMCell.from_torch(torch.nn.GRUCell(2, 2))
    with pytest.raises(TypeError, match=r"module must be a torch\.nn\.GRUCell, got dict"):
        GRUCell.from_torch({})


def test_import_tinyrnn_never_imports_torch() -> None:
    code = "import sys, tinyrnn; tinyrnn.LSTMCell(2, 2, seed=0).step([1.0, 2.0]); print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
