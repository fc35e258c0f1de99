"""Without PyTorch installed, the interop methods say how to install it (this file needs no torch)."""

from __future__ import annotations

import re
import sys

import pytest

from tinyrnn import GRUCell, LSTMCell

MESSAGE = "this needs PyTorch: pip install 'tinyrnn[torch]' (torch==2.13.0)"


@pytest.mark.parametrize("cell", [LSTMCell(2, 2, seed=0), GRUCell(2, 2, variant="pytorch", seed=0)])
def test_to_torch_without_torch_says_how_to_install_it(cell: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    with pytest.raises(ImportError, match=f"^{re.escape(MESSAGE)}$") as raised:
        cell.to_torch()  # type: ignore[attr-defined]
    assert raised.value.__cause__ is None  # `from None`: one message, not a chain of two
