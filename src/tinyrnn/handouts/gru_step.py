"""One GRU step with only the standard library: the slides' equations, to copy into an exam.

Run ``python gru_step.py`` to print the slide "GRU Calculation (3D Vector Example)".
"""

import math


def gru_step(params, x, h_prev):
    """x_t, h_{t-1} -> every value of the step. params: W_r, b_r, W_z, b_z, W_h, b_h.

    Each W_* has one row per component of h, acting on [h_{t-1}, x_t] (hidden state first).
    Step 4 is the slides' convention (tinyrnn's "colah"); the original paper swaps z_t and 1 - z_t.
    """

    def dot(w, v):  # sum of w[k]·v[k]; math.sumprod (Python >= 3.12) is more accurate
        return math.sumprod(w, v) if hasattr(math, "sumprod") else sum(a * b for a, b in zip(w, v, strict=True))

    def sigma(a):  # σ(a) = 1 / (1 + e^(-a)), written so that exp never overflows
        return 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))

    def layer(W, b, v, squash):  # squash(W · v + b), one row of W per component
        return [squash(dot(row, v) + b_k) for row, b_k in zip(W, b, strict=True)]

    hx = [*h_prev, *x]  # [h_{t-1}, x_t]
    # Step 1: reset gate     r_t = σ(W_r · [h_{t-1}, x_t] + b_r)
    r = layer(params["W_r"], params["b_r"], hx, sigma)
    # Step 2: update gate    z_t = σ(W_z · [h_{t-1}, x_t] + b_z)
    z = layer(params["W_z"], params["b_z"], hx, sigma)
    # Step 3: candidate      h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)      (⊙: component by component)
    r_h_prev = [r_k * h_k for r_k, h_k in zip(r, h_prev, strict=True)]
    h_tilde = layer(params["W_h"], params["b_h"], [*r_h_prev, *x], math.tanh)
    # Step 4: new state      h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
    h = [(1 - z_k) * h_k + z_k * h_tilde_k for z_k, h_k, h_tilde_k in zip(z, h_prev, h_tilde, strict=True)]
    return {"r": r, "z": z, "r_h_prev": r_h_prev, "h_tilde": h_tilde, "h": h}


# The slide's example: its inputs, and weights (multiples of 0.1) that reproduce every number it prints.
SLIDE_PARAMS = {
    "W_z": [[0.2, 0.1, 0.2, -0.4, -0.4, 0.5], [0.5, 0.2, -0.5, -0.3, 0.4, 0.0], [0.4, -0.3, -0.5, 0.5, 0.2, 0.1]],
    "b_z": [-0.4, 0.2, -0.1],
    "W_r": [[-0.2, 0.5, 0.4, -0.3, -0.2, 0.1], [0.5, 0.4, -0.4, 0.2, 0.3, 0.2], [-0.3, 0.0, 0.4, -0.5, -0.1, 0.5]],
    "b_r": [0.2, 0.5, -0.3],
    "W_h": [[0.3, -0.3, -0.4, 0.4, -0.2, 0.3], [-0.2, -0.5, 0.0, -0.4, -0.4, 0.4], [0.1, 0.0, 0.5, -0.4, -0.1, -0.4]],
    "b_h": [0.5, -0.3, 0.2],
}
X, H_PREV = [0.5, -0.3, 0.8], [0.2, 0.4, -0.1]

if __name__ == "__main__":
    step = gru_step(SLIDE_PARAMS, X, H_PREV)
    print(f"x_t = {X}, h_(t-1) = {H_PREV}")
    for name, values in step.items():
        print(f"{name} = [{', '.join(f'{v:.2f}' for v in values)}]")
