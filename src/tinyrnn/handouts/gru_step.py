# gru_step.py: one GRU step, standard library only. Needs Python 3.10 or later.
"""One GRU step with only the standard library: the slides' equations, for an exam.

Run ``python gru_step.py`` to print the slide "GRU Calculation (3D Vector Example)".
"""

import math
from decimal import ROUND_HALF_UP, Decimal


def gru_step(params, x, h_prev):
    """x_t, h_{t-1} -> every value of the step. params: W_r, b_r, W_z, b_z, W_h, b_h.

    Each W_* has one row per component of h, acting on [h_{t-1}, x_t] (hidden
    state first). Step 4 follows colah's blog, whose notation the slides use
    (tinyrnn's "colah"); the original paper swaps z_t and 1 - z_t.
    """

    def sigma(a):  # σ(a) = 1 / (1 + e^(-a)), written so that exp never overflows
        return 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))

    def dot(w, v):  # w · v = w[0]·v[0] + w[1]·v[1] + …
        return sum(w_k * v_k for w_k, v_k in zip(w, v, strict=True))

    def layer(W, b, v, squash):  # squash(W · v + b), one row of W per component
        return [squash(dot(row, v) + b_k) for row, b_k in zip(W, b, strict=True)]

    hx = [*h_prev, *x]  # [h_{t-1}, x_t]
    # Step 1: reset gate     r_t = σ(W_r · [h_{t-1}, x_t] + b_r)
    r = layer(params["W_r"], params["b_r"], hx, sigma)
    # Step 2: update gate    z_t = σ(W_z · [h_{t-1}, x_t] + b_z)
    z = layer(params["W_z"], params["b_z"], hx, sigma)
    # Step 3: candidate      h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)
    r_h_prev = [r_k * h_k for r_k, h_k in zip(r, h_prev, strict=True)]
    h_tilde = layer(params["W_h"], params["b_h"], [*r_h_prev, *x], math.tanh)
    # Step 4: new state      h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t   (⊙: elementwise)
    parts = zip(z, h_prev, h_tilde, strict=True)
    h = [(1 - z_k) * h_k + z_k * h_tilde_k for z_k, h_k, h_tilde_k in parts]
    return {"r": r, "z": z, "r_h_prev": r_h_prev, "h_tilde": h_tilde, "h": h}


def shown(value, decimals=2):
    """value to 2 decimals, half away from zero as on a calculator: 0.125 -> 0.13."""
    places = Decimal(1).scaleb(-decimals)  # 0.01
    shown_12 = Decimal(f"{value:.12g}")  # the 12 digits a calculator shows
    digits = shown_12.quantize(places, ROUND_HALF_UP)
    return str(abs(digits) if digits == 0 else digits)  # -0.00 is shown as 0.00


# The slide's example: its inputs, and weights (multiples of 0.1) that reproduce it.
SLIDE_PARAMS = {
    "W_z": [[0.2, 0.1, 0.2, -0.4, -0.4, 0.5],
            [0.5, 0.2, -0.5, -0.3, 0.4, 0.0],
            [0.4, -0.3, -0.5, 0.5, 0.2, 0.1]],
    "b_z": [-0.4, 0.2, -0.1],
    "W_r": [[-0.2, 0.5, 0.4, -0.3, -0.2, 0.1],
            [0.5, 0.4, -0.4, 0.2, 0.3, 0.2],
            [-0.3, 0.0, 0.4, -0.5, -0.1, 0.5]],
    "b_r": [0.2, 0.5, -0.3],
    "W_h": [[0.3, -0.3, -0.4, 0.4, -0.2, 0.3],
            [-0.2, -0.5, 0.0, -0.4, -0.4, 0.4],
            [0.1, 0.0, 0.5, -0.4, -0.1, -0.4]],
    "b_h": [0.5, -0.3, 0.2],
}  # fmt: skip
X, H_PREV = [0.5, -0.3, 0.8], [0.2, 0.4, -0.1]

if __name__ == "__main__":
    step = gru_step(SLIDE_PARAMS, X, H_PREV)
    print(f"x_t = {X}, h_(t-1) = {H_PREV}")
    for name, values in step.items():
        print(f"{name} = [{', '.join(shown(v) for v in values)}]")
