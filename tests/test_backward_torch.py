"""Parity with PyTorch autograd: same weights, same sequence, same upstream gradient → same gradients.

The LSTM and the ``pytorch`` GRU are checked against ``torch.nn.LSTMCell``/``GRUCell``
themselves (through ``cell.to_torch()``); ``colah`` and ``cho2014`` have no PyTorch
module, so their equations are written with torch tensors and differentiated by
autograd. Every gradient must agree within 1e-10 (relative to max(1, |value|)).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import KINDS, sequence_cases
from tinyrnn import LSTMCell, backward

torch = pytest.importorskip("torch", reason="PyTorch is not installed: pip install '.[torch]' (CI installs it)")

TOLERANCE = 1e-10
LSTM_ORDER = {"i": 0, "f": 1, "c": 2, "o": 3}  # PyTorch stacks the LSTM gates as i, f, g, o


def tensor(values: Any, grad: bool = False) -> Any:
    return torch.tensor(values, dtype=torch.float64, requires_grad=grad)


def torch_lstm(cell: Any, xs: Any, h0: Any, c0: Any, dhs: Any, dcs: Any) -> dict[str, Any]:
    module = cell.to_torch()
    x = [tensor([v], grad=True) for v in xs]
    h, c = tensor([h0], grad=True), tensor([c0], grad=True)
    start = (h, c)
    loss = tensor(0.0)
    for t in range(len(xs)):
        h, c = module(x[t], (h, c))
        loss = loss + (h[0] * tensor(dhs[t])).sum() + (c[0] * tensor(dcs[t])).sum()
    loss.backward()
    H = cell.hidden_size
    grads: dict[str, Any] = {}
    for gate, position in LSTM_ORDER.items():
        rows = slice(position * H, (position + 1) * H)
        # tinyrnn's W_g acts on [h_{t-1}, x_t]: its columns are weight_hh's, then weight_ih's
        grads[f"W_{gate}"] = torch.cat([module.weight_hh.grad[rows], module.weight_ih.grad[rows]], dim=1).tolist()
        grads[f"b_{gate}"] = module.bias_ih.grad[rows].tolist()
    return {
        "params": grads,
        "dx": [v.grad[0].tolist() for v in x],
        "dh0": start[0].grad[0].tolist(),
        "dc0": start[1].grad[0].tolist(),
    }


def torch_gru_module(cell: Any, xs: Any, h0: Any, dhs: Any) -> dict[str, Any]:
    module = cell.to_torch()
    x = [tensor([v], grad=True) for v in xs]
    h = start = tensor([h0], grad=True)
    loss = tensor(0.0)
    for t in range(len(xs)):
        h = module(x[t], h)
        loss = loss + (h[0] * tensor(dhs[t])).sum()
    loss.backward()
    H = cell.hidden_size
    grads: dict[str, Any] = {}
    for position, gate in enumerate(("r", "z", "n")):
        rows = slice(position * H, (position + 1) * H)
        grads[f"W_i{gate}"] = module.weight_ih.grad[rows].tolist()
        grads[f"W_h{gate}"] = module.weight_hh.grad[rows].tolist()
        grads[f"b_i{gate}"] = module.bias_ih.grad[rows].tolist()
        grads[f"b_h{gate}"] = module.bias_hh.grad[rows].tolist()
    return {"params": grads, "dx": [v.grad[0].tolist() for v in x], "dh0": start.grad[0].tolist()}


def torch_gru_equations(cell: Any, xs: Any, h0: Any, dhs: Any) -> dict[str, Any]:
    """The colah/cho2014 equations written with torch tensors, differentiated by autograd."""
    W = {name: tensor(value, grad=True) for name, value in cell.params.items()}
    x = [tensor(v, grad=True) for v in xs]
    h = start = tensor(h0, grad=True)
    loss = tensor(0.0)
    for t in range(len(xs)):
        hx = torch.cat([h, x[t]])
        r = torch.sigmoid(W["W_r"] @ hx + W["b_r"])
        z = torch.sigmoid(W["W_z"] @ hx + W["b_z"])
        h_tilde = torch.tanh(W["W_h"] @ torch.cat([r * h, x[t]]) + W["b_h"])
        h = (1 - z) * h + z * h_tilde if cell.variant == "colah" else z * h + (1 - z) * h_tilde
        loss = loss + (h * tensor(dhs[t])).sum()
    loss.backward()
    return {
        "params": {name: value.grad.tolist() for name, value in W.items()},
        "dx": [v.grad.tolist() for v in x],
        "dh0": start.grad.tolist(),
    }


def flat(value: Any) -> list[float]:
    if isinstance(value, list | tuple) and value and isinstance(value[0], list | tuple):
        return [v for row in value for v in flat(row)]
    return [float(v) for v in value]


def assert_close(ours: Any, theirs: Any, what: str) -> None:
    a, b = flat(ours), flat(theirs)
    assert len(a) == len(b), what
    for k, (u, v) in enumerate(zip(a, b, strict=True)):
        assert abs(u - v) <= TOLERANCE * max(1.0, abs(u), abs(v)), (what, k, u, v)


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_gradients_equal_pytorch_autograd(kind: str, data: st.DataObject) -> None:
    case = data.draw(sequence_cases(kind), label="case")
    cell, xs, h0, c0, dhs, dcs = case
    if isinstance(cell, LSTMCell):
        ours = backward(cell, cell.run(xs, h0, c0), dhs, dcs)
        theirs = torch_lstm(cell, xs, h0, c0, dhs, dcs)
        assert_close(ours.dc0, theirs["dc0"], "dc0")
    else:
        ours = backward(cell, cell.run(xs, h0), dhs)
        theirs = torch_gru_module(cell, xs, h0, dhs) if kind == "pytorch" else torch_gru_equations(cell, xs, h0, dhs)
    for name in cell.params:
        assert_close(ours.params[name], theirs["params"][name], name)
    assert_close(ours.dx, theirs["dx"], "dx")
    assert_close(ours.dh0, theirs["dh0"], "dh0")
