"""The LSTM step, backwards: the slides' four steps in reverse, one chain rule per line.

The forward step (:func:`tinyrnn.lstm.lstm_step`) computes, top to bottom::

    Step 1  f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
    Step 2  i_t = σ(W_i · [h_{t-1}, x_t] + b_i),   C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
    Step 3  C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t
    Step 4  o_t = σ(W_o · [h_{t-1}, x_t] + b_o),   h_t = o_t ⊙ tanh(C_t)

The backward step reads the same lines bottom to top. Given ``dh = ∂L/∂h_t``
and ``dC_next = ∂L/∂C_t`` from later steps (``C_t`` also feeds ``C_{t+1}``),
every name ``dX`` below is ``∂L/∂X``, and σ' and tanh' are written with the
outputs the trace stores: ``σ'(a) = s(1 − s)``, ``tanh'(a) = 1 − t²``::

    Step 4  do      = dh ⊙ tanh(C_t)
            dC      = dh ⊙ o_t ⊙ (1 − tanh²C_t) + dC_next
            do_pre  = do ⊙ o_t ⊙ (1 − o_t)
    Step 3  df = dC ⊙ C_{t-1},  di = dC ⊙ C̃_t,  dC̃ = dC ⊙ i_t,  dC_{t-1} = dC ⊙ f_t
    Step 2  dC̃_pre = dC̃ ⊙ (1 − C̃_t²),   di_pre = di ⊙ i_t ⊙ (1 − i_t)
    Step 1  df_pre = df ⊙ f_t ⊙ (1 − f_t)
    Weights dW_g = dg_pre ⊗ [h_{t-1}, x_t],  db_g = dg_pre   for g = f, i, C, o
    Inputs  d[h_{t-1}, x_t] = W_fᵀ·df_pre + W_iᵀ·di_pre + W_Cᵀ·dC̃_pre + W_oᵀ·do_pre

Nothing is recomputed: every value on the right comes from the trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tinyrnn.activations import sigmoid_derivative, tanh_derivative
from tinyrnn.gradients import StepGradients, outer
from tinyrnn.trace import LSTMStep
from tinyrnn.vector import Vector, concat

__all__ = ["lstm_step_backward"]


def lstm_step_backward(params: Mapping[str, Any], step: LSTMStep, dh: Vector, dC_next: Vector) -> StepGradients:
    """The gradients of one LSTM step, from its trace and what the loss sends back.

    Args:
        params: the cell's weights as Matrix/Vector (``cell.weights``).
        step: the step's trace, as ``cell.step`` returned it (the forward cache).
        dh: ``∂L/∂h_t``: from the loss at this step plus from step ``t + 1``.
        dC_next: ``∂L/∂C_t`` from step ``t + 1`` (zeros after the last step).

    Returns:
        :class:`~tinyrnn.gradients.StepGradients`: ``∂L/∂W`` for each of the
        eight parameters, ``dx = ∂L/∂x_t``, ``dh_prev = ∂L/∂h_{t-1}`` and
        ``dc_prev = ∂L/∂C_{t-1}``.

    >>> from tinyrnn import examples
    >>> step = examples.slide_lstm()
    >>> grads = lstm_step_backward(examples.slide_lstm_cell().weights, step, Vector([1.0, 0, 0]), Vector.zeros(3))
    >>> db_o = grads.params["b_o"]                 # L = h_t[0]: only row 0 of b_o matters
    >>> db_o[0] == step.tanh_c[0] * (step.o[0] * (1 - step.o[0])), db_o[1:] == (0.0, 0.0)
    (True, True)
    """
    W_f, W_i, W_C, W_o = params["W_f"], params["W_i"], params["W_c"], params["W_o"]
    x, h_prev, c_prev = step.x, step.h_prev, step.c_prev
    f, i, c_tilde, o, tanh_c = step.f, step.i, step.c_tilde, step.o, step.tanh_c
    H = len(h_prev)

    # Step 4 backwards: hidden state    h_t = o_t ⊙ tanh(C_t)
    do = dh * tanh_c
    dC = dh * o * tanh_derivative(tanh_c) + dC_next  # C_t reaches L through h_t and through C_{t+1}
    #                   output gate     o_t = σ(o_pre)
    do_pre = do * sigmoid_derivative(o)
    # Step 3 backwards: cell state      C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t
    df = dC * c_prev
    di = dC * c_tilde
    dc_tilde = dC * i
    dc_prev = dC * f
    # Step 2 backwards: candidate       C̃_t = tanh(c_tilde_pre)
    dc_tilde_pre = dc_tilde * tanh_derivative(c_tilde)
    #                   input gate      i_t = σ(i_pre)
    di_pre = di * sigmoid_derivative(i)
    # Step 1 backwards: forget gate     f_t = σ(f_pre)
    df_pre = df * sigmoid_derivative(f)

    # Each pre-activation is  g_pre = W_g · [h_{t-1}, x_t] + b_g:
    hx = concat(h_prev, x)
    grads = {
        "W_f": outer(df_pre, hx),  # ∂L/∂W_f = df_pre ⊗ [h_{t-1}, x_t]
        "b_f": df_pre,  # ∂L/∂b_f = df_pre
        "W_i": outer(di_pre, hx),
        "b_i": di_pre,
        "W_c": outer(dc_tilde_pre, hx),
        "b_c": dc_tilde_pre,
        "W_o": outer(do_pre, hx),
        "b_o": do_pre,
    }
    # [h_{t-1}, x_t] feeds all four pre-activations, so its gradient has four terms.
    d_hx = W_f.T @ df_pre + W_i.T @ di_pre + W_C.T @ dc_tilde_pre + W_o.T @ do_pre
    return StepGradients(grads, dx=Vector(d_hx[H:]), dh_prev=Vector(d_hx[:H]), dc_prev=dc_prev)
