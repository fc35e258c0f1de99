/* The RNN Explainer page: state, controls, the values panel, the step-by-step walk, export and load.
 *
 * One state object; every change either rebuilds the structure (cell, sizes,
 * time steps, a loaded JSON of another shape) or just recomputes and redraws in
 * place (a slider, a number, a preset, a step). A rebuild builds as little as it
 * can, so that every change fits in one frame: each cell's diagram and values
 * panel are built once, resized in place and kept on the page (hidden) while
 * another cell is shown, the slider rows are rebound to new
 * numbers instead of being built anew, and only what changed is written. All
 * text is set with textContent / DOM calls: nothing is ever inserted as HTML.
 */
(function (TinyRNN) {
  "use strict";

  const { cells, seeded, render, untrusted, diagram } = TinyRNN;
  const data = JSON.parse(document.getElementById("tinyrnn-data").textContent);
  const $ = (id) => document.getElementById(id);
  const SLIDER = { min: -2, max: 2, step: 0.01 };
  const LIMIT = 1e100;

  const state = {
    cell: data.start, preset: "slide", seed: 0, H: 3, I: 3, T: 1, decimals: "2",
    params: null, xs: null, h0: null, c0: null, t: 0, step: 1, component: 0, trace: [],
  };
  let view = null; // the built structure: diagram handles, panel chips, controls

  // ---- Helpers -----------------------------------------------------------------------------

  const layoutName = (cell) => (cell === "lstm" ? "lstm" : cell === "gru-pytorch" ? "gru-pytorch" : "gru");
  const layout = () => data.layouts[layoutName(state.cell)];
  const isLSTM = () => state.cell === "lstm";
  const copy = (value) => JSON.parse(JSON.stringify(value));
  const resize = (values, n) => Array.from({ length: n }, (_, k) => (k < values.length ? values[k] : 0));
  const digits = () => (state.decimals === "all" ? 15 : Number(state.decimals));
  const shownValue = (v) => (state.decimals === "all" ? String(v) : render.formatNumber(v, digits()));
  const stepsOf = () => data.steps[state.cell];
  const current = () => state.trace[state.t];

  function make(tag, attributes = {}, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text) {
    $("status").textContent = text;
  }

  // ---- Presets -------------------------------------------------------------------------------

  function applyPreset() {
    const { H, I } = state;
    if (state.preset === "slide" && (H !== 3 || I !== 3)) {
      state.preset = "random";
      say("The slide example is 3 × 3; showing seeded random weights instead.");
    }
    if (state.preset === "slide") {
      state.params = copy(data.slide.params[state.cell]);
      state.xs = Array.from({ length: state.T }, () => data.slide.x.slice());
      state.h0 = data.slide.h_prev.slice();
      state.c0 = data.slide.c_prev.slice();
      return;
    }
    state.params = state.preset === "random"
      ? seeded.initParams(layout(), H, I, state.seed)
      : seeded.zeroParams(layout(), H, I);
    fitInputs();
  }

  function fitInputs() {
    const xs = state.xs || [];
    state.xs = Array.from({ length: state.T }, (_, t) => resize(xs[Math.min(t, xs.length - 1)] || [], state.I));
    state.h0 = resize(state.h0 || [], state.H);
    state.c0 = resize(state.c0 || [], state.H);
  }

  // ---- Building the structure -----------------------------------------------------------------

  const structure = () => `${state.cell} ${state.H} ${state.I} ${state.T}`;

  /* Build what the new structure changes, and only that: the diagram and the values panel belong to
   * the cell and its sizes, the weight sliders to the cell's parameter layout and sizes (all GRU
   * variants but PyTorch's share one), the input sliders to everything including T. */
  function rebuild() {
    state.t = Math.min(state.t, state.T - 1);
    state.component = Math.min(state.component, state.H - 1);
    compute();
    const cellKey = `${state.cell} ${state.H} ${state.I}`;
    const weightsKey = `${layoutName(state.cell)} ${state.H} ${state.I}`;
    const old = view || {};
    view = { key: structure(), cellKey, weightsKey, diagram: old.diagram, panel: old.panel, controls: null };
    if (old.cellKey !== cellKey) {
      if (!drawings.has(state.cell)) drawings.set(state.cell, diagram.build(state.cell, state.H, state.I));
      if (!panels.has(state.cell)) panels.set(state.cell, buildPanel());
      view.diagram = drawings.get(state.cell);
      view.panel = panels.get(state.cell);
      diagram.resize(view.diagram, state.H, state.I);
      resizePanel(view.panel, current());
      if (old.diagram !== view.diagram) {
        diagram.show($("diagram"), view.diagram);
        showOnly($("panel"), view.panel.box);
      }
      buildComponentSelect();
    }
    buildInputs();
    if (old.weightsKey !== weightsKey) buildWeights();
    registerControls();
    showValues();
    syncToolbar();
    draw();
  }

  function syncToolbar() {
    $("cell").value = state.cell;
    $("preset").value = state.preset;
    $("seed").value = String(state.seed);
    $("seed").disabled = state.preset !== "random";
    $("hidden-size").value = String(state.H);
    $("input-size").value = String(state.I);
    $("time-steps").value = String(state.T);
    $("decimals").value = state.decimals;
  }

  const drawings = new Map(); // cell → its diagram, built the first time the cell is shown
  const panels = new Map(); // cell → its values panel, likewise

  /* The values panel of the current cell: a heading per step, a row per vector (its chips come from resizePanel). */
  function buildPanel() {
    const trace = current();
    const groups = [{ number: 0, title_text: "Given", rows: data.given[trace.type], formulas_text: [] }, ...stepsOf()];
    const vectors = [];
    const sections = [];
    for (const group of groups) {
      const section = make("section", { class: "group", "data-step": group.number });
      const heading = make("h3");
      diagram.mathHTML(heading, group.number ? `Step ${group.number}: ${group.title_text.replaceAll("$", "")}` : "Given");
      section.append(heading);
      for (const row of group.rows) {
        if (trace[row.field] === null) continue; // e.g. hn exists only in the pytorch variant
        const line = make("div", { class: "row" });
        const label = diagram.mathHTML(make("span", { class: "label" }), row.label_text);
        const vector = make("span", { class: "vector", "data-field": row.field, role: "list" });
        vector.setAttribute("aria-label", row.label_text);
        vectors.push([vector, row.field]);
        line.append(label, vector);
        section.append(line);
      }
      sections.push(section);
    }
    const box = make("div", { class: "cell-values", "data-cell": state.cell });
    box.append(...sections);
    return { box, vectors, sections, chips: [] };
  }

  /* Show `box` in `container` (appended the first time) and stow the container's other boxes: the
   * values panels of the other cells, the weights of the other parameter layouts. A stowed box stays on
   * the page (content-visibility: hidden keeps its layout; not rendered, not focusable), so switching
   * back moves no element and lays out only the numbers that changed. */
  function showOnly(container, box) {
    if (box.parentNode !== container) container.append(box);
    for (const other of container.children) other.classList.toggle("stowed", other !== box);
  }

  /* One chip per component of every vector: [chip, field, index] in panel.chips. */
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
    select.replaceChildren();
    for (let k = 0; k < state.H; k++) select.append(make("option", { value: k }, `[${k}]`));
    select.value = String(state.component);
  }

  // ---- Slider rows: built once, then rebound ---------------------------------------------------
  //
  // A new cell or size reuses the slider rows already on the page: a row is rebound to its new
  // number (label, key, value) in place, so a structural change builds no element for the rows
  // that stay, and only their changed words are laid out anew. Rows no longer needed wait in
  // `spareRows` for the next larger cell.

  const spareRows = [];
  let rowsMade = 0;

  /* A slider row: its label names the slider, and the label plus "exact value" the number field. The
   * ids belong to the row, not to the number it shows, so rebinding it changes no id or reference. */
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

  /* Bind a row to one number: { key, label, hint, value }. */
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

  /* A slider and its number field show `value` (set only when it changed: a range input set anew
   * must be laid out anew). */
  function showValue({ range, number }, value) {
    const text = String(value);
    if (number.value !== text) range.value = number.value = text;
    number.removeAttribute("aria-invalid");
  }

  /* Every slider row on the page, by key: the rows of the inputs and of every built weight group. */
  function registerControls() {
    view.controls = new Map();
    for (const row of document.querySelectorAll("#inputs .param, #weights > :not(.stowed) .param")) {
      const [, range, number] = row.children;
      view.controls.set(range.dataset.key, { range, number });
    }
  }

  /* Make the slider rows of `box` exactly `specs`, in order, reusing the rows it has. The rows sit in
   * two column boxes, the first half in the first one, side by side on a wide screen and stacked on a
   * narrow one; reading and tab order go down the first column, then down the second. (A grid of
   * every row, as the <details>' content box, was laid out anew whenever one number in it changed:
   * 3-5 ms a frame with a weight group on screen.) */
  function bindRows(box, specs) {
    const columns = columnsOf(box);
    const counts = [Math.ceil(specs.length / 2), Math.floor(specs.length / 2)];
    columns.forEach((column, c) => {
      while (column.children.length > counts[c]) {
        spareRows.push(column.lastElementChild);
        column.lastElementChild.remove();
      }
    });
    let k = 0;
    columns.forEach((column, c) => {
      const rows = [...column.children];
      const added = document.createDocumentFragment();
      for (let j = 0; j < counts[c]; j++, k++) {
        const row = rows[j] || spareRows.pop() || newRow();
        bindRow(row, specs[k]);
        if (!rows[j]) added.append(row);
      }
      column.append(added);
    });
  }

  /* The two column boxes of a box of slider rows, made the first time. */
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
      box.append(make("fieldset", { class: "group-inputs" }));
      box.firstElementChild.append(make("legend", {}, "Inputs and initial state"));
    }
    const sequence = state.T > 1;
    const specs = [];
    const add = (key, label, value) => specs.push({ key, label, hint: "", value });
    state.xs.forEach((x, t) => x.forEach((v, k) => add(`x:${t}:${k}`, sequence ? `x_${t + 1}[${k}]` : `x_t[${k}]`, v)));
    state.h0.forEach((v, k) => add(`h0:${k}`, sequence ? `h_0[${k}]` : `h_{t-1}[${k}]`, v));
    if (isLSTM()) state.c0.forEach((v, k) => add(`c0:${k}`, sequence ? `C_0[${k}]` : `C_{t-1}[${k}]`, v));
    bindRows(box.firstElementChild, specs);
  }

  const GATE_NAMES = {
    f: ["forget gate f_t", 1], i: ["input gate i_t", 2], c: ["candidate C̃_t", 2], o: ["output gate o_t", 4],
    r: ["reset gate r_t", 1], z: ["update gate z_t", 2], h: ["candidate h̃_t", 3], n: ["candidate h̃_t (PyTorch's n_t)", 3],
  };

  function columnMeaning(kind, j) {
    if (kind === "x") return `x_t[${j}]`;
    if (kind === "h") return `h_{t-1}[${j}]`;
    return j < state.H ? `h_{t-1}[${j}]` : `x_t[${j - state.H}]`;
  }

  const openGroups = new Set(); // the weight groups the reader opened stay open across rebuilds

  /* The weights by gate, in the order of the steps: [[gate, [[name, kind], …]], …]. */
  function weightGroups() {
    const groups = new Map();
    for (const [name, kind] of Object.entries(layout())) {
      const gate = name.slice(-1);
      if (!groups.has(gate)) groups.set(gate, []);
      groups.get(gate).push([name, kind]);
    }
    return [...groups].sort(([a], [b]) => GATE_NAMES[a][1] - GATE_NAMES[b][1]);
  }

  /* The rows of one gate's weights: one per weight and bias. */
  function weightSpecs(names) {
    const specs = [];
    for (const [name, kind] of names) {
      const value = state.params[name];
      if (kind === "b") {
        value.forEach((v, k) => specs.push({ key: `p:${name}:${k}`, label: `${name}[${k}]`, hint: "", value: v }));
      } else {
        value.forEach((row, k) => row.forEach((v, j) => {
          specs.push({ key: `p:${name}:${k}:${j}`, label: `${name}[${k}][${j}]`, hint: `· ${columnMeaning(kind, j)}`, value: v });
        }));
      }
    }
    return specs;
  }

  // One <details> per gate of each parameter layout, kept (with its rows) while another cell is shown:
  // switching cells back and forth swaps whole groups and rebinds no row.
  const groups = new Map(); // "lstm f", "gru r", "gru-pytorch r", … → the group's <details>
  const groupNames = new Map(); // a group's <details> → the weights it holds: [[name, kind], …]

  /* A group's sliders are built when it is first opened (a group never opened costs nothing); from
   * then on they are rebound in place whenever H or I change, open or closed. */
  function fillGroup(details) {
    details.dataset.built = `${state.H} ${state.I}`;
    bindRows(details, weightSpecs(groupNames.get(details)));
  }

  function newGroup(gate, names) {
    const details = make("details", { class: "gate", "data-step": GATE_NAMES[gate][1], "data-gate": gate });
    details.append(make("summary"));
    groupNames.set(details, names);
    details.addEventListener("toggle", () => {
      if (details.open) openGroups.add(gate);
      else openGroups.delete(gate);
      // (A group stowed since, by a change of cell, is filled when it comes back.)
      if (details.open && !details.dataset.built && !details.closest(".stowed")) {
        fillGroup(details);
        registerControls();
      }
    });
    return details;
  }

  function buildWeights() {
    const wanted = weightGroups().map(([gate, names]) => {
      const key = `${layoutName(state.cell)} ${gate}`;
      if (!groups.has(key)) groups.set(key, newGroup(gate, names));
      const details = groups.get(key);
      const [title, step] = GATE_NAMES[gate];
      const shapes = names.map(([name, kind]) => {
        const rows = state.H, cols = kind === "b" ? 0 : seeded.columns(kind, state.H, state.I);
        return cols ? `${name} (${rows}×${cols})` : `${name} (${rows})`;
      });
      diagram.mathHTML(details.firstElementChild, `Step ${step} · ${title}: ${shapes.join(", ")}`);
      details.open = openGroups.has(gate);
      if ((details.open || details.dataset.built) && details.dataset.built !== `${state.H} ${state.I}`) fillGroup(details);
      return details;
    });
    const set = weightSet();
    if (wanted.length !== set.children.length || wanted.some((details, k) => set.children[k] !== details)) {
      set.replaceChildren(...wanted);
    }
    showOnly($("weights"), set);
  }

  const weightSets = new Map(); // parameter layout → the box of its weight groups, made the first time

  /* The box of the current parameter layout's weight groups (stowed by showOnly while another layout's
   * cell is shown). */
  function weightSet() {
    const name = layoutName(state.cell);
    if (!weightSets.has(name)) weightSets.set(name, make("div", { class: "weight-set", "data-layout": name }));
    return weightSets.get(name);
  }

  // ---- Computing and drawing ------------------------------------------------------------------

  function compute() {
    state.trace = cells.run(state.cell, state.params, state.xs, state.h0, state.c0);
  }

  const chipColours = new WeakMap(); // a panel chip → the colours it shows

  function draw() {
    const trace = current();
    diagram.update(view.diagram, trace, Math.min(digits(), 2), state.step, state.component);
    for (const [chip, field, k] of view.panel.chips) {
      const value = trace[field][k];
      const { fill, ink } = diagram.colour(value, field);
      diagram.setText(chip, shownValue(value));
      if (chipColours.get(chip) !== fill + ink) {
        chipColours.set(chip, fill + ink);
        chip.style.backgroundColor = fill;
        chip.style.color = ink;
      }
      chip.classList.toggle("picked", field !== "x" && k === state.component);
    }
    for (const section of view.panel.sections) {
      const here = Number(section.dataset.step) === state.step;
      section.classList.toggle("current", here);
      if (here) section.setAttribute("aria-current", "step");
      else section.removeAttribute("aria-current");
    }
    for (const details of weightSet().children) {
      details.classList.toggle("current", Number(details.dataset.step) === state.step);
    }
    drawFormula(trace);
    drawStepper();
  }

  function recompute() {
    const start = performance.now();
    compute();
    draw();
    const ms = performance.now() - start;
    const timing = $("timing");
    timing.dataset.ms = String(ms);
    timing.textContent = `last update (recompute + redraw): ${ms.toFixed(2)} ms`;
  }

  // The term-by-term lines of the current step, for component k.
  function explainLines(trace, k) {
    const d = digits();
    const n = (v) => render.term(v, d);
    const result = (v) => render.formatNumber(v, d);
    const explain = (gate) => [render.explainPreactivation(state.params, trace, gate, k, d), gate];
    const squash = (name, fn, gate) => [`${name}[${k}] = ${fn}(${result(trace[gate + "_pre"][k])}) = ${result(trace[gate][k])}`, ""];
    const s = state.step;
    if (trace.type === "LSTMStep") {
      if (s === 1) return [explain("f"), squash("f_t", "σ", "f")];
      if (s === 2) return [explain("i"), squash("i_t", "σ", "i"), explain("c_tilde"), squash("C̃_t", "tanh", "c_tilde")];
      if (s === 3) {
        return [[`C_t[${k}] = f_t[${k}]·C_{t-1}[${k}] + i_t[${k}]·C̃_t[${k}] = ` +
          `${n(trace.f[k])}·${n(trace.c_prev[k])} + ${n(trace.i[k])}·${n(trace.c_tilde[k])} = ${result(trace.c[k])}`, ""]];
      }
      return [explain("o"), squash("o_t", "σ", "o"),
        [`h_t[${k}] = o_t[${k}]·tanh(C_t[${k}]) = ${n(trace.o[k])}·tanh(${n(trace.c[k])}) = ` +
          `${n(trace.o[k])}·${n(trace.tanh_c[k])} = ${result(trace.h[k])}`, ""]];
    }
    if (s === 1) return [explain("r"), squash("r_t", "σ", "r")];
    if (s === 2) return [explain("z"), squash("z_t", "σ", "z")];
    if (s === 3) {
      const first = trace.variant === "pytorch"
        ? [`W_hn[${k}]·h_{t-1} + b_hn[${k}] = ` + state.params.W_hn[k].map((w, j) => `${n(w)}·${n(trace.h_prev[j])}`).join(" + ") +
          ` + ${n(state.params.b_hn[k])} = ${result(trace.hn[k])}`, ""]
        : [`r_t[${k}]·h_{t-1}[${k}] = ${n(trace.r[k])}·${n(trace.h_prev[k])} = ${result(trace.r_h_prev[k])}`, ""];
      return [first, explain("h_tilde"), squash("h̃_t", "tanh", "h_tilde")];
    }
    const z = n(trace.z[k]), old = n(trace.h_prev[k]), cand = n(trace.h_tilde[k]), h = result(trace.h[k]);
    if (trace.variant === "colah") {
      return [[`h_t[${k}] = (1 − z_t[${k}])·h_{t-1}[${k}] + z_t[${k}]·h̃_t[${k}] = (1 − ${z})·${old} + ${z}·${cand} = ${h}`, ""]];
    }
    if (trace.variant === "cho2014") {
      return [[`h_t[${k}] = z_t[${k}]·h_{t-1}[${k}] + (1 − z_t[${k}])·h̃_t[${k}] = ${z}·${old} + (1 − ${z})·${cand} = ${h}`, ""]];
    }
    return [[`h_t[${k}] = (1 − z_t[${k}])·h̃_t[${k}] + z_t[${k}]·h_{t-1}[${k}] = (1 − ${z})·${cand} + ${z}·${old} = ${h}`, ""]];
  }

  let shownFormula = "";

  function drawFormula(trace) {
    const step = stepsOf()[state.step - 1];
    const lines = explainLines(trace, state.component);
    const key = `${state.cell} ${state.step} ${lines.map(([, gate]) => gate).join(" ")}`;
    const explain = $("explain");
    if (key === shownFormula) { // same step: only the numbers change, the elements stay
      lines.forEach(([text], k) => diagram.setText(explain.children[k], text));
      return;
    }
    shownFormula = key;
    diagram.mathHTML($("formula-title"), `Step ${step.number}: ${step.title_text.replaceAll("$", "")}`);
    $("formula-lines").replaceChildren(
      ...step.formulas_text.map((text) => diagram.mathHTML(make("p", { class: "formula-line" }), text)),
    );
    explain.replaceChildren(...lines.map(([text, gate]) => {
      return make("p", { class: gate ? "explain-line preactivation" : "explain-line", "data-explain": gate }, text);
    }));
  }

  function drawStepper() {
    const steps = stepsOf();
    const step = steps[state.step - 1];
    diagram.mathHTML($("where"), `Step ${state.step} of ${steps.length}: ${step.title_text.replaceAll("$", "")}`);
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

  // ---- Navigation ------------------------------------------------------------------------------

  function move(delta) {
    const count = stepsOf().length;
    let position = state.t * count + (state.step - 1) + delta;
    position = Math.max(0, Math.min(state.T * count - 1, position));
    state.t = Math.floor(position / count);
    state.step = (position % count) + 1;
    draw();
  }

  function moveTime(delta) {
    state.t = Math.max(0, Math.min(state.T - 1, state.t + delta));
    draw();
  }

  function onKey(event) {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
    const scroller = $("diagram-scroll");
    if (target === scroller && scroller.scrollWidth > scroller.clientWidth) return; // let it scroll
    event.preventDefault();
    move(event.key === "ArrowRight" ? 1 : -1);
  }

  // ---- Editing values --------------------------------------------------------------------------

  /* Where a control's number lives: [array, index] for keys "x:t:k", "h0:k", "c0:k", "p:W_f:k:j", "p:b_f:k". */
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
    if (key.startsWith("p:") && state.preset !== "custom") {
      state.preset = "custom";
      syncToolbar();
    }
  }

  /* New numbers, same structure: set every control in place instead of rebuilding the page. */
  function showValues() {
    for (const [key, pair] of view.controls) {
      const [array, index] = locate(key);
      showValue(pair, array[index]);
    }
  }

  function refreshControls() {
    showValues();
    syncToolbar();
    recompute();
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
    recompute();
  }

  // ---- Export and load ---------------------------------------------------------------------------

  let exported = { name: "tinyrnn.txt", type: "text/plain" };

  function paramsJSON() {
    const lines = Object.keys(layout()).map((name) => `  ${JSON.stringify(name)}: ${JSON.stringify(state.params[name])}`);
    return "{\n" + lines.join(",\n") + "\n}\n";
  }

  function stateJSON() {
    const whole = { cell: state.cell, params: state.params, xs: state.xs, h_prev: state.h0 };
    if (isLSTM()) whole.c_prev = state.c0;
    return JSON.stringify(whole) + "\n";
  }

  function exportAs(kind) {
    const base = `tinyrnn-${state.cell}`;
    const texts = {
      params: () => [paramsJSON(), `${base}-params.json`, "application/json"],
      state: () => [stateJSON(), `${base}-state.json`, "application/json"],
      markdown: () => [render.markdown(current(), digits(), data), `${base}-t${state.t + 1}.md`, "text/markdown"],
      latex: () => [render.latex(current(), digits(), data), `${base}-t${state.t + 1}.tex`, "application/x-tex"],
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
      loaded = untrusted.load(text, data.layouts, state.cell);
    } catch (error) {
      if (!(error instanceof untrusted.LoadError)) throw error;
      message.textContent = "Not loaded: " + error.message;
      message.classList.add("error");
      return;
    }
    message.classList.remove("error");
    Object.assign(state, { cell: loaded.cell, H: loaded.H, I: loaded.I, params: loaded.params, preset: "custom" });
    if (loaded.xs) {
      state.xs = loaded.xs;
      state.T = loaded.xs.length;
    }
    if (loaded.h_prev) state.h0 = loaded.h_prev;
    if (loaded.c_prev) state.c0 = loaded.c_prev;
    fitInputs();
    state.t = 0;
    state.step = 1;
    rebuild();
    message.textContent = `Loaded ${$("cell").selectedOptions[0].textContent}, H = ${state.H}, I = ${state.I}, T = ${state.T}.`;
  }

  async function loadFile() {
    const file = $("load-file").files[0];
    if (!file) return;
    if (file.size > untrusted.MAX_TEXT * 4) {
      $("io-message").textContent = `Not loaded: ${file.size} bytes is too large for a parameter file.`;
      return;
    }
    const text = await file.text();
    $("io-text").value = text.slice(0, untrusted.MAX_TEXT + 1);
    load($("io-text").value);
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  function onToolbar(event) {
    const id = event.target.id;
    if (id === "decimals") {
      state.decimals = event.target.value;
      draw();
      return;
    }
    if (id === "seed") {
      const seed = Number(event.target.value);
      if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) {
        event.target.setAttribute("aria-invalid", "true");
        say("The seed is a whole number from 0 to 4294967295.");
        return;
      }
      event.target.removeAttribute("aria-invalid");
      state.seed = seed;
    } else if (id === "cell") {
      const sameLayout = layoutName(event.target.value) === layoutName(state.cell);
      state.cell = event.target.value;
      state.step = Math.min(state.step, stepsOf().length);
      if (state.preset === "custom" && sameLayout) {
        rebuild();
        return;
      }
      if (state.preset === "custom") state.preset = state.H === 3 && state.I === 3 ? "slide" : "random";
    } else if (id === "preset") {
      state.preset = event.target.value;
    } else if (id === "hidden-size" || id === "input-size") {
      state.H = Number($("hidden-size").value);
      state.I = Number($("input-size").value);
      if (state.preset === "custom") state.preset = "random";
    } else if (id === "time-steps") {
      state.T = Number(event.target.value);
      fitInputs();
      rebuild();
      return;
    } else {
      return;
    }
    say("");
    applyPreset();
    if (view && view.key === structure()) refreshControls();
    else rebuild();
  }

  function start() {
    $("version").textContent = data.version;
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
    document.addEventListener("keydown", onKey);
    for (const kind of ["params", "markdown", "latex", "state"]) $("export-" + kind).addEventListener("click", () => exportAs(kind));
    $("download").addEventListener("click", download);
    $("load").addEventListener("click", () => load($("io-text").value));
    $("load-file").addEventListener("change", loadFile);
    applyPreset();
    rebuild();
    recompute();
  }

  start();
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
