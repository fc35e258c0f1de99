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
gives the same exercise on every machine, every Python version and every
later version of tinyrnn: every choice is made with ``random()`` of a
``random.Random`` seeded with an int (:func:`draw_seed`: the seed and the
cell kind hashed with SHA-256, so an LSTM and a GRU of one seed draw
different numbers), the one sequence Python promises never to change; a
snapshot test holds the drawn exercises fixed.

**Hand rounding.** A student rounds each line's result -- a sum of
products, σ or tanh of a number -- to ``decimals`` decimals before using it,
not each product (``rounding="per-line"``); ``rounding="per-product"``
rounds each product too, with its own key. The question states the rule;
the library keeps full precision. The answer key shows both, side by side, computed by the library
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

from tinyrnn.exercises.by_hand import ROUNDINGS, SATURATED, approximate
from tinyrnn.exercises.exercise import (
    FORMATS,
    GATES,
    KINDS,
    MAKERS,
    MAX_HAND_SIZE,
    Exercise,
    Slip,
    draw_seed,
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
    "ROUNDINGS",
    "SATURATED",
    "Exercise",
    "Slip",
    "approximate",
    "draw_seed",
    "from_cell",
    "gru",
    "lstm",
    "rnn",
    "sheet",
]
