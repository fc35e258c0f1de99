/* The RNN Explainer page: state, controls, the diagram(s), the story, the cell over time, export and load.
 *
 * Every cell comes from its description (data.cells): its arithmetic (cells.js), its drawing
 * (diagram.js), its words (story.js) and its weights. One state object; a change either rebuilds
 * the structure (cell, sizes, time steps, comparison) or recomputes and redraws in place (a slider,
 * a number, a preset, a step). Built things are kept for reuse: drawings by cell, size and
 * orientation; values panels and weight groups by cell; slider rows are rebound, not rebuilt. All
 * text is set with textContent / DOM calls: nothing is ever inserted as HTML.
 */
(function (TinyRNN) {
  "use strict";

  const { cells, seeded, render, untrusted, diagram, story, heatmap } = TinyRNN;
  const data = JSON.parse(document.getElementById("tinyrnn-data").textContent);
  const specs = data.cells;
  const $ = (id) => document.getElementById(id);
  const SLIDER = { min: -2, max: 2, step: 0.01 };
  const LIMIT = 1e100;
  const MAX = { H: untrusted.MAX_SIZE, I: untrusted.MAX_SIZE, T: untrusted.MAX_STEPS };
  const PRESETS = Object.fromEntries(data.presets.map((preset) => [preset.id, preset]));

  const state = {
    cell: data.start, compare: "", preset: "slide", seed: 0, H: 3, I: 3, T: 1, decimals: "2",
    params: null, paramsB: null, xs: null, h0: null, c0: null, alphabet: null,
    t: 0, step: 1, component: 0, trace: [], traceB: [],
  };
  let view = null; // the built structure: drawings, panel, controls

  // ---- Helpers -----------------------------------------------------------------------------

  const spec = () => specs[state.cell];
  const specB = () => specs[state.compare];
  const layoutOf = (s) => untrusted.layoutOfSpec(s);
  const copy = (value) => JSON.parse(JSON.stringify(value));
  const resize = (values, n) => Array.from({ length: n }, (_, k) => (k < values.length ? values[k] : 0));
  const digits = () => (state.decimals === "all" ? 15 : Number(state.decimals));
  const shownValue = (v) => (state.decimals === "all" ? String(v) : render.formatNumber(v, digits()));
  const current = () => state.trace[state.t];
  const hasGiven = (s, name) => s.fields.some((f) => f.name === name && f.rule === null);
  const fieldOf = (s, name) => s.fields.find((f) => f.name === name);
  const bounded = new Map(); // cell → the names of its fields with bounds (drawn on the fixed scale)
  const boundedFields = (s) => {
    if (!bounded.has(s.key)) bounded.set(s.key, new Set(s.fields.filter((f) => f.bounds).map((f) => f.name)));
    return bounded.get(s.key);
  };

  function make(tag, attributes = {}, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text) {
    $("status").textContent = text;
  }

  function countParameters(s, H, I) {
    return s.weights.reduce((sum, w) => sum + H * (untrusted.VECTORS.has(w.shape) ? 1 : untrusted.columns(w.shape, H, I)), 0);
  }

  /* The sizes of a set of weights: H from a vector, I from a matrix. */
  function sizesOf(s, params) {
    const vector = s.weights.find((w) => untrusted.VECTORS.has(w.shape));
    const matrix = s.weights.find((w) => !untrusted.VECTORS.has(w.shape));
    const H = params[vector.name].length;
    const cols = params[matrix.name][0].length;
    return { H, I: matrix.shape === "hx" ? cols - H : matrix.shape === "x" ? cols : state.I };
  }

  const sameShape = (a, b) => JSON.stringify(shapeOf(a)) === JSON.stringify(shapeOf(b));
  const shapeOf = (value) => (Array.isArray(value[0]) ? [value.length, value[0].length] : [value.length]);

  // ---- Presets and the weights of a cell -------------------------------------------------------

  /* The preset's weights for cell `key` at the current sizes, or null when it has none that fit. */
  function presetParams(preset, key, H = state.H, I = state.I) {
    const s = specs[key];
    if (preset === "random") return seeded.initParams(layoutOf(s), H, I, state.seed);
    if (preset === "zeros") return seeded.zeroParams(layoutOf(s), H, I);
    const found = PRESETS[preset] && PRESETS[preset].cells[key];
    if (!found) return null;
    const sizes = sizesOf(s, found);
    return sizes.H === H && sizes.I === I ? copy(found) : null;
  }

  /* Weights for cell `key`: the preset's, with every weight of `from` whose name and shape exist in it. */
  function carried(key, base, from) {
    const params = copy(base);
    let edited = false;
    for (const w of specs[key].weights) {
      const old = from && from[w.name];
      if (old && sameShape(old, params[w.name])) {
        if (JSON.stringify(old) !== JSON.stringify(params[w.name])) edited = true;
        params[w.name] = copy(old);
      }
    }
    return { params, edited };
  }

  /* Choose a preset: its weights, and for a data preset its sizes and inputs too. */
  function choosePreset(id) {
    const preset = PRESETS[id];
    if (preset) {
      const found = preset.cells[state.cell];
      if (!found) {
        say(`“${preset.title}” has no weights for ${spec().name}: choose one of its cells (${Object.keys(preset.cells).join(", ")}).`);
        syncToolbar();
        return false;
      }
      const sizes = sizesOf(spec(), found);
      Object.assign(state, { H: sizes.H, I: sizes.I, preset: id, params: copy(found) });
      if (preset.sequence) {
        state.alphabet = preset.alphabet;
        state.xs = [...preset.sequence].map((c) => preset.alphabet[c].slice());
      } else {
        state.alphabet = null;
        state.xs = preset.xs.map((x) => x.slice());
      }
      state.T = state.xs.length;
      state.h0 = preset.h_prev ? preset.h_prev.slice() : new Array(state.H).fill(0);
      state.c0 = preset.c_prev ? preset.c_prev.slice() : new Array(state.H).fill(0);
      state.t = 0;
      $("about").textContent = preset.about;
    } else {
      state.preset = id;
      state.params = presetParams(id, state.cell);
      fitInputs();
      $("about").textContent = "";
    }
    fitB();
    return true;
  }

  /* Weights for a new cell: edits survive (every weight whose name and shape exist in it), the rest from the preset. */
  function switchCell(key) {
    const old = state.params;
    const before = spec().name;
    state.cell = key;
    let preset = state.preset === "custom" ? "random" : state.preset;
    let base = presetParams(preset, key);
    if (!base) {
      say(`${PRESETS[preset] ? `“${PRESETS[preset].title}”` : "This preset"} has no weights for ${spec().name} at H = ${state.H}, ` +
        `I = ${state.I}: seeded random weights instead (seed ${state.seed}).`);
      preset = "random";
      base = presetParams("random", key);
    } else {
      say("");
    }
    const { params, edited } = carried(key, base, old);
    const kept = spec().weights.filter((w) => old[w.name] && sameShape(old[w.name], params[w.name])).map((w) => w.name);
    state.params = params;
    state.preset = edited || state.preset === "custom" && kept.length ? "custom" : preset;
    if (kept.length) say(`${before} → ${spec().name}: kept x, h, C and the weights ${kept.join(", ")}; the rest from the preset.`);
    else if (!$("status").textContent) say(`${before} → ${spec().name}: kept x, h and C; the weights come from the preset.`);
    state.step = Math.min(state.step, spec().steps.length);
    fitB();
  }

  /* The compared cell's weights: its preset's (or seeded random ones), with the first cell's where names and shapes agree. */
  function fitB() {
    if (!state.compare) {
      state.paramsB = null;
      return;
    }
    const base = presetParams(state.preset === "custom" ? "random" : state.preset, state.compare) ||
      presetParams("random", state.compare);
    state.paramsB = carried(state.compare, base, state.params).params;
  }

  function fitInputs() {
    const xs = state.xs || [];
    state.xs = Array.from({ length: state.T }, (_, t) => resize(xs[Math.min(t, xs.length - 1)] || [], state.I));
    state.h0 = resize(state.h0 || [], state.H);
    state.c0 = resize(state.c0 || [], state.H);
    if (state.alphabet && Object.values(state.alphabet)[0].length !== state.I) state.alphabet = null;
  }

  // ---- Computing ---------------------------------------------------------------------------

  function compute() {
    const initial = { h_prev: state.h0, c_prev: state.c0 };
    state.trace = cells.run(spec(), state.params, state.xs, initial);
    state.traceB = state.compare ? cells.run(specB(), state.paramsB, state.xs, initial) : [];
  }

  // ---- Building the structure -----------------------------------------------------------------

  const drawings = new Map(); // "cell H I orientation" → its drawing
  const panels = new Map(); // cell → its values panel

  /* The width a drawing gets, from the page's width (kept by a ResizeObserver: reading it from the
   * page in the middle of a change would lay the whole page out there and then). */
  let pageWidth = 0;
  function viewWidth(comparing) {
    const wide = window.innerWidth >= 1024;
    if (comparing) return (window.innerWidth >= 700 ? (pageWidth - 13) / 2 : pageWidth) - 12;
    return (wide ? pageWidth - 16 - 380 : pageWidth) - 12;
  }

  const naturalWidths = new Map(); // "cell H I" → the width of its wide drawing
  function naturalWidth(s, H, I) {
    const key = `${s.key} ${H} ${I}`;
    if (!naturalWidths.has(key)) naturalWidths.set(key, diagram.layout(s, diagram.units(s), H, I, "wide").width);
    return naturalWidths.get(key);
  }

  /* Wide (units in a row) when it shows at 80 % of its size or more, else tall (units in a column). */
  function orientationFor(s, H, I, comparing) {
    return viewWidth(comparing) >= naturalWidth(s, H, I) * 0.8 ? "wide" : "tall";
  }

  function drawingFor(s, H, I, orientation) {
    const key = `${s.key} ${H} ${I} ${orientation}`;
    if (!drawings.has(key)) drawings.set(key, diagram.build(s, H, I, orientation));
    return drawings.get(key);
  }

  /* Two cells side by side are drawn alike: tall if either would be too small drawn wide. */
  function currentOrientation() {
    const comparing = Boolean(state.compare);
    const tall = orientationFor(spec(), state.H, state.I, comparing) === "tall" ||
      comparing && orientationFor(specB(), state.H, state.I, comparing) === "tall";
    return tall ? "tall" : "wide";
  }

  function rebuild() {
    built = `${state.cell} ${state.compare} ${state.H} ${state.I} ${state.T}`;
    state.t = Math.min(state.t, state.T - 1);
    state.component = Math.min(state.component, state.H - 1);
    state.step = Math.min(state.step, spec().steps.length);
    compute();
    const comparing = Boolean(state.compare);
    $("layout").classList.toggle("comparing", comparing);
    $("views").classList.toggle("compare", comparing);
    $("view-b").hidden = !comparing;
    const old = view || {};
    view = { controls: null, drawing: null, drawingB: null, panel: null, rebuilt: true };
    // Two cells side by side are drawn alike: tall if either would be too small drawn wide.
    const orientation = currentOrientation();
    view.drawing = drawingFor(spec(), state.H, state.I, orientation);
    diagram.show($("diagram"), view.drawing);
    if (comparing) {
      view.drawingB = drawingFor(specB(), state.H, state.I, orientation);
      diagram.show($("diagram-b"), view.drawingB);
    }
    if (!panels.has(state.cell)) panels.set(state.cell, buildPanel());
    view.panel = panels.get(state.cell);
    resizePanel(view.panel, current());
    showOnly($("panel"), view.panel.box);
    if (old.drawing === view.drawing && old.panel === view.panel) view.rebuilt = false;
    buildComponentSelect();
    buildInputs();
    buildWeights();
    registerControls();
    buildOverTime();
    showValues();
    syncToolbar();
    writeNames();
    draw();
  }

  function writeNames() {
    const name = (s, id, count) => {
      diagram.setText($(id), s.name);
      const n = countParameters(s, state.H, state.I);
      diagram.setText($(count), `· ${n} parameters = ${s.parameter_formula} at H = ${state.H}, I = ${state.I}`);
      $(count).dataset.count = String(n);
    };
    name(spec(), "name-a", "count-a");
    if (state.compare) name(specB(), "name-b", "count-b");
  }

  /* Write only what changed: a control set anew must be styled anew. */
  function setControl(id, value) {
    if ($(id).value !== value) $(id).value = value;
  }

  function syncToolbar() {
    setControl("cell", state.cell);
    setControl("compare", state.compare);
    for (const option of $("preset").options) {
      const preset = PRESETS[option.value];
      if (preset && option.disabled !== !preset.cells[state.cell]) option.disabled = !preset.cells[state.cell];
    }
    setControl("preset", state.preset);
    setControl("seed", String(state.seed));
    if ($("seed").disabled !== (state.preset !== "random")) $("seed").disabled = state.preset !== "random";
    for (const [id, value] of [["hidden-size", state.H], ["input-size", state.I], ["time-steps", state.T]]) {
      setControl(id, String(value));
      if ($(id).hasAttribute("aria-invalid")) $(id).removeAttribute("aria-invalid");
    }
    setControl("decimals", state.decimals);
  }

  /* The values panel of the current cell: a heading per step, a row per vector. */
  function buildPanel() {
    const s = spec();
    const given = { number: 0, title: { text: "Given" }, fields: s.fields.filter((f) => f.rule === null).map((f) => f.name) };
    const vectors = [];
    const sections = [];
    for (const group of [given, ...s.steps]) {
      const section = make("section", { class: "group", "data-step": group.number });
      section.append(diagram.mathHTML(make("h3"), group.number ? `Step ${group.number}: ${group.title.text}` : "Given"));
      for (const name of group.fields) {
        const field = fieldOf(s, name);
        const line = make("div", { class: "row" });
        const label = diagram.mathHTML(make("span", { class: "label" }), field.label.text);
        const vector = make("span", { class: "vector", "data-field": name, role: "list" });
        vector.setAttribute("aria-label", field.label.text);
        vectors.push([vector, name]);
        line.append(label, vector);
        section.append(line);
      }
      sections.push(section);
    }
    const box = make("div", { class: "cell-values", "data-cell": s.key });
    box.append(...sections);
    return { box, vectors, sections, chips: [] };
  }

  /* Show `box` in `container` and stow the container's other boxes: the values panels of the other
   * cells, their weights. A stowed box stays on the page (content-visibility: hidden keeps its layout;
   * not rendered, not focusable, not in the accessibility tree), so switching back lays out only what
   * changed. */
  function showOnly(container, box) {
    if (box.parentNode !== container) container.append(box);
    for (const other of container.children) other.classList.toggle("stowed", other !== box);
  }

  function resizePanel(panel, trace) {
    panel.chips = [];
    for (const [vector, field] of panel.vectors) {
      const length = trace[field].length;
      while (vector.children.length > length) vector.lastElementChild.remove();
      for (let k = vector.children.length; k < length; k++) {
        vector.append(make("span", { class: "v", role: "listitem", "data-field": field, "data-index": k }));
      }
      [...vector.children].forEach((chip, k) => panel.chips.push([chip, field, k]));
    }
  }

  function buildComponentSelect() {
    const select = $("component");
    if (select.options.length !== state.H) {
      select.replaceChildren();
      for (let k = 0; k < state.H; k++) select.append(make("option", { value: k }, `[${k}]`));
    }
    select.value = String(state.component);
  }

  // ---- Slider rows: built once, then rebound ---------------------------------------------------

  const spareRows = [];
  let rowsMade = 0;

  function newRow() {
    const id = `c-${++rowsMade}`;
    const row = make("div", { class: "param" });
    const label = make("label", { for: id, id: `${id}-label` });
    label.append(make("span"), " ", make("span", { class: "muted" }));
    row.append(
      label,
      make("input", { type: "range", id, min: SLIDER.min, max: SLIDER.max, step: SLIDER.step }),
      make("input", { type: "number", step: "any", "aria-labelledby": `${id}-label exact-value` }),
    );
    return row;
  }

  function bindRow(row, { key, label: labelText, hint, value }) {
    const [label, range, number] = row.children;
    const [name, muted] = label.children;
    range.dataset.key = number.dataset.key = key;
    number.dataset.name = labelText;
    diagram.mathHTML(name, labelText);
    diagram.mathHTML(muted, hint);
    muted.hidden = !hint;
    showValue({ range, number }, value);
  }

  function showValue({ range, number }, value) {
    const text = String(value);
    if (number.value !== text) range.value = number.value = text;
    number.removeAttribute("aria-invalid");
  }

  function registerControls() {
    view.controls = new Map();
    for (const row of document.querySelectorAll("#inputs .param, #weights > :not(.stowed) .param")) {
      const [, range, number] = row.children;
      view.controls.set(range.dataset.key, { range, number });
    }
  }

  /* Make the slider rows of `box` exactly `rows`, in two column boxes, reusing the rows it has. */
  function bindRows(box, rows) {
    const columns = columnsOf(box);
    const counts = [Math.ceil(rows.length / 2), Math.floor(rows.length / 2)];
    columns.forEach((column, c) => {
      while (column.children.length > counts[c]) {
        spareRows.push(column.lastElementChild);
        column.lastElementChild.remove();
      }
    });
    let k = 0;
    columns.forEach((column, c) => {
      const existing = [...column.children];
      const added = document.createDocumentFragment();
      for (let j = 0; j < counts[c]; j++, k++) {
        const row = existing[j] || spareRows.pop() || newRow();
        bindRow(row, rows[k]);
        if (!existing[j]) added.append(row);
      }
      column.append(added);
    });
  }

  function columnsOf(box) {
    if (!box.lastElementChild || !box.lastElementChild.classList.contains("columns")) {
      box.append(make("div", { class: "columns" }));
      box.lastElementChild.append(make("div", { class: "column" }), make("div", { class: "column" }));
    }
    return [...box.lastElementChild.children];
  }

  function buildInputs() {
    const box = $("inputs");
    if (!box.firstElementChild) {
      box.append(make("details", { class: "group-inputs" }));
      box.firstElementChild.append(make("summary", {}, "Every number of the inputs and initial state"));
      box.firstElementChild.open = true;
    }
    const sequence = state.T > 1;
    const rows = [];
    const add = (key, label, value) => rows.push({ key, label, hint: "", value });
    state.xs.forEach((x, t) => x.forEach((v, k) => add(`x:${t}:${k}`, sequence ? `x_${t + 1}[${k}]` : `x_t[${k}]`, v)));
    state.h0.forEach((v, k) => add(`h0:${k}`, sequence ? `h_0[${k}]` : `h_{t-1}[${k}]`, v));
    if (hasGiven(spec(), "c_prev") || state.compare && hasGiven(specB(), "c_prev")) {
      state.c0.forEach((v, k) => add(`c0:${k}`, sequence ? `C_0[${k}]` : `C_{t-1}[${k}]`, v));
    }
    bindRows(box.firstElementChild, rows);
    writeSequence();
  }

  // ---- Weights, grouped by the gate they feed ----------------------------------------------------

  /* The weights by what they compute, in the order of the steps: [{id, title, step, names: [[name, shape]]}]. */
  function weightGroups(s) {
    const reads = (rule, name) => JSON.stringify(rule).includes(`"${name}"`);
    const groups = new Map();
    for (const w of s.weights) {
      const pre = s.fields.find((f) => f.rule && f.rule.type === "Affine" && reads(f.rule, w.name) &&
        !s.fields.some((g) => g.rule && g.rule.type === "Affine" && g !== f && reads(g.rule, f.name) && reads(g.rule, w.name)));
      const squash = pre && s.fields.find((f) => f.rule && f.rule.type === "Activation" && f.rule.field === pre.name);
      const target = squash || pre;
      const id = target ? target.name : w.name;
      if (!groups.has(id)) {
        const step = target ? (s.steps.find((st) => st.fields.includes(target.name)) || { number: 0 }).number : 0;
        groups.set(id, { id, step, title: target ? `${target.label.text}, ${target.meaning}` : w.name, names: [] });
      }
      groups.get(id).names.push([w.name, w.shape]);
    }
    return [...groups.values()].sort((a, b) => a.step - b.step);
  }

  function columnMeaning(shape, j) {
    if (shape === "x") return `x_t[${j}]`;
    if (shape === "h") return `h_{t-1}[${j}]`;
    return j < state.H ? `h_{t-1}[${j}]` : `x_t[${j - state.H}]`;
  }

  function weightRows(names) {
    const rows = [];
    for (const [name, shape] of names) {
      const value = state.params[name];
      if (untrusted.VECTORS.has(shape)) {
        value.forEach((v, k) => rows.push({ key: `p:${name}:${k}`, label: `${name}[${k}]`, hint: "", value: v }));
      } else {
        value.forEach((row, k) => row.forEach((v, j) => {
          rows.push({ key: `p:${name}:${k}:${j}`, label: `${name}[${k}][${j}]`, hint: `· ${columnMeaning(shape, j)}`, value: v });
        }));
      }
    }
    return rows;
  }

  const openGroups = new Set(); // the groups the reader opened (by id) stay open across rebuilds
  const weightSets = new Map(); // cell → {box, groups: [details]}

  function fillGroup(details) {
    details.dataset.built = `${state.H} ${state.I}`;
    bindRows(details, weightRows(JSON.parse(details.dataset.names)));
  }

  function buildWeights() {
    const s = spec();
    if (!weightSets.has(s.key)) {
      const box = make("div", { class: "weight-set", "data-cell": s.key });
      for (const group of weightGroups(s)) {
        const details = make("details", { class: "gate", "data-step": group.step, "data-gate": group.id, "data-names": JSON.stringify(group.names) });
        details.append(make("summary"));
        details.dataset.title = group.title;
        details.addEventListener("toggle", () => {
          if (details.open) openGroups.add(group.id);
          else openGroups.delete(group.id);
          if (details.open && details.dataset.built !== `${state.H} ${state.I}` && !details.closest(".stowed")) {
            fillGroup(details);
            registerControls();
          }
        });
        box.append(details);
      }
      weightSets.set(s.key, box);
    }
    const box = weightSets.get(s.key);
    for (const details of box.children) {
      const names = JSON.parse(details.dataset.names);
      const shapes = names.map(([name, shape]) => {
        const cols = untrusted.VECTORS.has(shape) ? 0 : untrusted.columns(shape, state.H, state.I);
        return cols ? `${name} (${state.H}×${cols})` : `${name} (${state.H})`;
      });
      const step = Number(details.dataset.step);
      diagram.mathHTML(details.firstElementChild, `${step ? `Step ${step} · ` : ""}${details.dataset.title}: ${shapes.join(", ")}`);
      details.open = openGroups.has(details.dataset.gate);
      if ((details.open || details.dataset.built) && details.dataset.built !== `${state.H} ${state.I}`) fillGroup(details);
    }
    showOnly($("weights"), box);
  }

  // ---- The sequence input --------------------------------------------------------------------------

  /* The letters of a one-hot alphabet of size I, when no task gives one: a, b, c, … */
  function alphabet() {
    if (state.alphabet) return state.alphabet;
    return Object.fromEntries([..."abcdefgh"].slice(0, state.I).map((c, k) => [c, Array.from({ length: state.I }, (_, j) => (j === k ? 1 : 0))]));
  }

  function asCharacters(xs) {
    const letters = Object.entries(alphabet());
    const out = [];
    for (const x of xs) {
      const found = letters.find(([, v]) => v.every((value, k) => value === x[k]));
      if (!found) return null;
      out.push(found[0]);
    }
    return out.join("");
  }

  function writeSequence() {
    const input = $("sequence");
    const letters = Object.entries(alphabet());
    const chars = state.alphabet ? asCharacters(state.xs) : null;
    diagram.setText($("sequence-label"), chars !== null ? "Sequence (characters)" : "Sequence (numbers)");
    diagram.setText($("sequence-help"), (chars !== null ? "One character per time step: " : "Numbers: one step per “;”, I numbers each; or letters, one-hot: ") +
      letters.map(([c, v]) => `${c} → [${v.join(", ")}]`).join(", ") + `. At most ${MAX.T} steps.`);
    if (document.activeElement !== input) {
      const text = chars !== null ? chars : state.xs.map((x) => x.map((v) => render.term(v, 4).replace(/[()]/g, "")).join(", ")).join("; ");
      if (input.value !== text) input.value = text;
    }
  }

  /* Read the sequence field: letters of the alphabet, or numbers; a message and no change if it is wrong. */
  function readSequence(text) {
    const trimmed = text.trim();
    if (!trimmed) throw new Error("the sequence is empty: type letters (e.g. aaaabbbb) or numbers");
    const letters = alphabet();
    const numeric = /[0-9]/.test(trimmed);
    let xs;
    if (!numeric) {
      const chars = [...trimmed.replace(/\s+/g, "")];
      const wrong = [...new Set(chars.filter((c) => !Object.prototype.hasOwnProperty.call(letters, c)))];
      if (wrong.length) {
        throw new Error(`${wrong.map((c) => `“${c}”`).join(", ")} ${wrong.length > 1 ? "are" : "is"} not in the alphabet ` +
          `(${Object.keys(letters).join(", ")}): each character must be one of them`);
      }
      xs = chars.map((c) => letters[c].slice());
    } else {
      xs = trimmed.split(/\s*;\s*|\n+/).filter((step) => step.trim() !== "").map((step, t) => {
        const numbers = step.trim().split(/[\s,]+/).map((word) => {
          const value = Number(word);
          if (!Number.isFinite(value) || Math.abs(value) > LIMIT) throw new Error(`step ${t + 1}: “${word}” is not a number within ±1e100`);
          return value;
        });
        if (numbers.length !== state.I) {
          throw new Error(`step ${t + 1} has ${numbers.length} number${numbers.length === 1 ? "" : "s"} but the input size I is ${state.I}`);
        }
        return numbers;
      });
    }
    if (xs.length > MAX.T) throw new Error(`the sequence has ${xs.length} steps; this page shows at most ${MAX.T}`);
    return { xs, characters: !numeric };
  }

  function applySequence() {
    const message = $("sequence-message");
    let read;
    try {
      read = readSequence($("sequence").value);
    } catch (error) {
      message.textContent = `Not used: ${error.message}.`;
      message.classList.add("error");
      $("sequence").setAttribute("aria-invalid", "true");
      return;
    }
    message.textContent = "";
    message.classList.remove("error");
    $("sequence").removeAttribute("aria-invalid");
    if (read.characters && !state.alphabet) state.alphabet = alphabet();
    if (!read.characters) state.alphabet = null;
    state.xs = read.xs;
    const structural = read.xs.length !== state.T;
    state.T = read.xs.length;
    $("sequence").blur();
    if (structural) rebuild();
    else {
      showValues();
      recompute(true);
    }
    message.textContent = `Using ${state.T} time step${state.T > 1 ? "s" : ""}.`;
  }

  // ---- Over time: heatmaps and a plot ---------------------------------------------------------------

  let maps = [];

  function buildOverTime() {
    const shown = state.T > 1;
    $("overtime").hidden = !shown;
    if (!shown) {
      maps = [];
      return;
    }
    const entries = [[spec(), () => state.trace, "a"]];
    if (state.compare) entries.push([specB(), () => state.traceB, "b"]);
    const box = $("maps");
    box.replaceChildren();
    const side = window.innerWidth >= 1024 && !state.compare ? 380 : state.compare && window.innerWidth >= 1024 ? (pageWidth - 24) / 2 : pageWidth;
    const width = Math.max(200, side - 70);
    maps = entries.map(([s, traces, id]) => {
      const rows = heatmap.rowsOf(s);
      const geo = heatmap.geometry(rows, state.T, state.H, width);
      const figure = make("figure", { class: "map", "data-cell": s.key });
      const caption = make("figcaption", {}, s.name);
      const grid = make("div", { class: "map-grid" });
      const labels = make("div", { class: "map-labels", "aria-hidden": "true" });
      for (const group of geo.groups) {
        const label = diagram.mathHTML(make("span", { class: "map-label", "data-field": group.name }), group.label);
        label.style.top = `${group.top}px`;
        label.style.height = `${state.H * heatmap.ROW}px`;
        labels.append(label);
      }
      labels.style.height = `${geo.height}px`;
      const canvas = make("canvas", {
        class: "heatmap", tabindex: 0, role: "slider", "aria-label": `${s.name} over time: the time step shown`,
        "aria-valuemin": 1, "aria-valuemax": state.T, "data-cell": s.key,
      });
      grid.append(labels, canvas);
      figure.append(caption, grid);
      box.append(figure);
      return { s, traces, geo, canvas, id };
    });
    const select = $("plot-row");
    const previous = select.value;
    select.replaceChildren();
    for (const map of maps) {
      for (const group of map.geo.groups) {
        for (let k = 0; k < state.H; k++) {
          select.append(make("option", { value: `${map.id}:${group.name}:${k}` }, `${maps.length > 1 ? map.s.name + ": " : ""}${group.label.replace(/[{}]/g, "")}[${k}]`));
        }
      }
    }
    select.value = [...select.options].some((o) => o.value === previous) ? previous : defaultPlotRow();
  }

  /* The component worth watching first: of the last state (the cell state of an LSTM, where it counts
   * and remembers; h otherwise), the component that moves most over time. */
  function defaultPlotRow() {
    const s = spec();
    let best = null, range = -1;
    for (const name of s.states.slice(-1)) {
      for (let k = 0; k < state.H; k++) {
        const values = state.trace.map((trace) => trace[name][k]);
        const r = Math.max(...values) - Math.min(...values);
        if (r > range + 1e-12) [best, range] = [`a:${name}:${k}`, r];
      }
    }
    return best;
  }

  function drawOverTime() {
    if (!maps.length) return;
    for (const map of maps) {
      const traces = map.traces();
      heatmap.paint(map.canvas, map.geo, traces, state.t, heatmap.scales(map.s, traces));
      map.canvas.setAttribute("aria-valuenow", String(state.t + 1));
      map.canvas.setAttribute("aria-valuetext", `time step ${state.t + 1} of ${state.T}`);
    }
    const [id, field, k] = $("plot-row").value.split(":");
    const map = maps.find((m) => m.id === id) || maps[0];
    const values = map.traces().map((trace) => trace[field][Number(k)]);
    const svg = $("plot");
    const { points, zero, low, high, x } = heatmap.plot(values, 400, 120);
    let line = svg.querySelector("polyline"), axis = svg.querySelector("line.zero"), marker = svg.querySelector("line.now");
    if (!line) {
      axis = svg.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "line"));
      axis.setAttribute("class", "zero");
      marker = svg.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "line"));
      marker.setAttribute("class", "now");
      line = svg.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "polyline"));
    }
    line.setAttribute("points", points.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" "));
    for (const [name, value] of [["x1", 0], ["x2", 400], ["y1", zero], ["y2", zero]]) axis.setAttribute(name, String(value));
    for (const [name, value] of [["x1", x(state.t)], ["x2", x(state.t)], ["y1", 0], ["y2", 120]]) marker.setAttribute(name, String(value));
    const d = Math.min(digits(), 2);
    $("plot-range").textContent = `${$("plot-row").selectedOptions[0].textContent} over t = 1…${state.T}: from ` +
      `${render.formatNumber(low, d)} to ${render.formatNumber(high, d)}; values: ${values.map((v) => render.formatNumber(v, d)).join(", ")}`;
  }

  function openStep(t) {
    state.t = Math.max(0, Math.min(state.T - 1, t));
    draw();
  }

  // ---- Drawing -------------------------------------------------------------------------------------

  const chipColours = new WeakMap();
  const marked = new Map(); // element → when it was marked as changed
  let unmark = 0;

  function mark(nodes) {
    const now = performance.now();
    for (const node of nodes) {
      node.classList.add("changed");
      marked.set(node, now);
    }
    if (nodes.length && !unmark) unmark = setTimeout(clearMarks, 1000);
  }

  function clearMarks() {
    unmark = 0;
    const now = performance.now();
    for (const [node, when] of marked) {
      if (now - when >= 950) {
        node.classList.remove("changed");
        marked.delete(node);
      }
    }
    if (marked.size) unmark = setTimeout(clearMarks, 250);
  }

  function draw(markChanges = false) {
    const trace = current();
    const stepOf = (s) => Math.min(state.step, s.steps.length);
    const scales = heatmap.scales(spec(), state.trace);
    const changed = diagram.update(view.drawing, trace, Math.min(digits(), 2), stepOf(spec()), state.component, scales);
    if (state.compare) {
      changed.push(...diagram.update(view.drawingB, state.traceB[state.t], Math.min(digits(), 2), stepOf(specB()), state.component,
        heatmap.scales(specB(), state.traceB)));
    }
    const s = spec();
    for (const [chip, field, k] of view.panel.chips) {
      const value = trace[field][k];
      const { fill, ink } = diagram.colour(value, s.gates.includes(field), boundedFields(s).has(field) ? 1 : scales[field] || 1);
      if (diagram.setText(chip, shownValue(value))) changed.push(chip);
      if (chipColours.get(chip) !== fill + ink) {
        chipColours.set(chip, fill + ink);
        chip.style.backgroundColor = fill;
        chip.style.color = ink;
      }
      chip.classList.toggle("picked", field !== "x" && k === state.component);
    }
    if (markChanges && !view.rebuilt) mark(changed);
    view.rebuilt = false;
    for (const section of view.panel.sections) {
      const here = Number(section.dataset.step) === state.step;
      section.classList.toggle("current", here);
      if (here) section.setAttribute("aria-current", "step");
      else section.removeAttribute("aria-current");
    }
    for (const details of weightSets.get(state.cell).children) {
      details.classList.toggle("current", Number(details.dataset.step) === state.step);
    }
    drawFormula(trace);
    drawStepper();
    drawOverTime();
    refreshTip();
  }

  function recompute(markChanges = true) {
    const start = performance.now();
    compute();
    draw(markChanges);
    const ms = performance.now() - start;
    const timing = $("timing");
    timing.dataset.ms = String(ms);
    timing.textContent = `last update (recompute + redraw): ${ms.toFixed(2)} ms`;
  }

  /* The lines of the current step, component k: each pre-activation term by term, each other rule with its numbers. */
  function explainLines(trace, k) {
    const s = spec();
    const d = digits();
    const n = (v) => render.term(v, d);
    const result = (v) => render.formatNumber(v, d);
    const gates = render.preActivations(s);
    const gateOf = Object.fromEntries(Object.entries(gates).map(([gate, pre]) => [pre, gate]));
    const comp = (name) => (name.startsWith("1-") ? `(1 − ${comp(name.slice(2))})` : fieldOf(s, name).component.replaceAll("{k}", String(k)));
    const value = (name) => (name.startsWith("1-") ? 1 - trace[name.slice(2)][k] : trace[name][k]);
    const lines = [];
    for (const name of s.steps[state.step - 1].fields) {
      const field = fieldOf(s, name);
      const rule = field.rule;
      if (rule.type === "Affine") {
        lines.push([render.explainPreactivation(s, state.params, trace, gateOf[name], k, d), gateOf[name]]);
      } else if (rule.type === "Activation") {
        const symbol = diagram.FUNCTION_SYMBOL[rule.function];
        lines.push([`${comp(name)} = ${symbol}(${result(trace[rule.field][k])}) = ${result(trace[name][k])}`, ""]);
      } else if (rule.type === "Products") {
        const symbols = rule.terms.map((term) => term.map(comp).join("·")).join(" + ");
        const numbers = rule.terms.map((term) => term.map((f) => (f.startsWith("1-") ? `(1 − ${n(trace[f.slice(2)][k])})` : n(value(f)))).join("·")).join(" + ");
        lines.push([`${comp(name)} = ${symbols} = ${numbers} = ${result(trace[name][k])}`, ""]);
      } else {
        lines.push([`${comp(name)} = ${rule.value}`, ""]);
      }
    }
    return lines;
  }

  let shownFormula = "";

  function drawFormula(trace) {
    const s = spec();
    const step = s.steps[state.step - 1];
    const lines = explainLines(trace, state.component);
    const key = `${s.key} ${state.step} ${lines.map(([, gate]) => gate).join(" ")}`;
    const explain = $("explain");
    if (key !== shownFormula) {
      shownFormula = key;
      diagram.mathHTML($("formula-title"), `Step ${step.number}: ${step.title.text}`);
      $("formula-lines").replaceChildren(...step.formulas.map((formula) => diagram.mathHTML(make("p", { class: "formula-line" }), formula.text)));
      explain.replaceChildren(...lines.map(([, gate]) => make("p", { class: gate ? "explain-line preactivation" : "explain-line", "data-explain": gate })));
    }
    lines.forEach(([text], k) => diagram.setText(explain.children[k], text));
    drawStory(trace, step);
  }

  let shownStory = "";

  function drawStory(trace, step) {
    const told = story.tell(spec(), trace, step, state.component, Math.min(digits(), 2));
    const box = $("story");
    const shape = told.map((entry) => `${entry.field}:${entry.sentences.length}`).join(" ") + spec().key;
    if (shape !== shownStory) {
      shownStory = shape;
      box.replaceChildren(...told.map((entry) => {
        const p = make("p", { class: "story-line", "data-field": entry.field });
        p.append(make("strong"), " ", make("span"));
        return p;
      }));
    }
    told.forEach((entry, k) => {
      const [strong, , span] = box.children[k].childNodes;
      diagram.mathHTML(strong, fieldOf(spec(), entry.field).label.text + ":");
      diagram.mathHTML(span, entry.sentences.join(" "));
    });
  }

  function drawStepper() {
    const steps = spec().steps;
    const step = steps[state.step - 1];
    diagram.mathHTML($("where"), `Step ${state.step} of ${steps.length}: ${step.title.text}`);
    $("where").dataset.step = String(state.step);
    $("back").disabled = state.t === 0 && state.step === 1;
    $("next").disabled = state.t === state.T - 1 && state.step === steps.length;
    diagram.setText($("when"), `time step t = ${state.t + 1} of ${state.T}`);
    $("when").dataset.t = String(state.t + 1);
    $("earlier").disabled = state.t === 0;
    $("later").disabled = state.t === state.T - 1;
    $("timebar").hidden = state.T === 1;
    diagram.setText($("values-when"), state.T > 1 ? `(t = ${state.t + 1})` : "");
  }

  // ---- Tooltips: every element of the diagram, on hover and on keyboard focus ---------------------

  let tipFor = null; // {node, unit, wire, drawing}

  function tipText(target) {
    const d = Math.min(digits(), 2);
    const trace = target.drawing === view.drawingB ? state.traceB[state.t] : current();
    const value = diagram.valueOf(target.unit, trace);
    const head = target.wire ? `Line carrying ${target.unit.name}` : target.unit.name;
    return [head, target.unit.formula, `= ${render.formatVector(value, d)}${state.T > 1 ? ` (t = ${state.t + 1})` : ""}`];
  }

  function showTip(target) {
    tipFor = target;
    const tip = $("tip");
    const lines = tipText(target);
    if (tip.children.length !== 3) tip.replaceChildren(make("strong"), make("span"), make("span"));
    lines.forEach((text, k) => diagram.mathHTML(tip.children[k], text));
    tip.hidden = false;
    const rect = target.node.getBoundingClientRect();
    const width = tip.offsetWidth, height = tip.offsetHeight;
    let left = Math.min(window.innerWidth - width - 8, Math.max(8, rect.left + rect.width / 2 - width / 2));
    let top = rect.bottom + 8;
    if (top + height > window.innerHeight - 8) top = Math.max(8, rect.top - height - 8);
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
    target.node.setAttribute("aria-describedby", "tip");
  }

  function hideTip() {
    if (tipFor) tipFor.node.removeAttribute("aria-describedby");
    tipFor = null;
    $("tip").hidden = true;
  }

  function refreshTip() {
    if (!tipFor) return;
    const shown = tipFor.drawing === view.drawing || (state.compare && tipFor.drawing === view.drawingB);
    if (!shown || !tipFor.node.isConnected) {
      hideTip();
      return;
    }
    tipText(tipFor).forEach((text, k) => diagram.mathHTML($("tip").children[k], text));
  }

  function targetOf(node) {
    for (const drawing of [view.drawing, view.drawingB]) {
      if (!drawing) continue;
      const found = drawing.focusables.find((f) => f.node === node || f.node.contains(node));
      if (found) return { ...found, drawing };
    }
    return null;
  }

  function wireTips(svg) {
    svg.addEventListener("pointerover", (event) => {
      const target = targetOf(event.target.closest(".unit, .hit"));
      if (target) showTip(target);
    });
    svg.addEventListener("pointerleave", () => {
      if (!svg.contains(document.activeElement)) hideTip();
    });
    svg.addEventListener("focusin", (event) => {
      const target = targetOf(event.target);
      if (target) showTip(target);
    });
    svg.addEventListener("focusout", hideTip);
    svg.addEventListener("keydown", (event) => {
      const drawing = svg.id === "diagram" ? view.drawing : view.drawingB;
      const list = drawing.focusables.map((f) => f.node);
      const at = list.indexOf(document.activeElement);
      if (at < 0) return;
      const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -Infinity, End: Infinity };
      if (event.key === "Escape") {
        hideTip();
        return;
      }
      if (!(event.key in moves)) return;
      event.preventDefault();
      event.stopPropagation();
      const next = Math.max(0, Math.min(list.length - 1, at + moves[event.key]));
      list[at].setAttribute("tabindex", "-1");
      list[next].setAttribute("tabindex", "0");
      list[next].focus();
    });
  }

  // ---- Navigation ------------------------------------------------------------------------------

  function move(delta) {
    const count = spec().steps.length;
    let position = state.t * count + (state.step - 1) + delta;
    position = Math.max(0, Math.min(state.T * count - 1, position));
    state.t = Math.floor(position / count);
    state.step = (position % count) + 1;
    draw();
    diagram.flow(view.drawing, state.step);
    if (state.compare) diagram.flow(view.drawingB, Math.min(state.step, specB().steps.length));
  }

  function moveTime(delta) {
    openStep(state.t + delta);
  }

  function onKey(event) {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable], .diagram, canvas")) return;
    event.preventDefault();
    move(event.key === "ArrowRight" ? 1 : -1);
  }

  // ---- Editing values --------------------------------------------------------------------------

  function locate(key) {
    const [kind, ...index] = key.split(":");
    if (kind === "x") return [state.xs[Number(index[0])], Number(index[1])];
    if (kind === "h0") return [state.h0, Number(index[0])];
    if (kind === "c0") return [state.c0, Number(index[0])];
    const [name, k, j] = index;
    return j === undefined ? [state.params[name], Number(k)] : [state.params[name][Number(k)], Number(j)];
  }

  function setValue(key, value) {
    const [array, index] = locate(key);
    array[index] = value;
    if (key.startsWith("p:")) {
      if (state.preset !== "custom") {
        state.preset = "custom";
        syncToolbar();
      }
      if (state.compare) {
        const name = key.split(":")[1];
        if (state.paramsB[name] && sameShape(state.paramsB[name], state.params[name])) state.paramsB[name] = copy(state.params[name]);
      }
    } else if (key.startsWith("x:")) {
      writeSequence();
    }
  }

  function showValues() {
    for (const [key, pair] of view.controls) {
      const [array, index] = locate(key);
      showValue(pair, array[index]);
    }
  }

  function onEdit(event) {
    const input = event.target;
    const key = input.dataset.key;
    if (!key) return;
    const pair = view.controls.get(key);
    let value;
    if (input.type === "range") {
      value = Number(input.value);
      pair.number.value = input.value;
      pair.number.removeAttribute("aria-invalid");
    } else {
      value = input.value.trim() === "" ? NaN : Number(input.value);
      const ok = Number.isFinite(value) && Math.abs(value) <= LIMIT;
      input.toggleAttribute("aria-invalid", !ok);
      if (!ok) {
        say(`${input.dataset.name}: type a number between -1e100 and 1e100.`);
        return;
      }
      pair.range.value = String(value);
    }
    setValue(key, value);
    recompute(true);
  }

  // ---- Export and load ---------------------------------------------------------------------------

  let exported = { name: "tinyrnn.txt", type: "text/plain" };

  function paramsJSON() {
    const lines = spec().weights.map((w) => `  ${JSON.stringify(w.name)}: ${JSON.stringify(state.params[w.name])}`);
    return "{\n" + lines.join(",\n") + "\n}\n";
  }

  function stateJSON() {
    const whole = { cell: state.cell, params: state.params, xs: state.xs, h_prev: state.h0 };
    if (hasGiven(spec(), "c_prev")) whole.c_prev = state.c0;
    return JSON.stringify(whole) + "\n";
  }

  function exportAs(kind) {
    const base = `tinyrnn-${state.cell}`;
    const texts = {
      params: () => [paramsJSON(), `${base}-params.json`, "application/json"],
      state: () => [stateJSON(), `${base}-state.json`, "application/json"],
      markdown: () => [render.markdown(spec(), current(), digits()), `${base}-t${state.t + 1}.md`, "text/markdown"],
      latex: () => [render.latex(spec(), current(), digits()), `${base}-t${state.t + 1}.tex`, "application/x-tex"],
    };
    const [text, name, type] = texts[kind]();
    $("io-text").value = text;
    exported = { name, type };
    $("io-message").textContent = `Exported ${name.replace(base + "-", "")}: copy it, or press Download.`;
  }

  function download() {
    const blob = new Blob([$("io-text").value], { type: exported.type });
    const link = make("a", { download: exported.name });
    link.href = URL.createObjectURL(blob);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  function load(text) {
    const message = $("io-message");
    let loaded;
    try {
      loaded = untrusted.load(text, specs, state.cell);
    } catch (error) {
      if (!(error instanceof untrusted.LoadError)) throw error;
      message.textContent = "Not loaded: " + error.message;
      message.classList.add("error");
      return;
    }
    if (loaded.cell !== state.cell) {
      // Another kind of cell: say which, and keep everything as it is (choosing it is the reader's call).
      message.textContent = `Not loaded: this JSON holds the weights of ${specs[loaded.cell].name}, not of the ` +
        `${spec().name} shown. Choose “${specs[loaded.cell].name}” under Cell first, then load it again.`;
      message.classList.add("error");
      return;
    }
    message.classList.remove("error");
    const before = spec().name;
    Object.assign(state, { cell: loaded.cell, H: loaded.H, I: loaded.I, params: loaded.params, preset: "custom" });
    if (loaded.xs) {
      state.xs = loaded.xs;
      state.T = loaded.xs.length;
      state.alphabet = null;
    }
    if (loaded.h_prev) state.h0 = loaded.h_prev;
    if (loaded.c_prev) state.c0 = loaded.c_prev;
    fitInputs();
    fitB();
    state.t = 0;
    state.step = 1;
    $("about").textContent = "";
    rebuild();
    message.textContent = `Loaded ${before}, H = ${state.H}, I = ${state.I}, T = ${state.T}.`;
  }

  async function loadFile() {
    const file = $("load-file").files[0];
    if (!file) return;
    if (file.size > untrusted.MAX_TEXT * 4) {
      $("io-message").textContent = `Not loaded: ${file.size} bytes is too large for a parameter file.`;
      return;
    }
    const text = await file.text();
    $("load-file").value = ""; // the same file chosen again (say, after choosing its cell) loads again
    $("io-text").value = text.slice(0, untrusted.MAX_TEXT + 1);
    load($("io-text").value);
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  /* A whole number typed in the toolbar: in range, or a message next to it and nothing changes. */
  function wholeNumber(input, low, high, what) {
    const value = Number(input.value);
    if (input.value.trim() === "" || !Number.isInteger(value) || value < low || value > high) {
      input.setAttribute("aria-invalid", "true");
      $("toolbar-message").textContent = `${what} must be a whole number from ${low} to ${high}; kept ${what} as it was.`;
      return null;
    }
    input.removeAttribute("aria-invalid");
    $("toolbar-message").textContent = "";
    return value;
  }

  function onToolbar(event) {
    const id = event.target.id;
    if (id === "decimals") {
      state.decimals = event.target.value;
      draw();
      return;
    }
    if (id === "seed") {
      const seed = wholeNumber(event.target, 0, 4294967295, "The seed");
      if (seed === null) return;
      state.seed = seed;
      choosePreset("random");
      refresh();
      return;
    }
    if (id === "cell") {
      switchCell(event.target.value);
      rebuild();
      return;
    }
    if (id === "compare") {
      state.compare = event.target.value;
      fitB();
      rebuild();
      return;
    }
    if (id === "preset") {
      say("");
      if (choosePreset(event.target.value)) refresh();
      return;
    }
    if (id === "hidden-size" || id === "input-size") {
      const value = wholeNumber(event.target, 1, MAX.H, id === "hidden-size" ? "H" : "I");
      if (value === null) return;
      if (id === "hidden-size") state.H = value;
      else state.I = value;
      if (PRESETS[state.preset] || state.preset === "custom") {
        if (!presetParams(state.preset, state.cell)) {
          say(`The preset is ${PRESETS[state.preset] ? "for its own sizes" : "custom"}: seeded random weights at H = ${state.H}, I = ${state.I} instead.`);
          state.preset = "random";
        }
      }
      state.params = presetParams(state.preset, state.cell);
      fitInputs();
      fitB();
      rebuild();
      return;
    }
    if (id === "time-steps") {
      const value = wholeNumber(event.target, 1, MAX.T, "T");
      if (value === null) return;
      state.T = value;
      fitInputs();
      rebuild();
    }
  }

  /* Same structure, new numbers (a preset or a seed) — or a new structure if the preset changed the sizes. */
  let built = "";
  function refresh() {
    const structure = `${state.cell} ${state.compare} ${state.H} ${state.I} ${state.T}`;
    if (structure !== built) {
      built = structure;
      rebuild();
      return;
    }
    showValues();
    syncToolbar();
    recompute(true);
  }

  function fillMenus() {
    for (const key of Object.keys(specs)) {
      $("cell").append(make("option", { value: key }, specs[key].name));
      $("compare").append(make("option", { value: key }, specs[key].name));
    }
    for (const preset of data.presets) $("preset").append(make("option", { value: preset.id }, preset.title));
    $("preset").append(make("option", { value: "random" }, "Random (seeded)"), make("option", { value: "zeros" }, "Zero weights"),
      make("option", { value: "custom", disabled: "" }, "Custom (edited)"));
  }

  /* Keep the orientation of each drawing fitting its box (wide, or tall on a narrow screen). */
  function watchWidth() {
    new ResizeObserver((entries) => {
      const width = entries[entries.length - 1].contentRect.width;
      if (Math.abs(width - pageWidth) < 4) return;
      pageWidth = width;
      if (currentOrientation() !== view.drawing.orientation || maps.length) rebuild();
    }).observe($("layout"));
  }

  /* Inside the docs (an iframe), tell the page around it how tall this one is, so its frame fits it. */
  function reportHeight() {
    if (window.parent === window) return;
    let last = 0;
    const send = () => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        window.parent.postMessage({ from: "tinyrnn-explainer", height }, "*");
      }
    };
    new ResizeObserver(send).observe(document.body);
    send();
  }

  function start() {
    $("version").textContent = data.version;
    fillMenus();
    $("toolbar").addEventListener("change", onToolbar);
    $("toolbar").addEventListener("submit", (event) => event.preventDefault());
    $("back").addEventListener("click", () => move(-1));
    $("next").addEventListener("click", () => move(1));
    $("earlier").addEventListener("click", () => moveTime(-1));
    $("later").addEventListener("click", () => moveTime(1));
    $("component").addEventListener("change", (event) => {
      state.component = Number(event.target.value);
      draw();
    });
    $("panel").addEventListener("click", (event) => {
      const chip = event.target.closest(".v");
      if (chip && chip.dataset.field !== "x") {
        state.component = Number(chip.dataset.index);
        $("component").value = String(state.component);
        draw();
      }
    });
    for (const id of ["inputs", "weights"]) $(id).addEventListener("input", onEdit);
    $("sequence-apply").addEventListener("click", applySequence);
    $("sequence").addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        applySequence();
      }
    });
    $("maps").addEventListener("click", (event) => {
      const map = maps.find((m) => m.canvas === event.target);
      if (!map) return;
      const rect = map.canvas.getBoundingClientRect();
      const hit = heatmap.at(map.geo, event.clientX - rect.left, event.clientY - rect.top);
      if (hit) openStep(hit.t);
    });
    $("maps").addEventListener("keydown", (event) => {
      const delta = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity }[event.key];
      if (delta === undefined || !maps.some((m) => m.canvas === event.target)) return;
      event.preventDefault();
      openStep(Number.isFinite(delta) ? state.t + delta : delta < 0 ? 0 : state.T - 1);
    });
    $("maps").addEventListener("pointermove", (event) => {
      const map = maps.find((m) => m.canvas === event.target);
      if (!map) return;
      const rect = map.canvas.getBoundingClientRect();
      const hit = heatmap.at(map.geo, event.clientX - rect.left, event.clientY - rect.top);
      map.canvas.title = hit && hit.field
        ? `${hit.label.replace(/[{}]/g, "")}[${hit.k}] at t = ${hit.t + 1}: ${render.formatNumber(map.traces()[hit.t][hit.field][hit.k], Math.min(digits(), 2))}`
        : "";
    });
    $("plot-row").addEventListener("change", drawOverTime);
    wireTips($("diagram"));
    wireTips($("diagram-b"));
    document.addEventListener("keydown", onKey);
    for (const kind of ["params", "markdown", "latex", "state"]) $("export-" + kind).addEventListener("click", () => exportAs(kind));
    $("download").addEventListener("click", download);
    $("load").addEventListener("click", () => load($("io-text").value));
    $("load-file").addEventListener("change", loadFile);
    choosePreset(PRESETS[state.preset] && PRESETS[state.preset].cells[state.cell] ? state.preset : "random");
    built = `${state.cell} ${state.compare} ${state.H} ${state.I} ${state.T}`;
    pageWidth = $("layout").clientWidth;
    rebuild();
    recompute(false);
    watchWidth();
    reportHeight();
  }

  start();
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
