"""Saturation: weights and inputs up to ±1.8e308 give finite traces, gates in [0, 1], tanh in [-1, 1],
finite gradients and renderings without nan or inf -- no ``inf - inf = nan`` anywhere."""

from __future__ import annotations

import math
import re
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinyrnn
from strategies import KINDS, sequence_cases
from tinyrnn.bptt import backward_reference

BIG = sys.float_info.max
# Every finite float, with the extremes and the tiny ones drawn often.
extreme = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([BIG, -BIG, 1e308, -1e308, 1e300, -1e300, 5e-324, -5e-324, 0.0, -0.0, 1.0, -1.0]),
)
GATES = {"f", "i", "o", "r", "z"}  # σ of something: in [0, 1]
TANHS = {"c_tilde", "tanh_c", "h_tilde"}  # tanh of something: in [-1, 1]
NOT_A_NUMBER = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


def all_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(all_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(all_finite(v) for v in value)
    return True


def check_step(step: tinyrnn.LSTMStep | tinyrnn.GRUStep) -> None:
    assert all_finite(step.to_dict()), step.to_dict()
    for name in step._fields:
        if name in GATES:
            assert all(0.0 <= v <= 1.0 for v in getattr(step, name)), name
        if name in TANHS:
            assert all(-1.0 <= v <= 1.0 for v in getattr(step, name)), name
    if isinstance(step, tinyrnn.LSTMStep):
        assert all(-1.0 <= v <= 1.0 for v in step.h)


@pytest.mark.parametrize("kind", KINDS)  # the LSTM and the three GRU variants
@given(data=st.data())
def test_saturated_steps_runs_gradients_and_renderings_stay_finite(kind: str, data: st.DataObject) -> None:
    cell, xs, h0, c0, dhs, dcs = data.draw(sequence_cases(kind, elements=extreme, max_length=3, max_size=3))
    round_to = data.draw(st.sampled_from([None, None, 0, 2, 15]))
    states = (h0,) if c0 is None else (h0, c0)
    run = cell.run(xs, *states, round_to=round_to)
    for step in run:
        check_step(step)
    assert cell.step(xs[0], *states, round_to=round_to) == run[0]
    assert type(run).from_dict(run.to_dict()) == run  # a saturated trace passes from_dict's range checks
    for fmt in ("text", "markdown", "latex", "html"):
        rendered = run.render(fmt, 4)
        assert not NOT_A_NUMBER.search(rendered), fmt
    if round_to is None:  # the backward pass needs a full-precision trace
        for backward in (tinyrnn.backward, backward_reference):
            grads = backward(cell, run, dhs, dcs)
            assert all_finite(grads.to_dict())
