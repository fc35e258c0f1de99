"""The fast kernels compute exactly the reference cells' traces (== on every float)."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from strategies import any_finite, gru_cases, lstm_cases
from tinyrnn.gru import gru_step
from tinyrnn.lstm import lstm_step
from tinyrnn.vector import Vector

extreme = st.one_of(any_finite, st.sampled_from([1e308, -1e308, sys.float_info.max, -sys.float_info.max, 0.0]))


@given(lstm_cases())
def test_lstm_kernel_equals_the_reference(case: tuple) -> None:
    cell, x, h, c = case
    fast = cell.step(x, h, c)
    reference = lstm_step(cell._params, Vector(x), Vector(h), Vector(c))
    assert fast == reference


@given(gru_cases())
def test_gru_kernels_equal_the_reference(case: tuple) -> None:
    cell, x, h = case
    assert cell.step(x, h) == gru_step(cell._params, cell.variant, Vector(x), Vector(h))


@given(lstm_cases(elements=extreme))
def test_lstm_with_extreme_values_is_finite_and_equals_the_reference(case: tuple) -> None:
    cell, x, h, c = case
    step = cell.step(x, h, c)
    assert step == lstm_step(cell._params, Vector(x), Vector(h), Vector(c))
    for name in step._fields:
        value = getattr(step, name)
        if isinstance(value, Vector):
            assert all(v - v == 0.0 for v in value), name
    assert all(0.0 <= g <= 1.0 for g in (*step.f, *step.i, *step.o))


@given(gru_cases(elements=extreme))
def test_gru_with_extreme_values_is_finite_and_equals_the_reference(case: tuple) -> None:
    cell, x, h = case
    step = cell.step(x, h)
    assert step == gru_step(cell._params, cell.variant, Vector(x), Vector(h))
    for name in step._fields:
        value = getattr(step, name)
        if isinstance(value, Vector):
            assert all(v - v == 0.0 for v in value), name
    assert all(0.0 <= g <= 1.0 for g in (*step.r, *step.z))
