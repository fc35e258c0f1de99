/* The cell over time: a heatmap of every state, gate and candidate (rows: components; columns: time steps)
 * and a line plot of one component, drawn on a <canvas> (one fill per cell: fast at T = 32, H = 8).
 *
 * Rows come from the description: the states first, then the gates and the candidates, in the order of
 * the fields. Colours are the diagram's: gates 0…1, the rest −1…1, or ±(largest |value|) for a field
 * that is not bounded (a cell state that counts past 1: its scale is written beside it).
 */
(function (TinyRNN) {
  "use strict";

  const ROW = 12, GROUP_GAP = 8, LABEL = 0;

  /* The fields shown over time: [{name, label, gate, bounded}]. */
  function rowsOf(spec) {
    const affine = new Set(spec.fields.filter((f) => f.rule && f.rule.type === "Affine").map((f) => f.name));
    const candidate = (f) => f.rule && f.rule.type === "Activation" && affine.has(f.rule.field) && !spec.gates.includes(f.name);
    const chosen = [
      ...spec.states.map((name) => spec.fields.find((f) => f.name === name)),
      ...spec.fields.filter((f) => !spec.states.includes(f.name) && (spec.gates.includes(f.name) || candidate(f))),
    ];
    return chosen.map((f) => ({ name: f.name, label: f.label.text, gate: spec.gates.includes(f.name), bounded: Boolean(f.bounds) }));
  }

  /* The scale of an unbounded field over the whole sequence: max(1, largest |value|). */
  function scales(spec, traces) {
    const out = {};
    for (const f of spec.fields) {
      if (f.bounds || !f.rule) continue;
      let m = 1;
      for (const trace of traces) for (const v of trace[f.name]) m = Math.max(m, Math.abs(v));
      out[f.name] = m;
    }
    return out;
  }

  /* Geometry for T steps and H components in a box `width` px wide. */
  function geometry(rows, T, H, width) {
    const cell = Math.max(8, Math.min(30, Math.floor((width - LABEL) / T)));
    const groups = rows.map((row, g) => ({ ...row, top: g * (H * ROW + GROUP_GAP) }));
    return { cell, groups, width: LABEL + cell * T, height: rows.length * (H * ROW + GROUP_GAP) - GROUP_GAP, H, T };
  }

  /* Paint the heatmap: every cell, then the current-step marker. */
  function paint(canvas, geo, traces, t, scaleOf) {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.ceil(geo.width * ratio), h = Math.ceil(geo.height * ratio);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      canvas.style.width = `${geo.width}px`;
      canvas.style.height = `${geo.height}px`;
    }
    const context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, geo.width, geo.height);
    const { colour } = TinyRNN.diagram;
    for (const group of geo.groups) {
      const scale = group.bounded ? 1 : scaleOf[group.name] || 1;
      for (let s = 0; s < geo.T; s++) {
        const values = traces[s][group.name];
        for (let k = 0; k < geo.H; k++) {
          context.fillStyle = colour(values[k], group.gate, scale).fill;
          context.fillRect(LABEL + s * geo.cell, group.top + k * ROW, geo.cell - 1, ROW - 1);
        }
      }
    }
    context.strokeStyle = "#1b1f24";
    context.lineWidth = 2;
    context.strokeRect(LABEL + t * geo.cell - 1, 1, geo.cell + 1, geo.height - 2);
  }

  /* Which (step, field, component) is at (x, y) in the canvas, or null. */
  function at(geo, x, y) {
    const s = Math.floor((x - LABEL) / geo.cell);
    if (s < 0 || s >= geo.T) return null;
    for (const group of geo.groups) {
      const k = Math.floor((y - group.top) / ROW);
      if (k >= 0 && k < geo.H) return { t: s, field: group.name, label: group.label, k };
    }
    return { t: s, field: null, k: -1 };
  }

  /* A line plot of one component over time, as SVG points in a `width` × `height` box. */
  function plot(values, width, height) {
    const low = Math.min(0, ...values), high = Math.max(0, ...values);
    const span = high - low || 1;
    const x = (s) => (values.length === 1 ? width / 2 : 4 + (s * (width - 8)) / (values.length - 1));
    const y = (v) => height - 4 - ((v - low) / span) * (height - 8);
    // A staircase: each value held for its whole step, as the heatmap shows it.
    const points = [];
    values.forEach((v, s) => {
      const left = values.length === 1 ? 0 : x(s) - (width - 8) / (values.length - 1) / 2;
      const right = values.length === 1 ? width : x(s) + (width - 8) / (values.length - 1) / 2;
      points.push([Math.max(0, left), y(v)], [Math.min(width, right), y(v)]);
    });
    return { points, zero: y(0), low, high, x, y };
  }

  TinyRNN.heatmap = { rowsOf, scales, geometry, paint, at, plot, ROW };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
