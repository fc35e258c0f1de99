"""The package itself: public names, version, typing marker, a light import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tinyrnn


def test_public_names() -> None:
    for name in ("Vector", "sigmoid", "tanh", "LSTMCell", "GRUCell", "LSTMStep", "GRUStep", "examples", "__version__"):
        assert hasattr(tinyrnn, name), name
        assert name in tinyrnn.__all__
    assert isinstance(tinyrnn.__version__, str) and tinyrnn.__version__.count(".") == 2
    for module in (
        "vector",
        "activations",
        "lstm",
        "gru",
        "trace",
        "render",
        "params",
        "examples",
        "interop",
        "interop.layouts",
        "interop.torch",
        "interop.keras",
        "rounding",
        "bptt",
        "gradients",
        "lstm_backward",
        "gru_backward",
        "fast.backward",
        "fast.backward_source",
        "losses",
        "optim",
        "readout",
        "tasks",
        "training",
    ):
        imported = __import__(f"tinyrnn.{module}", fromlist=["__all__"])
        for name in imported.__all__:
            assert hasattr(imported, name), (module, name)


def test_py_typed_is_shipped() -> None:
    assert (Path(tinyrnn.__file__).parent / "py.typed").exists()


def test_import_is_light() -> None:
    code = (
        "import sys; before = set(sys.modules); import tinyrnn; "
        "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] != 'tinyrnn'))"
    )
    loaded = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True).stdout
    for heavy in ("torch", "numpy", "dataclasses", "fractions", "decimal", "difflib", "argparse", "json", "html"):
        assert f"'{heavy}'" not in loaded, heavy
