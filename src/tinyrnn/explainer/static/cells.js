/* The arithmetic of the cells: src/tinyrnn/lstm.py and gru.py, operation for operation.
 *
 * Same float64 operations in the same order as the Python reference and
 * kernels (src/tinyrnn/fast/forward.py), so the page shows the numbers tinyrnn
 * computes; the browser tests compare the two on hundreds of random cells.
 *   dot(row, v)  = ((0 + row[0]·v[0]) + row[1]·v[1]) + …   (Python's sum(map(mul, row, v)))
 *   pre-activation = dot(W[k], [h_{t-1}, x_t]) + b[k]
 *   σ(a) = 1/(1 + e^−a) for a ≥ 0, e^a/(1 + e^a) otherwise (never exp of a large positive number)
 * A trace is a plain object with the field names of tinyrnn's LSTMStep / GRUStep.
 */
(function (TinyRNN) {
  "use strict";

  function sigmoid(a) {
    if (a >= 0) return 1 / (1 + Math.exp(-a));
    const e = Math.exp(a);
    return e / (1 + e);
  }

  const tanh = (a) => Math.tanh(a);

  function dot(row, v) {
    let total = 0;
    for (let k = 0; k < row.length; k++) total += row[k] * v[k];
    return total;
  }

  // W · v + b, row by row.
  function affine(W, b, v) {
    return W.map((row, k) => dot(row, v) + b[k]);
  }

  const map = (values, f) => values.map((value) => f(value));

  function lstmStep(p, x, h_prev, c_prev) {
    const hx = h_prev.concat(x); // [h_{t-1}, x_t]
    // Step 1: forget gate   f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
    const f_pre = affine(p.W_f, p.b_f, hx);
    const f = map(f_pre, sigmoid);
    // Step 2: input gate    i_t = σ(W_i · [h_{t-1}, x_t] + b_i)
    const i_pre = affine(p.W_i, p.b_i, hx);
    const i = map(i_pre, sigmoid);
    //         candidate     C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
    const c_tilde_pre = affine(p.W_c, p.b_c, hx);
    const c_tilde = map(c_tilde_pre, tanh);
    // Step 3: cell state    C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t
    const c = f.map((fk, k) => fk * c_prev[k] + i[k] * c_tilde[k]);
    // Step 4: output gate   o_t = σ(W_o · [h_{t-1}, x_t] + b_o);  h_t = o_t ⊙ tanh(C_t)
    const o_pre = affine(p.W_o, p.b_o, hx);
    const o = map(o_pre, sigmoid);
    const tanh_c = map(c, tanh);
    const h = o.map((ok, k) => ok * tanh_c[k]);
    return { type: "LSTMStep", x, h_prev, c_prev, f_pre, f, i_pre, i, c_tilde_pre, c_tilde, c, o_pre, o, tanh_c, h };
  }

  function gruStep(p, variant, x, h_prev) {
    if (variant === "pytorch") return pytorchGruStep(p, x, h_prev);
    const hx = h_prev.concat(x);
    // Step 1: reset gate    r_t = σ(W_r · [h_{t-1}, x_t] + b_r)
    const r_pre = affine(p.W_r, p.b_r, hx);
    const r = map(r_pre, sigmoid);
    // Step 2: update gate   z_t = σ(W_z · [h_{t-1}, x_t] + b_z)
    const z_pre = affine(p.W_z, p.b_z, hx);
    const z = map(z_pre, sigmoid);
    // Step 3: candidate     h̃_t = tanh(W_h · [r_t ⊙ h_{t-1}, x_t] + b_h)
    const r_h_prev = r.map((rk, k) => rk * h_prev[k]);
    const h_tilde_pre = affine(p.W_h, p.b_h, r_h_prev.concat(x));
    const h_tilde = map(h_tilde_pre, tanh);
    // Step 4: new state     colah: h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t;  cho2014: h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t
    const h = variant === "colah"
      ? z.map((zk, k) => (1 - zk) * h_prev[k] + zk * h_tilde[k])
      : z.map((zk, k) => zk * h_prev[k] + (1 - zk) * h_tilde[k]);
    return { type: "GRUStep", variant, x, h_prev, r_pre, r, z_pre, z, r_h_prev, hn: null, h_tilde_pre, h_tilde, h };
  }

  function pytorchGruStep(p, x, h_prev) {
    // Step 1: reset gate    r_t = σ((W_ir x_t + b_ir) + (W_hr h_{t-1} + b_hr))
    const r_x = affine(p.W_ir, p.b_ir, x), r_h = affine(p.W_hr, p.b_hr, h_prev);
    const r_pre = r_x.map((a, k) => a + r_h[k]);
    const r = map(r_pre, sigmoid);
    // Step 2: update gate   z_t = σ((W_iz x_t + b_iz) + (W_hz h_{t-1} + b_hz))
    const z_x = affine(p.W_iz, p.b_iz, x), z_h = affine(p.W_hz, p.b_hz, h_prev);
    const z_pre = z_x.map((a, k) => a + z_h[k]);
    const z = map(z_pre, sigmoid);
    // Step 3: candidate     h̃_t = tanh((W_in x_t + b_in) + r_t ⊙ (W_hn h_{t-1} + b_hn))
    const hn = affine(p.W_hn, p.b_hn, h_prev);
    const n_x = affine(p.W_in, p.b_in, x);
    const h_tilde_pre = n_x.map((a, k) => a + r[k] * hn[k]);
    const h_tilde = map(h_tilde_pre, tanh);
    // Step 4: new state     h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t-1}
    const h = z.map((zk, k) => (1 - zk) * h_tilde[k] + zk * h_prev[k]);
    return {
      type: "GRUStep", variant: "pytorch", x, h_prev, r_pre, r, z_pre, z, r_h_prev: null, hn, h_tilde_pre, h_tilde, h,
    };
  }

  /* A whole sequence, as cell.run(xs, h0, c0): each step's h (and C) feed the next. */
  function run(cell, params, xs, h0, c0) {
    const steps = [];
    let h = h0, c = c0;
    for (const x of xs) {
      const step = cell === "lstm" ? lstmStep(params, x, h, c) : gruStep(params, cell.slice(4), x, h);
      steps.push(step);
      h = step.h;
      c = step.c;
    }
    return steps;
  }

  TinyRNN.cells = { sigmoid, tanh, dot, lstmStep, gruStep, run };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
