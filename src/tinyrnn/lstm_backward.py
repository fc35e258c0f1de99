"""The LSTM step backwards, under its first import path.

:func:`lstm_step_backward` lives beside the forward step, in :mod:`tinyrnn.lstm`
(the equations and their derivatives on one screen); this module keeps the
name importable from here.

>>> from tinyrnn.lstm_backward import lstm_step_backward
>>> lstm_step_backward.__module__
'tinyrnn.lstm'
"""

from tinyrnn.lstm import lstm_step_backward

__all__ = ["lstm_step_backward"]
