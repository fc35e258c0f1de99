"""Exam handouts: one LSTM step and one GRU step to copy into an exam, standard library only.

``lstm_step.py`` and ``gru_step.py`` import nothing but :mod:`math` (no
tinyrnn, no classes), follow the slides' notation and step numbers, and print
the slide example when run (``python lstm_step.py``). ``python -m tinyrnn
handout lstm`` prints a file; ``tests/test_reference.py`` proves both equal
tinyrnn's cells.
"""

from __future__ import annotations

__all__ = ["FILES", "source"]

FILES = {"lstm": "lstm_step.py", "gru": "gru_step.py"}


def source(cell: str) -> str:
    """The text of the handout for ``cell`` (``"lstm"`` or ``"gru"``), to print or copy."""
    from importlib.resources import files

    from tinyrnn.checks import received

    if cell not in FILES:
        raise ValueError(f"cell must be one of {', '.join(map(repr, FILES))}, got {received(cell)}")
    return files(__name__).joinpath(FILES[cell]).read_text(encoding="utf-8")
