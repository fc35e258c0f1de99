# lstm_step.py: one LSTM step, standard library only. Needs Python 3.10 or later.
"""One LSTM step with only the standard library: the slides' equations, for an exam.

Run ``python lstm_step.py`` to print the slide "LSTM Calculation (3D Vector Example)".
"""

import math
from decimal import ROUND_HALF_UP, Decimal


def lstm_step(params, x, h_prev, c_prev):
    """x_t, h_{t-1}, C_{t-1} -> every value of the step.

    params: W_f, b_f, W_i, b_i, W_c, b_c, W_o, b_o. Each W_* has one row per
    component of h, acting on [h_{t-1}, x_t] (hidden state first).
    """

    def sigma(a):  # σ(a) = 1 / (1 + e^(-a)), written so that exp never overflows
        return 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))

    def dot(w, v):  # w · v = w[0]·v[0] + w[1]·v[1] + …
        return sum(w_k * v_k for w_k, v_k in zip(w, v, strict=True))

    def layer(W, b, v, squash):  # squash(W · v + b), one row of W per component
        return [squash(dot(row, v) + b_k) for row, b_k in zip(W, b, strict=True)]

    hx = [*h_prev, *x]  # [h_{t-1}, x_t]
    # Step 1: forget gate    f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
    f = layer(params["W_f"], params["b_f"], hx, sigma)
    # Step 2: input gate     i_t = σ(W_i · [h_{t-1}, x_t] + b_i)
    i = layer(params["W_i"], params["b_i"], hx, sigma)
    #         candidate      C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
    c_tilde = layer(params["W_c"], params["b_c"], hx, math.tanh)
    # Step 3: cell state     C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t   (⊙: elementwise)
    parts = zip(f, c_prev, i, c_tilde, strict=True)
    c = [f_k * c_prev_k + i_k * c_tilde_k for f_k, c_prev_k, i_k, c_tilde_k in parts]
    # Step 4: output gate    o_t = σ(W_o · [h_{t-1}, x_t] + b_o)
    o = layer(params["W_o"], params["b_o"], hx, sigma)
    #         hidden state   h_t = o_t ⊙ tanh(C_t)
    h = [o_k * math.tanh(c_k) for o_k, c_k in zip(o, c, strict=True)]
    return {"f": f, "i": i, "c_tilde": c_tilde, "c": c, "o": o, "h": h}


def shown(value, decimals=2):
    """value to 2 decimals, half away from zero as on a calculator: 0.125 -> 0.13."""
    places = Decimal(1).scaleb(-decimals)  # 0.01
    shown_12 = Decimal(f"{value:.12g}")  # the 12 digits a calculator shows
    digits = shown_12.quantize(places, ROUND_HALF_UP)
    return str(abs(digits) if digits == 0 else digits)  # -0.00 is shown as 0.00


# The slide's example: its inputs, and weights (multiples of 0.1) that reproduce it.
SLIDE_PARAMS = {
    "W_f": [[0.1, 0.5, 0.5, 0.4, 0.5, 0.1],
            [-0.3, -0.4, 0.4, -0.3, 0.1, -0.5],
            [0.2, 0.5, -0.2, 0.5, -0.1, 0.5]],
    "b_f": [0.3, 0.5, 0.3],
    "W_i": [[-0.4, 0.3, -0.2, -0.4, -0.1, 0.4],
            [0.4, 0.2, -0.3, 0.5, 0.0, 0.3],
            [0.4, 0.5, -0.1, 0.3, 0.4, -0.4]],
    "b_i": [-0.1, 0.2, -0.1],
    "W_c": [[0.2, 0.2, -0.1, 0.2, 0.0, -0.5],
            [0.0, -0.3, 0.4, 0.1, -0.4, -0.4],
            [0.2, 0.1, 0.2, -0.3, 0.0, 0.5]],
    "b_c": [0.5, -0.3, 0.5],
    "W_o": [[0.4, -0.5, -0.1, -0.1, -0.5, -0.1],
            [0.5, 0.2, -0.3, 0.1, 0.2, -0.5],
            [0.2, 0.4, 0.5, -0.1, 0.5, -0.4]],
    "b_o": [0.0, 0.1, -0.4],
}  # fmt: skip
X, H_PREV, C_PREV = [0.5, -0.3, 0.8], [0.2, 0.4, -0.1], [0.6, -0.2, 0.3]

if __name__ == "__main__":
    step = lstm_step(SLIDE_PARAMS, X, H_PREV, C_PREV)
    print(f"x_t = {X}, h_(t-1) = {H_PREV}, C_(t-1) = {C_PREV}")
    for name, values in step.items():
        print(f"{name} = [{', '.join(shown(v) for v in values)}]")
