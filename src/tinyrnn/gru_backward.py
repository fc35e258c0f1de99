"""The GRU step backwards, under its first import path.

:func:`gru_step_backward` lives beside the forward step, in :mod:`tinyrnn.gru`
(the equations and their derivatives on one screen); this module keeps the
name importable from here.

>>> from tinyrnn.gru_backward import gru_step_backward
>>> gru_step_backward.__module__
'tinyrnn.gru'
"""

from tinyrnn.gru import gru_step_backward

__all__ = ["gru_step_backward"]
