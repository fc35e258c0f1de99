/* The arithmetic of every cell, read from its description (tinyrnn.specs, sent as JSON in data.cells).
 *
 * A description lists the fields of a step's trace, each with the *rule* that
 * computes it (Affine, Activation, Products, Constant). This file runs those
 * rules and knows no cell by name: a new cell kind needs no JavaScript. The
 * float64 operations and their order are those of the Python cells (and of
 * tests/test_specs.py's interpreter, proven equal to them), so the page shows
 * the numbers tinyrnn computes; the browser tests compare them on random cells
 * of every kind:
 *   MatVec:  W[k] · v = ((0 + W[k][0]·v[0]) + W[k][1]·v[1]) + …   (Python's sum(map(mul, row, v)))
 *   Affine:  its parts added left to right, component by component (a bias is a part)
 *   σ(a) = 1/(1 + e^−a) for a ≥ 0, e^a/(1 + e^a) otherwise (never exp of a large positive number)
 *   Products: each term's factors multiplied left to right ("1-z" is 1 − z), the terms added left to right
 * A trace is a plain object: {key, <field name>: [numbers], …}.
 */
(function (TinyRNN) {
  "use strict";

  function sigmoid(a) {
    if (a >= 0) return 1 / (1 + Math.exp(-a));
    const e = Math.exp(a);
    return e / (1 + e);
  }

  const FUNCTIONS = { sigmoid, tanh: (a) => Math.tanh(a), relu: (a) => (a > 0 ? a : 0) };

  function dot(row, v) {
    let total = 0;
    for (let k = 0; k < row.length; k++) total += row[k] * v[k];
    return total;
  }

  const add = (a, b) => a.map((value, k) => value + b[k]);

  /* A named operand: a weight vector (a peephole) or a field computed before. */
  const operand = (name, params, values) => (Object.prototype.hasOwnProperty.call(params, name) ? params[name] : values[name]);

  function part(rule, params, values) {
    switch (rule.type) {
      case "Bias":
        return params[rule.weight];
      case "MatVec": {
        const v = [].concat(...rule.inputs.map((name) => values[name]));
        return params[rule.weight].map((row) => dot(row, v));
      }
      case "Hadamard": {
        const left = operand(rule.left, params, values), right = operand(rule.right, params, values);
        return left.map((value, k) => value * right[k]);
      }
      case "Affine": {
        let total = null;
        for (const each of rule.parts) {
          const term = part(each, params, values);
          total = total === null ? term : add(total, term);
        }
        return total;
      }
      default:
        throw new Error(`unknown part ${rule.type}`);
    }
  }

  /* The value of one factor of a Products term: a field, or "1-name" for 1 − that field. */
  function factor(name, values) {
    if (name.startsWith("1-")) return values[name.slice(2)].map((value) => 1 - value);
    return values[name];
  }

  function evaluate(rule, params, values, H) {
    switch (rule.type) {
      case "Affine":
        return part(rule, params, values);
      case "Activation":
        return values[rule.field].map(FUNCTIONS[rule.function]);
      case "Products": {
        let total = null;
        for (const term of rule.terms) {
          let product = null;
          for (const name of term) {
            const value = factor(name, values);
            product = product === null ? value : product.map((p, k) => p * value[k]);
          }
          total = total === null ? product : add(total, product);
        }
        return total;
      }
      case "Constant":
        return new Array(H).fill(rule.value);
      default:
        throw new Error(`unknown rule ${rule.type}`);
    }
  }

  /* One step: every field of the trace, given x and the previous states ({x, h_prev, c_prev, …}). */
  function step(spec, params, given) {
    const values = { key: spec.key };
    const H = given.h_prev.length;
    for (const field of spec.fields) {
      values[field.name] = field.rule === null ? given[field.name] : evaluate(field.rule, params, values, H);
    }
    return values;
  }

  /* The given field that a state feeds at the next step: "h" → "h_prev", "c" → "c_prev". */
  const previous = (state) => `${state}_prev`;

  /* A whole sequence, as cell.run(xs, h0, c0): each step's states feed the next. `initial` maps a
   * given field (h_prev, c_prev) to its first value. */
  function run(spec, params, xs, initial) {
    const steps = [];
    const carried = { ...initial };
    for (const x of xs) {
      const given = { x };
      for (const field of spec.fields) if (field.rule === null && field.name !== "x") given[field.name] = carried[field.name];
      const trace = step(spec, params, given);
      steps.push(trace);
      for (const state of spec.states) carried[previous(state)] = trace[state];
    }
    return steps;
  }

  TinyRNN.cells = { sigmoid, dot, step, run, previous, FUNCTIONS };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
