"""Without Keras 3 (or without its backend), the Keras methods say what to install (this file needs no Keras)."""

from __future__ import annotations

import re
import sys
import types

import pytest

import tinyrnn.interop.keras
from tinyrnn import GRUCell, LSTMCell

INSTALL = "pip install 'tinyrnn[keras]' (keras>=3, with torch==2.13.0 as its backend)"
CELLS = [LSTMCell(2, 2, seed=0), GRUCell(2, 2, seed=0)]


@pytest.mark.parametrize("cell", CELLS, ids=["lstm", "gru"])
def test_without_keras_the_error_says_which_extra_to_install(cell: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "keras", None)  # `import keras` now raises ImportError
    with pytest.raises(ImportError, match=f"^{re.escape('this needs Keras 3: ' + INSTALL)}$") as raised:
        cell.to_keras()  # type: ignore[attr-defined]
    assert raised.value.__cause__ is None  # `from None`: one message, not a chain of two
    with pytest.raises(ImportError, match=re.escape(INSTALL)):
        type(cell).from_keras(object())  # type: ignore[attr-defined]


def _importer(error: ImportError | None = None, version: str = "3.0.0") -> types.SimpleNamespace:
    def import_module(name: str) -> object:
        if error is not None:
            raise error
        return types.SimpleNamespace(__version__=version)

    return types.SimpleNamespace(import_module=import_module)


def test_a_missing_backend_is_named_with_the_variable_that_chooses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    missing = ModuleNotFoundError("No module named 'tensorflow'", name="tensorflow")
    monkeypatch.setattr(tinyrnn.interop.keras, "importlib", _importer(missing))
    with pytest.raises(
        ImportError, match=r"its backend 'tensorflow' is not: set the environment variable KERAS_BACKEND=torch"
    ):
        LSTMCell(2, 2, seed=0).to_keras()


def test_keras_2_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tinyrnn.interop.keras, "importlib", _importer(version="2.15.0"))
    with pytest.raises(ImportError, match=r"this needs Keras 3, found keras 2\.15\.0"):
        GRUCell.from_keras(object())
