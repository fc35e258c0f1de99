/* Loading pasted or uploaded JSON: untrusted input, validated field by field.
 *
 * Accepted: the cell.params format (the keys of one layout, as
 * tinyrnn's from_params takes them), or a whole state exported by the page:
 *   {"cell": "lstm" | "gru-colah" | "gru-cho2014" | "gru-pytorch", "params": {...},
 *    "xs": [[...], ...], "h_prev": [...], "c_prev": [...] (LSTM only)}
 * Nothing from the input is ever inserted as HTML: the result is fresh arrays
 * of numbers, and error messages are shown as text.
 */
(function (TinyRNN) {
  "use strict";

  const MAX_TEXT = 1000000; // characters; a parameter file of this explainer is far smaller
  const MAX_SIZE = 4, MAX_STEPS = 6, LIMIT = 1e100;
  const CELLS = ["lstm", "gru-colah", "gru-cho2014", "gru-pytorch"];
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

  const NEEDS = { lstm: "an LSTM", gru: "a GRU (colah or cho2014)", "gru-pytorch": "a GRU (pytorch)" };

  function layoutOf(keys, layouts, currentCell) {
    const same = (layout) => keys.length === Object.keys(layout).length && keys.every((key) => own(layout, key));
    if (same(layouts.lstm)) return "lstm";
    if (same(layouts.gru)) return currentCell === "gru-cho2014" ? "gru-cho2014" : "gru-colah";
    if (same(layouts["gru-pytorch"])) return "gru-pytorch";
    // Say what is wrong against the layout that the keys resemble most.
    let best = "lstm", shared = -1;
    for (const [name, layout] of Object.entries(layouts)) {
      const count = keys.filter((key) => own(layout, key)).length;
      if (count > shared) [best, shared] = [name, count];
    }
    const layout = layouts[best];
    const needs = `${NEEDS[best]} needs exactly ${Object.keys(layout).join(", ")}`;
    const unknown = keys.find((key) => !own(layout, key));
    if (unknown !== undefined) throw new LoadError(`params has unknown key ${shown(unknown)}; ${needs}`);
    const missing = Object.keys(layout).find((key) => !keys.includes(key));
    throw new LoadError(`params is missing ${shown(missing)}; ${needs}`);
  }

  const layoutName = (cell) => (cell === "lstm" ? "lstm" : cell === "gru-pytorch" ? "gru-pytorch" : "gru");

  function checkParams(params, layout) {
    const names = Object.keys(layout);
    const bias = names.find((name) => layout[name] === "b");
    if (!Array.isArray(params[bias])) {
      throw new LoadError(`params['${bias}'] must be a list of numbers, got ${describe(params[bias])}`);
    }
    const H = size(params[bias].length, `hidden_size (the length of ${bias})`);
    const first = names[0];
    const W = params[first];
    if (!Array.isArray(W) || !Array.isArray(W[0])) {
      throw new LoadError(`params['${first}'] must be a list of rows, got ${describe(W)}`);
    }
    const I = size(layout[first] === "hx" ? W[0].length - H : W[0].length, "input_size");
    const checked = {};
    for (const name of names) {
      const kind = layout[name];
      const where = `params['${name}']`;
      if (kind === "b") {
        checked[name] = vector(params[name], where, H, `hidden_size (from ${bias})`);
        continue;
      }
      const rows = params[name];
      if (!Array.isArray(rows)) throw new LoadError(`${where} must be a list of rows, got ${describe(rows)}`);
      if (rows.length !== H) throw new LoadError(`${where} has ${rows.length} rows but hidden_size (from ${bias}) is ${H}`);
      const cols = TinyRNN.seeded.columns(kind, H, I);
      const colsName = { hx: "hidden_size + input_size", x: "input_size", h: "hidden_size" }[kind];
      checked[name] = rows.map((row, k) => vector(row, `${where}[${k}]`, cols, colsName));
    }
    return { params: checked, H, I };
  }

  /* Parse and validate `text`; returns {cell, params, H, I, xs?, h_prev?, c_prev?} or throws a LoadError. */
  function load(text, layouts, currentCell) {
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
    }
    let cell = layoutOf(Object.keys(params), layouts, currentCell);
    if (isState && own(data, "cell")) {
      if (!CELLS.includes(data.cell)) throw new LoadError(`cell must be one of ${CELLS.join(", ")}, got ${describe(data.cell)}`);
      if (layoutName(data.cell) !== layoutName(cell)) throw new LoadError(`cell is ${data.cell} but params has the keys of ${cell}`);
      cell = data.cell;
    }
    const result = { cell, ...checkParams(params, layouts[layoutName(cell)]) };
    if (!isState) return result;
    if (own(data, "xs")) {
      if (!Array.isArray(data.xs) || data.xs.length < 1 || data.xs.length > MAX_STEPS) {
        throw new LoadError(`xs must be a list of 1 to ${MAX_STEPS} inputs, got ${describe(data.xs)}`);
      }
      result.xs = data.xs.map((x, t) => vector(x, `xs[${t}]`, result.I, "input_size"));
    }
    if (own(data, "h_prev")) result.h_prev = vector(data.h_prev, "h_prev", result.H, "hidden_size");
    if (own(data, "c_prev")) {
      if (cell !== "lstm") throw new LoadError("c_prev is only for an LSTM: a GRU has no cell state");
      result.c_prev = vector(data.c_prev, "c_prev", result.H, "hidden_size");
    }
    return result;
  }

  TinyRNN.untrusted = { load, LoadError, MAX_TEXT };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
