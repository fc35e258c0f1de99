"""Vector and Matrix: elementwise laws, products, and exact validation."""

from __future__ import annotations

import math
import pickle
import sys
from fractions import Fraction
from operator import add, mul, sub

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import any_finite, moderate, vectors
from tinyrnn import Matrix, Vector
from tinyrnn.vector import as_matrix, as_vector, concat, dot, matvec

MAX = sys.float_info.max


def test_vector_is_an_immutable_sequence_of_floats() -> None:
    v = Vector([1, 2.5, -3])
    assert list(v) == [1.0, 2.5, -3.0]
    assert all(type(x) is float for x in v)
    assert len(v) == 3
    assert v[1] == 2.5
    assert v == Vector([1.0, 2.5, -3.0])
    assert v != Vector([1.0, 2.5])
    with pytest.raises(TypeError):
        v[0] = 2.0  # type: ignore[index]
    assert repr(v) == "Vector([1.0, 2.5, -3.0])"
    assert pickle.loads(pickle.dumps(v)) == v


def test_elementwise_operations_and_scalars() -> None:
    a, b = Vector([1.0, 2.0]), Vector([3.0, -4.0])
    assert a + b == Vector([4.0, -2.0])
    assert a - b == Vector([-2.0, 6.0])
    assert a * b == Vector([3.0, -8.0])
    assert 2 * a == a * 2 == Vector([2.0, 4.0])
    assert 1 - a == Vector([0.0, -1.0])
    assert a + 1 == 1 + a == Vector([2.0, 3.0])
    assert -a == Vector([-1.0, -2.0])
    assert [1, 1] + a == Vector([2.0, 3.0])  # noqa: RUF005 - a list operand is elementwise too, never concatenation
    assert round(Vector([0.123, 0.456]), 2) == Vector([0.12, 0.46])


@given(st.integers(1, 6).flatmap(lambda n: st.tuples(vectors(n), vectors(n), vectors(n))))
def test_addition_and_product_are_commutative_and_distribute(abc: tuple[list[float], ...]) -> None:
    a, b, c = (Vector(v) for v in abc)
    assert a + b == b + a
    assert a * b == b * a
    assert a - a == Vector([0.0] * len(a))
    for lhs, rhs in zip(a * (b + c), a * b + a * c, strict=True):
        assert math.isclose(lhs, rhs, rel_tol=1e-12, abs_tol=1e-12)


@given(st.integers(1, 6).flatmap(lambda n: st.tuples(vectors(n, any_finite), vectors(n, any_finite))))
def test_arithmetic_on_extreme_floats_saturates_and_never_gives_nan(ab: tuple[list[float], list[float]]) -> None:
    a, b = Vector(ab[0]), Vector(ab[1])
    for result in (a + b, a - b, a * b, 1e308 * a, Matrix([list(a)]) @ b):
        assert all(math.isfinite(v) for v in result)


def test_overflow_saturates_with_the_right_sign() -> None:
    assert Vector([1e308]) + Vector([1e308]) == Vector([MAX])
    assert Vector([-1e308]) - Vector([1e308]) == Vector([-MAX])
    assert Vector([-1e308]) * Vector([10.0]) == Vector([-MAX])
    assert dot(Vector([1e308, -1e308]), Vector([10.0, 10.0])) == 0.0  # exact: the float sum would be nan
    assert dot(Vector([1e308, 1e308]), Vector([10.0, 10.0])) == MAX
    assert dot(Vector([1e308, 1e308, 1.0]), Vector([-10.0, 10.0, 0.5])) == 0.5  # exact cancellation


@given(
    st.integers(1, 5)
    .flatmap(lambda n: st.tuples(st.integers(1, 5), vectors(n)))
    .flatmap(lambda mv: st.tuples(st.lists(vectors(len(mv[1])), min_size=mv[0], max_size=mv[0]), st.just(mv[1])))
)
def test_matvec_is_one_dot_product_per_row(Wv: tuple[list[list[float]], list[float]]) -> None:
    W, v = Matrix(Wv[0]), Vector(Wv[1])
    product = W @ v
    assert product == matvec(W, v) == Vector([dot(row, v) for row in W])
    for value, row in zip(product, W, strict=True):
        assert math.isclose(value, math.fsum(w * x for w, x in zip(row, v, strict=True)), rel_tol=1e-9, abs_tol=1e-9)
    assert W.T.T == W
    assert W.shape == (len(W), len(v))


def test_concat_puts_the_hidden_state_first() -> None:
    assert concat([0.2, 0.4, -0.1], [0.5, -0.3, 0.8]) == Vector([0.2, 0.4, -0.1, 0.5, -0.3, 0.8])


def test_matrix_validation() -> None:
    assert Matrix([[1, 2], [3, 4]]).shape == (2, 2)
    assert repr(Matrix([[1, 2]])) == "Matrix([[1.0, 2.0]])"
    with pytest.raises(ValueError, match=r"rows\[1\] has length 1 but rows\[0\] has length 2"):
        Matrix([[1, 2], [3]])
    with pytest.raises(ValueError, match="rows is empty"):
        Matrix([])
    with pytest.raises(TypeError, match=r"rows\[0\] must be a row"):
        Matrix([1.0, 2.0])
    with pytest.raises(ValueError, match="W has 1 rows but hidden_size is 2"):
        as_matrix([[1.0]], "W", 2, 1, rows_name="hidden_size")
    assert pickle.loads(pickle.dumps(Matrix([[1.0]]))) == Matrix([[1.0]])


@pytest.mark.parametrize(
    ("value", "error", "words"),
    [
        ("0.5", TypeError, "x must be a sequence of real numbers, got the string '0.5'"),
        (None, TypeError, "x must be a sequence of real numbers, got None"),
        (0.5, TypeError, "got a single number 0.5; wrap it in a list"),
        ({"a": 1.0}, TypeError, "x must be an ordered sequence of real numbers, got a dict"),
        ({1.0, 2.0}, TypeError, "x must be an ordered sequence of real numbers, got a set"),
        ([], ValueError, "x is empty"),
        ([1.0, "2"], TypeError, r"x\[1\] must be a real number, got the string '2'"),
        ([True, 1.0], TypeError, r"x\[0\] must be a real number, got the bool True"),
        ([1j], TypeError, r"x\[0\] must be a real number, got complex 1j"),
        ([[1.0]], TypeError, r"x\[0\] must be a real number, got list \[1.0\] \(nested too deep\?\)"),
        ([float("nan")], ValueError, r"x\[0\] is nan; expected a finite number"),
        ([float("-inf")], ValueError, r"x\[0\] is -inf; expected a finite number"),
        ([10**400], ValueError, r"x\[0\] = int .* is too large for a float"),
    ],
)
def test_as_vector_rejects_bad_input_naming_the_argument(value: object, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        as_vector(value, "x")


def test_as_vector_accepts_ints_generators_and_numeric_types() -> None:
    from fractions import Fraction

    assert as_vector((v for v in [1, 2]), "x") == Vector([1.0, 2.0])  # a one-shot generator, consumed once
    assert as_vector([Fraction(1, 4)], "x") == Vector([0.25])
    with pytest.raises(ValueError, match="x has length 2 but input_size is 3"):
        as_vector([1.0, 2.0], "x", 3, "input_size")


def test_mismatched_lengths_and_foreign_operands_are_errors() -> None:
    with pytest.raises(ValueError, match="cannot add vectors of lengths 2 and 3"):
        Vector([1, 2]) + Vector([1, 2, 3])
    with pytest.raises(ValueError, match="cannot multiply vectors of lengths 3 and 1"):
        Vector([1, 2, 3]) * [1.0]
    with pytest.raises(TypeError):
        Vector([1.0]) + "a"  # type: ignore[operator]
    with pytest.raises(TypeError):
        Vector([1.0]) * None  # type: ignore[operator]
    with pytest.raises(ValueError, match="the right operand of @ has length 1 but the number of matrix columns is 2"):
        Matrix([[1, 2]]) @ Vector([1.0])


@given(moderate)
def test_scalar_operations_match_float_arithmetic(s: float) -> None:
    v = Vector([0.5, -2.0])
    assert s * v == Vector([s * 0.5, s * -2.0])
    assert s - v == Vector([s - 0.5, s + 2.0])
    assert v - s == Vector([0.5 - s, -2.0 - s])  # not reflected: the vector stays on the left


# Laws and messages found by mutation testing (tests/mutation/README.md) ---------------------


def test_reflected_operations_keep_the_operands_in_order_in_their_messages() -> None:
    """``list ∘ Vector`` calls the reflected method: the lengths are named left operand first."""
    for word, operation in (("add", add), ("subtract", sub), ("multiply", mul)):
        with pytest.raises(ValueError, match=f"^cannot {word} vectors of lengths 1 and 2$"):
            operation([1.0], Vector([1.0, 2.0]))
        with pytest.raises(ValueError, match=f"^cannot {word} vectors of lengths 2 and 1$"):
            operation(Vector([1.0, 2.0]), [1.0])


def test_a_list_on_the_left_acts_elementwise_in_its_own_order() -> None:
    assert [1.0, 2.0] - Vector([0.5, 0.25]) == Vector([0.5, 1.75])
    assert [1.0, 2.0] + Vector([0.5, 0.25]) == Vector([1.5, 2.25])  # noqa: RUF005 - Vector.__radd__, not concatenation
    assert [3.0, 2.0] * Vector([0.5, 0.25]) == Vector([1.5, 0.5])


def test_bad_operands_are_named_in_the_error() -> None:
    with pytest.raises(ValueError, match=r"^the scalar operand is nan; expected a finite number$"):
        Vector([1.0]) + float("nan")
    with pytest.raises(ValueError, match=r"^the other operand\[1\] is inf; expected a finite number$"):
        Vector([1.0, 2.0]) - [1.0, float("inf")]
    with pytest.raises(TypeError, match=r"^length must be a positive int, got the string '3'$"):
        Vector.zeros("3")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^a\[0\] must be a real number, got the string 'x'$"):
        concat(["x"], [1.0])
    with pytest.raises(ValueError, match=r"^b is empty; expected at least one number$"):
        concat([1.0], [])


def test_zeros_and_ones_check_their_length_like_a_layer_size() -> None:
    assert Vector.zeros(2) == Vector([0.0, 0.0]) and Vector.ones(2) == Vector([1.0, 1.0])
    for constructor in (Vector.zeros, Vector.ones):
        with pytest.raises(TypeError, match=r"^length must be a positive int, got the string '3'$"):
            constructor("3")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"^length must be a positive int, got 0$"):
            constructor(0)


def test_any_real_number_type_acts_as_a_scalar() -> None:
    """numbers.Real scalars other than int/float (Fraction, NumPy floats) multiply every element."""
    half = Fraction(1, 2)
    assert Vector([1.0, 3.0]) * half == half * Vector([1.0, 3.0]) == Vector([0.5, 1.5])
    assert 1 - Vector([0.25]) == Fraction(1) - Vector([0.25]) == Vector([0.75])


class _ArrayLike:
    """The two attributes tinyrnn looks for in an array (NumPy, PyTorch...): ``__array__`` and ``__len__``."""

    def __init__(self, values: list[float]) -> None:
        self.values = values

    def __array__(self) -> list[float]:
        return self.values

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> object:
        return iter(self.values)


def test_an_array_like_operand_is_taken_elementwise() -> None:
    assert Vector([1.0, 2.0]) + _ArrayLike([0.5, 0.5]) == Vector([1.5, 2.5])


@pytest.mark.parametrize("other", [True, None, {1.0, 2.0}, range(2), "ab", object()])
def test_operands_that_are_neither_numbers_nor_ordered_sequences_are_unsupported(other: object) -> None:
    """``bool``, ``None``, sets, ranges, strings: Python's own TypeError naming both types."""
    with pytest.raises(TypeError, match="unsupported operand type"):
        Vector([1.0, 2.0]) + other


def test_only_overflowed_elements_saturate() -> None:
    assert Vector([1e308, 1.0, -1e308]) * 10 == Vector([MAX, 10.0, -MAX])
    assert Vector([1e308, 0.5]) + Vector([1e308, 0.25]) == Vector([MAX, 0.75])


def test_an_overflowing_dot_product_saturates_with_the_sign_of_the_exact_sum() -> None:
    assert dot(Vector([-1e308, -1e308]), Vector([10.0, 10.0])) == -MAX
    assert dot(Vector([1e308, -1e308]), Vector([-10.0, 10.0])) == -MAX


def test_round_without_digits_rounds_to_whole_numbers() -> None:
    assert round(Vector([0.4, 1.6, -2.5])) == Vector([0.0, 2.0, -2.0])
    assert all(type(v) is float for v in round(Vector([0.4, 1.6])))  # still floats, as in every Vector
    assert round(Vector([0.44, 1.66]), 1) == Vector([0.4, 1.7])


def test_default_wording_of_shape_errors() -> None:
    """Without a name for the expected size, the message says "the expected ..."."""
    with pytest.raises(ValueError, match=r"^v has length 1 but the expected length is 2$"):
        as_vector([1.0], "v", 2)
    with pytest.raises(ValueError, match=r"^W has 1 rows but the expected number of rows is 2$"):
        as_matrix([[1.0]], "W", 2)
    with pytest.raises(ValueError, match=r"^W\[0\] has length 1 but the expected length is 2$"):
        as_matrix([[1.0]], "W", 1, 2)
    with pytest.raises(ValueError, match=r"^W\[0\] has length 1 but input_size is 2$"):
        as_matrix([[1.0]], "W", 1, 2, cols_name="input_size")


def test_matrix_errors_name_the_argument_and_the_row() -> None:
    with pytest.raises(TypeError, match=r"^W must be a sequence of real numbers, got the string 'ab'$"):
        as_matrix("ab", "W")
    with pytest.raises(TypeError, match=r"^rows\[1\] must be a row \(a sequence of numbers\), got the string 'ab'$"):
        Matrix([[1.0], "ab"])
    with pytest.raises(TypeError, match=r"^rows\[0\]\[1\] must be a real number, got the string 'x'$"):
        Matrix([[1.0, "x"]])
    with pytest.raises(ValueError, match=r"; a matrix must not be ragged$"):
        Matrix([[1.0, 2.0], [3.0]])


def test_a_matrix_is_returned_as_is_and_rebuilt_from_plain_rows() -> None:
    W = Matrix([[1.0, 2.0]])
    assert as_matrix(W, "W") == W
    assert as_matrix(W, "W", 1, 2) == W
    assert as_matrix([[1, 2]], "W") == W
    assert type(as_matrix([[1, 2]], "W")) is Matrix


def test_an_empty_matrix_or_an_used_up_iterator_is_named() -> None:
    with pytest.raises(ValueError, match=r"^W is empty; expected at least one row$"):
        as_matrix([], "W")
    with pytest.raises(ValueError, match=r"^W is empty; expected at least one row \(W is an iterator: was it already "):
        as_matrix(iter([]), "W")
