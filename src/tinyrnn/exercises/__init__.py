r"""Hand-computable LSTM and GRU exercises with answer keys, for exams and homework.

>>> from tinyrnn import exercises
>>> ex = exercises.lstm(seed=7, hidden_size=2, input_size=2, decimals=2)
>>> ex
Exercise(cell='lstm', kind='full', seed=7, hidden_size=2, input_size=2, decimals=2, grid=0.1)
>>> print(ex.question("text").splitlines()[0])
Exercise: one step of an LSTM
>>> key = ex.answer_key("markdown")        # every step, term by term; also "text" and "latex"
>>> ex.solution == ex.cell.step(ex.x, ex.h_prev, ex.c_prev)   # the exact LSTMStep
True

**The grid.** Weights, biases, inputs and states are multiples of ``grid``
(0.1 by default; 0.5, 0.25, 0.2, 1 ... work too) in [−1, 1], so every
pre-activation is a short sum of products that can be done by hand: with
numbers of one decimal, each pre-activation has at most two. The same seed
gives the same exercise on every machine and every Python version: every
choice is made with ``random.Random(seed).random()``, the one method whose
sequence Python promises never to change.

**Hand rounding.** A student rounds every intermediate to ``decimals``
decimals before using it, as on a calculator; the library keeps full
precision. The answer key shows both, side by side, computed by the library
(``cell.step(..., round_to=decimals)`` and ``cell.step(...)``), and flags each
component where they disagree after rounding -- like the slides' ``C_t[2]``,
0.56 by hand but 0.55 from full precision.

**Kinds of question** (``kind=``):

``"full"``        compute the whole step;
``"gate"``        compute one gate (``gate="f"``, ``"i"``, ``"c_tilde"``, ``"o"``; ``"r"``, ``"z"`` for a GRU);
``"saturation"``  compute the gates; exactly one component is saturated (0.1 or less, 0.9 or more):
                  which, and what does the cell remember or forget because of it?
``"find-error"``  a worked solution in which exactly one printed number is wrong: find it.
"""

from tinyrnn.exercises.by_hand import SATURATED, approximate
from tinyrnn.exercises.exercise import (
    FORMATS,
    GATES,
    KINDS,
    MAKERS,
    MAX_HAND_SIZE,
    Exercise,
    Slip,
    from_cell,
    gru,
    lstm,
    rnn,
    sheet,
)

__all__ = [
    "FORMATS",
    "GATES",
    "KINDS",
    "MAKERS",
    "MAX_HAND_SIZE",
    "SATURATED",
    "Exercise",
    "Slip",
    "approximate",
    "from_cell",
    "gru",
    "lstm",
    "rnn",
    "sheet",
]
