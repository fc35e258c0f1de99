"""The GRU step, backwards, in each of the three conventions.

The forward step (:func:`tinyrnn.gru.gru_step`, variant ``"colah"``)::

    Step 1  r_t = σ(W_r · [h_{t-1}, x_t] + b_r)
    Step 2  z_t = σ(W_z · [h_{t-1}, x_t] + b_z)
    Step 3  h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)
    Step 4  h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t

Backwards, bottom to top, with ``dX = ∂L/∂X`` and the derivatives written
with the outputs the trace stores (``σ' = s(1 − s)``, ``tanh' = 1 − t²``)::

    Step 4  dh̃ = dh ⊙ z_t,   dz = dh ⊙ (h̃_t − h_{t-1}),   dh_{t-1} ← dh ⊙ (1 − z_t)
    Step 3  dh̃_pre = dh̃ ⊙ (1 − h̃_t²)
            dW_h = dh̃_pre ⊗ [r_t ⊙ h_{t-1}, x_t],   d[r_t ⊙ h_{t-1}, x_t] = W_hᵀ · dh̃_pre
            dr = d(r_t ⊙ h_{t-1}) ⊙ h_{t-1},   dh_{t-1} ← d(r_t ⊙ h_{t-1}) ⊙ r_t
    Step 2  dz_pre = dz ⊙ z_t ⊙ (1 − z_t)
    Step 1  dr_pre = dr ⊙ r_t ⊙ (1 − r_t)
            dW_r = dr_pre ⊗ [h_{t-1}, x_t],  dW_z = dz_pre ⊗ [h_{t-1}, x_t]
            d[h_{t-1}, x_t] ← W_rᵀ · dr_pre + W_zᵀ · dz_pre

``h_{t-1}`` reaches ``h_t`` three ways (directly, through ``h̃_t`` and through
the gates), so ``dh_{t-1}`` collects three terms (``←`` means "add to").
``"cho2014"`` swaps ``z_t`` and ``1 − z_t`` in step 4; ``"pytorch"`` resets
after the product, ``h̃_t = tanh(W_in x_t + b_in + r_t ⊙ hn)`` with
``hn = W_hn h_{t-1} + b_hn``, so ``dr = dh̃_pre ⊙ hn`` and ``dhn = dh̃_pre ⊙ r_t``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from tinyrnn.activations import sigmoid_derivative, tanh_derivative
from tinyrnn.gradients import StepGradients, outer
from tinyrnn.trace import GRUStep
from tinyrnn.vector import Vector, concat

__all__ = ["gru_step_backward"]


def gru_step_backward(params: Mapping[str, Any], step: GRUStep, dh: Vector) -> StepGradients:
    """The gradients of one GRU step (any variant), from its trace and ``dh = ∂L/∂h_t``.

    Args:
        params: the cell's weights as Matrix/Vector (``cell.weights``).
        step: the step's trace (the forward cache); ``step.variant`` picks the equations.
        dh: ``∂L/∂h_t``: from the loss at this step plus from step ``t + 1``.

    Returns:
        :class:`~tinyrnn.gradients.StepGradients` with ``dc_prev = None``.

    >>> from tinyrnn import examples
    >>> step = examples.slide_gru()
    >>> grads = gru_step_backward(examples.slide_gru_cell().weights, step, Vector([1.0, 0, 0]))
    >>> db_h = grads.params["b_h"]                 # L = h_t[0]: only row 0 of b_h matters
    >>> db_h[0] == step.z[0] * (1 - step.h_tilde[0] ** 2), db_h[1:] == (0.0, 0.0)
    (True, True)
    """
    if step.variant == "pytorch":
        return _pytorch_gru_step_backward(params, step, dh)
    W_r, W_z, W_h = params["W_r"], params["W_z"], params["W_h"]
    x, h_prev, r, z, h_tilde = step.x, step.h_prev, step.r, step.z, step.h_tilde
    r_h_prev = cast(Vector, step.r_h_prev)  # r_t ⊙ h_{t-1}: recorded for this variant (None for pytorch)
    H = len(h_prev)

    # Step 4 backwards: new hidden state
    if step.variant == "colah":  # h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
        dh_tilde = dh * z
        dz = dh * (h_tilde - h_prev)
        dh_prev = dh * (1 - z)  # the direct path; the paths through h̃_t and the gates follow
    else:  # "cho2014":          h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t
        dh_tilde = dh * (1 - z)
        dz = dh * (h_prev - h_tilde)
        dh_prev = dh * z
    # Step 3 backwards: candidate       h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)
    dh_tilde_pre = dh_tilde * tanh_derivative(h_tilde)
    d_rhx = W_h.T @ dh_tilde_pre  # ∂L/∂[r_t ⊙ h_{t-1}, x_t]
    d_r_h_prev = Vector(d_rhx[:H])
    dr = d_r_h_prev * h_prev
    dh_prev = dh_prev + d_r_h_prev * r
    # Step 2 backwards: update gate     z_t = σ(z_pre)
    dz_pre = dz * sigmoid_derivative(z)
    # Step 1 backwards: reset gate      r_t = σ(r_pre)
    dr_pre = dr * sigmoid_derivative(r)

    hx = concat(h_prev, x)
    grads = {
        "W_z": outer(dz_pre, hx),  # ∂L/∂W_z = dz_pre ⊗ [h_{t-1}, x_t]
        "b_z": dz_pre,
        "W_r": outer(dr_pre, hx),
        "b_r": dr_pre,
        "W_h": outer(dh_tilde_pre, concat(r_h_prev, x)),  # the candidate saw [r_t ⊙ h_{t-1}, x_t]
        "b_h": dh_tilde_pre,
    }
    d_hx = W_r.T @ dr_pre + W_z.T @ dz_pre  # [h_{t-1}, x_t] feeds both gates
    dh_prev = dh_prev + Vector(d_hx[:H])
    dx = Vector(d_rhx[H:]) + Vector(d_hx[H:])  # x_t feeds the candidate and both gates
    return StepGradients(grads, dx=dx, dh_prev=dh_prev, dc_prev=None)


def _pytorch_gru_step_backward(params: Mapping[str, Any], step: GRUStep, dh: Vector) -> StepGradients:
    """PyTorch's ``nn.GRUCell`` backwards: separate input and hidden products, reset after the product."""
    W_ir, W_iz, W_in, W_hr, W_hz, W_hn = (params[k] for k in ("W_ir", "W_iz", "W_in", "W_hr", "W_hz", "W_hn"))
    x, h_prev, r, z, h_tilde = step.x, step.h_prev, step.r, step.z, step.h_tilde
    hn = cast(Vector, step.hn)  # W_hn h_{t-1} + b_hn: recorded for this variant (None for the others)

    # Step 4 backwards: new hidden state  h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t-1}
    dh_tilde = dh * (1 - z)
    dz = dh * (h_prev - h_tilde)
    dh_prev = dh * z
    # Step 3 backwards: candidate   h̃_t = tanh(W_in x_t + b_in + r_t ⊙ hn),  hn = W_hn h_{t-1} + b_hn
    dh_tilde_pre = dh_tilde * tanh_derivative(h_tilde)
    dr = dh_tilde_pre * hn
    dhn = dh_tilde_pre * r
    # Step 2 backwards: update gate       z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
    dz_pre = dz * sigmoid_derivative(z)
    # Step 1 backwards: reset gate        r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
    dr_pre = dr * sigmoid_derivative(r)

    grads = {
        "W_ir": outer(dr_pre, x),
        "W_iz": outer(dz_pre, x),
        "W_in": outer(dh_tilde_pre, x),
        "W_hr": outer(dr_pre, h_prev),
        "W_hz": outer(dz_pre, h_prev),
        "W_hn": outer(dhn, h_prev),
        "b_ir": dr_pre,  # a bias added to a pre-activation gets that pre-activation's gradient,
        "b_iz": dz_pre,
        "b_in": dh_tilde_pre,
        "b_hr": dr_pre,  # so both biases of a gate get the same one
        "b_hz": dz_pre,
        "b_hn": dhn,
    }
    dx = W_ir.T @ dr_pre + W_iz.T @ dz_pre + W_in.T @ dh_tilde_pre
    dh_prev = dh_prev + W_hr.T @ dr_pre + W_hz.T @ dz_pre + W_hn.T @ dhn
    return StepGradients(grads, dx=dx, dh_prev=dh_prev, dc_prev=None)
