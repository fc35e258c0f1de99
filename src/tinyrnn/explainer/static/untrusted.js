/* Loading pasted or uploaded JSON: untrusted input, validated field by field.
 *
 * Accepted: the cell.params format (the keys of one layout, as
 * tinyrnn's from_params takes them), or a whole state exported by the page:
 *   {"cell": a key of the cell descriptions ("lstm", "gru-pytorch", …), "params": {...},
 *    "xs": [[...], ...], "h_prev": [...], "c_prev": [...] (a cell with a cell state only)}
 * Which weights a cell has, and their shapes, come from its description (data.cells).
 * Nothing from the input is ever inserted as HTML: the result is fresh arrays
 * of numbers, and error messages are shown as text.
 */
(function (TinyRNN) {
  "use strict";

  const MAX_TEXT = 1000000; // characters; a parameter file of this explainer is far smaller
  const MAX_SIZE = 8, MAX_STEPS = 32, LIMIT = 1e100;
  const STATE_KEYS = ["cell", "params", "xs", "h_prev", "c_prev"];

  class LoadError extends Error {}

  const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

  function shown(value) {
    const text = typeof value === "string" ? JSON.stringify(value) : String(value);
    return text.length > 40 ? text.slice(0, 37) + "…" : text;
  }

  function describe(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return `a list of ${value.length}`;
    if (typeof value === "object") return "an object";
    return `the ${typeof value} ${shown(value)}`;
  }

  function number(value, where) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new LoadError(`${where} must be a finite number, got ${describe(value)}`);
    }
    if (Math.abs(value) > LIMIT) throw new LoadError(`${where} is ${value}; this page takes numbers up to ±1e100`);
    return value;
  }

  function vector(value, where, length, lengthName) {
    if (!Array.isArray(value)) throw new LoadError(`${where} must be a list of numbers, got ${describe(value)}`);
    if (value.length !== length) {
      throw new LoadError(`${where} has length ${value.length} but ${lengthName} is ${length}`);
    }
    return value.map((item, k) => number(item, `${where}[${k}]`));
  }

  function size(value, name) {
    if (value < 1 || value > MAX_SIZE) throw new LoadError(`${name} is ${value}; this page shows sizes 1 to ${MAX_SIZE}`);
    return value;
  }

  const VECTORS = new Set(["b", "p"]);
  const layoutOfSpec = (spec) => Object.fromEntries(spec.weights.map((w) => [w.name, w.shape]));
  const article = (name) => (/^[AEIOU]|^LSTM|^RNN/.test(name) ? `an ${name}` : `a ${name}`);

  /* The cell whose weights have exactly these keys: the current one if it fits, else the first that does. */
  function cellOf(keys, specs, currentCell) {
    const same = (spec) => keys.length === spec.weights.length && spec.weights.every((w) => keys.includes(w.name));
    const fitting = Object.values(specs).filter(same);
    if (fitting.length) return (fitting.find((spec) => spec.key === currentCell) || fitting[0]).key;
    // Say what is wrong against the cell that the keys resemble most.
    let best = null, shared = -1;
    for (const spec of Object.values(specs)) {
      const count = keys.filter((key) => spec.weights.some((w) => w.name === key)).length;
      if (count > shared) [best, shared] = [spec, count];
    }
    const names = best.weights.map((w) => w.name);
    const needs = `${article(best.name)} needs exactly ${names.join(", ")}`;
    const unknown = keys.find((key) => !names.includes(key));
    if (unknown !== undefined) throw new LoadError(`params has unknown key ${shown(unknown)}; ${needs}`);
    const missing = names.find((key) => !keys.includes(key));
    throw new LoadError(`params is missing ${shown(missing)}; ${needs}`);
  }

  const columns = (shape, H, I) => ({ hx: H + I, x: I, h: H }[shape]);

  function checkParams(params, spec) {
    const layout = layoutOfSpec(spec);
    const names = Object.keys(layout);
    const bias = names.find((name) => VECTORS.has(layout[name]));
    if (!Array.isArray(params[bias])) {
      throw new LoadError(`params['${bias}'] must be a list of numbers, got ${describe(params[bias])}`);
    }
    const H = size(params[bias].length, `hidden_size (the length of ${bias})`);
    const first = names.find((name) => !VECTORS.has(layout[name]));
    const W = params[first];
    if (!Array.isArray(W) || !Array.isArray(W[0])) {
      throw new LoadError(`params['${first}'] must be a list of rows, got ${describe(W)}`);
    }
    const I = size(layout[first] === "hx" ? W[0].length - H : W[0].length, "input_size");
    const checked = {};
    for (const name of names) {
      const kind = layout[name];
      const where = `params['${name}']`;
      if (VECTORS.has(kind)) {
        checked[name] = vector(params[name], where, H, `hidden_size (from ${bias})`);
        continue;
      }
      const rows = params[name];
      if (!Array.isArray(rows)) throw new LoadError(`${where} must be a list of rows, got ${describe(rows)}`);
      if (rows.length !== H) throw new LoadError(`${where} has ${rows.length} rows but hidden_size (from ${bias}) is ${H}`);
      const colsName = { hx: "hidden_size + input_size", x: "input_size", h: "hidden_size" }[kind];
      checked[name] = rows.map((row, k) => vector(row, `${where}[${k}]`, columns(kind, H, I), colsName));
    }
    return { params: checked, H, I };
  }

  /* Parse and validate `text` against the cell descriptions `specs` (by key); returns
   * {cell, params, H, I, xs?, h_prev?, c_prev?} or throws a LoadError. */
  function load(text, specs, currentCell) {
    if (typeof text !== "string" || text.trim() === "") throw new LoadError("there is nothing to load: paste JSON first");
    if (text.length > MAX_TEXT) throw new LoadError(`the text has ${text.length} characters; at most ${MAX_TEXT} are read`);
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new LoadError("this is not valid JSON (" + shown(error.message) + ")");
    }
    if (!isObject(data)) throw new LoadError(`expected a JSON object, got ${describe(data)}`);
    const isState = own(data, "params");
    const params = isState ? data.params : data;
    if (isState) {
      const extra = Object.keys(data).find((key) => !STATE_KEYS.includes(key));
      if (extra !== undefined) throw new LoadError(`unknown key ${shown(extra)}; a state has ${STATE_KEYS.join(", ")}`);
      if (!isObject(params)) throw new LoadError(`params must be an object, got ${describe(params)}`);
      if (own(data, "cell") && !own(specs, data.cell)) {
        throw new LoadError(`cell must be one of ${Object.keys(specs).join(", ")}, got ${describe(data.cell)}`);
      }
    }
    const wanted = isState && own(data, "cell") ? data.cell : currentCell;
    let cell = cellOf(Object.keys(params), specs, wanted);
    if (isState && own(data, "cell")) {
      if (cell !== data.cell) throw new LoadError(`cell is ${data.cell} but params has the keys of ${cell}`);
    }
    const spec = specs[cell];
    const result = { cell, ...checkParams(params, spec) };
    if (!isState) return result;
    if (own(data, "xs")) {
      if (!Array.isArray(data.xs) || data.xs.length < 1 || data.xs.length > MAX_STEPS) {
        throw new LoadError(`xs must be a list of 1 to ${MAX_STEPS} inputs, got ${describe(data.xs)}`);
      }
      result.xs = data.xs.map((x, t) => vector(x, `xs[${t}]`, result.I, "input_size"));
    }
    for (const name of ["h_prev", "c_prev"]) {
      if (!own(data, name)) continue;
      if (!spec.fields.some((field) => field.name === name && field.rule === null)) {
        throw new LoadError(`${name} is not an input of ${article(spec.name)}: ${spec.name} has no such state`);
      }
      result[name] = vector(data[name], name, result.H, "hidden_size");
    }
    return result;
  }

  TinyRNN.untrusted = { load, LoadError, MAX_TEXT, MAX_SIZE, MAX_STEPS, columns, VECTORS, layoutOfSpec };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
