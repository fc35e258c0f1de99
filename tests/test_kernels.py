"""The fast kernels compute exactly the reference cells' traces: every float, bit for bit.

Both kinds of kernel (generated per shape, and stacked) are compared with the
readable reference steps for every kind of cell, sizes 1-8 and across the
size limit where the cells switch from one to the other, with moderate
values, signed zeros and extreme values (±1e308, where the kernels give up
and the cells fall back to the reference).
"""

from __future__ import annotations

import random
import struct
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinyrnn
from strategies import KERNEL_KINDS, any_finite, gru_cases, kernel_cases, lstm_cases, signed_zeros
from tinyrnn.fast import forward as kernels
from tinyrnn.fast import forward_source
from tinyrnn.gru import gru_step
from tinyrnn.lstm import lstm_step
from tinyrnn.trace import Trace
from tinyrnn.vector import LEFT_TO_RIGHT, Vector

extreme = st.one_of(any_finite, st.sampled_from([1e308, -1e308, sys.float_info.max, -sys.float_info.max, 0.0]))
# On Python < 3.12 the reference's dot product is a plain sum, which both source forms reproduce;
# on Python ≥ 3.12 it is math.sumprod, which only the dot() form calls.
SOURCE_FORMS = [False, True] if sys.version_info < (3, 12) else [False]


def reference(cell: tinyrnn.LSTMCell | tinyrnn.GRUCell, args: tuple[Any, ...]) -> Trace:
    if isinstance(cell, tinyrnn.LSTMCell):
        return lstm_step(cell._params, *args)
    return gru_step(cell._params, cell.variant, *args)


def filled(kind: str, input_size: int, hidden_size: int, value: float) -> Any:
    """A cell of ``kind`` whose every weight and bias is ``value``."""
    shapes = (
        tinyrnn.LSTMCell(input_size, hidden_size)
        if kind == "lstm"
        else tinyrnn.GRUCell(input_size, hidden_size, variant=kind[4:])
    )
    params = {
        name: [[value] * len(v[0]) for _ in v] if isinstance(v[0], list) else [value] * len(v)
        for name, v in shapes.params.items()
    }
    return type(shapes).from_params(params, **({} if kind == "lstm" else {"variant": kind[4:]}))


def bits(trace: Trace) -> list[Any]:
    """Every field, floats as their 8 bytes: so 0.0 and -0.0 differ, unlike with ==."""
    return [tuple(struct.pack("<d", v) for v in value) if isinstance(value, Vector) else value for value in trace]


def assert_identical(fast: Trace | None, expected: Trace) -> None:
    assert fast is not None
    assert type(fast) is type(expected)
    assert fast == expected
    assert bits(fast) == bits(expected)


def generated(kind: str, cell: Any, unrolled: bool, traced: bool = True) -> Any:
    return forward_source.generated_kernel(
        kind, cell._params, cell.hidden_size, cell.input_size, traced=traced, unrolled=unrolled
    )


def stacked(kind: str, cell: Any) -> Any:
    return kernels._stacked_kernel(kind, cell._params, cell.hidden_size)


# Moderate values: the kernels never give up, and agree with the reference exactly. --------------


@pytest.mark.parametrize("unrolled", SOURCE_FORMS)
@given(kernel_cases())
def test_generated_kernels_equal_the_reference(unrolled: bool, case: tuple) -> None:
    kind, cell, args = case
    assert_identical(generated(kind, cell, unrolled)(*args), reference(cell, args))


@given(kernel_cases())
def test_stacked_kernels_equal_the_reference(case: tuple) -> None:
    kind, cell, args = case
    assert_identical(stacked(kind, cell)(*args), reference(cell, args))


@pytest.mark.parametrize("unrolled", SOURCE_FORMS)
@given(kernel_cases(sizes=st.integers(1, 3), elements=signed_zeros))
def test_kernels_keep_the_sign_of_zero(unrolled: bool, case: tuple) -> None:
    kind, cell, args = case
    expected = reference(cell, args)
    assert_identical(generated(kind, cell, unrolled)(*args), expected)
    assert_identical(stacked(kind, cell)(*args), expected)


@pytest.mark.parametrize("unrolled", SOURCE_FORMS)
@pytest.mark.parametrize("kind", KERNEL_KINDS)
def test_a_sum_of_negative_zeros_is_positive_zero_as_in_the_reference(unrolled: bool, kind: str) -> None:
    # sum() starts from 0, and 0 + -0.0 is 0.0: the generated sums start from 0.0 for this.
    cell = filled(kind, 2, 1, -0.0)
    args = (Vector([1.0, 1.0]), Vector([1.0]), Vector([1.0]))[: 3 if kind == "lstm" else 2]
    expected = reference(cell, args)
    assert str(expected.z_pre if kind != "lstm" else expected.f_pre) == "Vector([0.0])"
    assert_identical(generated(kind, cell, unrolled)(*args), expected)


@pytest.mark.parametrize("unrolled", SOURCE_FORMS)
@given(kernel_cases())
def test_untraced_kernels_compute_the_same_new_state(unrolled: bool, case: tuple) -> None:
    kind, cell, args = case
    expected = reference(cell, args)
    state = generated(kind, cell, unrolled, traced=False)(*args)
    assert state == ((tuple(expected.h), tuple(expected.c)) if kind == "lstm" else tuple(expected.h))


# Across the size limit: the cells pick the generated kernel below it and the stacked one above. --


def limit_size(kind: str, side: str) -> int:
    """H = I of the largest square cell of ``kind`` with a generated kernel, or of the next size (stacked)."""
    largest = max(n for n in range(1, 64) if forward_source.products(kind, n, n) <= forward_source.GENERATED_LIMIT)
    return largest if side == "generated" else largest + 1


@pytest.mark.parametrize("side", ["generated", "stacked"])
@pytest.mark.parametrize("kind", KERNEL_KINDS)
@settings(max_examples=10)
@given(data=st.data())
def test_cells_equal_the_reference_across_the_size_limit(kind: str, side: str, data: st.DataObject) -> None:
    # Thousands of weights: seeded ones (and seeded inputs) rather than each drawn by hypothesis.
    H = limit_size(kind, side)
    seed = data.draw(st.integers(0, 2**32), label="seed")
    rng = random.Random(seed)
    if kind == "lstm":
        cell: Any = tinyrnn.LSTMCell(H, H, seed=seed)
    else:
        cell = tinyrnn.GRUCell(H, H, variant=kind.removeprefix("gru-"), seed=seed)
    args = tuple(Vector([rng.uniform(-3, 3) for _ in range(H)]) for _ in range(3 if kind == "lstm" else 2))
    expected = reference(cell, args)
    assert_identical(cell._step(*args, None), expected)
    assert_identical(generated(kind, cell, LEFT_TO_RIGHT)(*args), expected)
    assert_identical(stacked(kind, cell)(*args), expected)
    # the cell runs the kernel of its side: a generated function, or a partial of a stacked kernel
    assert hasattr(cell._fast, "func") == (side == "stacked")


def test_the_limit_falls_between_the_sizes_tested() -> None:
    assert (
        forward_source.products("lstm", 1, 1)
        <= forward_source.GENERATED_LIMIT
        < forward_source.products("lstm", 64, 64)
    )
    assert forward_source.products("gru-colah", 8, 8) <= forward_source.GENERATED_LIMIT


# Extreme values: a kernel either agrees exactly or gives up (None); the cell's answer is always the reference. --


@pytest.mark.parametrize("unrolled", SOURCE_FORMS)
@given(kernel_cases(elements=extreme))
def test_kernels_with_extreme_values_agree_or_give_up(unrolled: bool, case: tuple) -> None:
    kind, cell, args = case
    expected = reference(cell, args)
    for kernel in (generated(kind, cell, unrolled), stacked(kind, cell)):
        fast = kernel(*args)
        if fast is not None:
            assert_identical(fast, expected)
    assert_identical(cell._step(*args, None), expected)


@pytest.mark.parametrize("kind", KERNEL_KINDS)
def test_kernels_give_up_on_overflow(kind: str) -> None:
    big = sys.float_info.max
    cell = filled(kind, 2, 2, big)
    args = (Vector([big, big]),) * (3 if kind == "lstm" else 2)
    assert generated(kind, cell, LEFT_TO_RIGHT)(*args) is None
    assert stacked(kind, cell)(*args) is None
    step = cell._step(*args, None)
    assert_identical(step, reference(cell, args))
    assert all(v - v == 0.0 for field in step if isinstance(field, Vector) for v in field)


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


# The public steps (list inputs, validation, the wrapper) give the reference trace. ---------------


@given(lstm_cases())
def test_lstm_cell_step_equals_the_reference(case: tuple) -> None:
    cell, x, h, c = case
    assert_identical(cell.step(x, h, c), lstm_step(cell._params, Vector(x), Vector(h), Vector(c)))


@given(gru_cases())
def test_gru_cell_step_equals_the_reference(case: tuple) -> None:
    cell, x, h = case
    assert_identical(cell.step(x, h), gru_step(cell._params, cell.variant, Vector(x), Vector(h)))


# The generated source: printable, compiles, named after the slides. -----------------------------


@pytest.mark.parametrize("kind", KERNEL_KINDS)
@pytest.mark.parametrize("unrolled", [False, True])
@pytest.mark.parametrize("traced", [False, True])
def test_kernel_source_compiles_and_reads_like_the_slides(kind: str, unrolled: bool, traced: bool) -> None:
    source = forward_source.kernel_source(kind, 2, 3, traced=traced, unrolled=unrolled)
    compile(source, "<test>", "exec")
    assert source.startswith(f"def make_{kind.replace('-', '_')}_2x3(weights):")
    assert "# Step 1:" in source
    assert ("0.0 + " in source) == unrolled
    assert ("dot(" in source) != unrolled
    assert ("new(" in source) == traced
    first_row = (
        "W_f_0_0 * h_prev_0" if kind == "lstm" else "W_r_0_0 * h_prev_0" if kind != "gru-pytorch" else "W_ir_0_0 * x_0"
    )
    assert (first_row in source) == unrolled


def test_kernel_source_of_the_slide_cell_shows_every_weight_by_name() -> None:
    source = forward_source.kernel_source("lstm", 3, 3)
    for gate in "fico":
        for k in range(3):
            assert f"b_{gate}_{k}" in source
            assert all(f"W_{gate}_{k}_{j}" in source for j in range(6))


def test_compiled_code_is_shared_by_cells_of_one_shape() -> None:
    a, b = tinyrnn.LSTMCell(3, 3, seed=1), tinyrnn.LSTMCell(3, 3, seed=2)
    assert a._fast.__code__ is b._fast.__code__
    assert a._fast is not b._fast
    assert a.step([1.0, 2.0, 3.0]) != b.step([1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    ("kind", "size", "error", "words"),
    [
        ("rnn", 3, ValueError, "kind must be one of"),
        ("gru", 3, ValueError, "kind must be one of"),
        ("lstm", 0, ValueError, "hidden_size"),
        ("lstm", 2.5, TypeError, "hidden_size"),
    ],
)
def test_kernel_source_rejects_bad_arguments(kind: str, size: Any, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        forward_source.kernel_source(kind, size, 3)
