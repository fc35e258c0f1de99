/* The diagram of a cell, generated from its description: no cell is drawn by hand.
 *
 * 1. Units, from the rules (units()): each given input is a source; an affine map
 *    squashed by an activation is one box (σ, tanh, ReLU) showing the activation's
 *    field; a sum of products is a ⊙ node per product, a "1−" node per 1 − z and a
 *    + node adding them; an activation of anything else is an oval; a constant is a box.
 * 2. Layout (layout()): the units in the order of the description, one column each
 *    (a row each when the drawing is tall, on a narrow screen). Every value runs
 *    on its own horizontal *track* above the units (a vertical one to their left
 *    when tall), from the unit that makes it to the last unit that reads it;
 *    tracks whose spans do not meet share a line (left-edge interval packing).
 *    A value leaves its unit by a riser and enters each reader by a tap. So lines
 *    never run on top of one another, and a label is put on a track only where no
 *    line crosses it.
 * 3. Drawing (build/update): SVG made with DOM calls only; each unit's values as a
 *    chip of coloured cells; each element knows its steps (highlighted when current,
 *    dimmed when later), its name, formula and value (the tooltip).
 */
(function (TinyRNN) {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const FUNCTION_SYMBOL = { sigmoid: "σ", tanh: "tanh", relu: "ReLU" };

  // ---- Colours: 0…1 for gates, −1…1 (or ±scale) for everything else ----------------------------

  const mix = (a, b, t) => a.map((v, k) => Math.round(v + (b[k] - v) * t));
  const WHITE = [247, 247, 247], TEAL = [16, 112, 96], BLUE = [33, 102, 172], RED = [178, 24, 43];
  const colourCache = new Map();

  /* The fill and the ink (of higher contrast) of a value: computed once per 1/1024 of the scale. */
  function colour(value, gate, scale = 1) {
    const t = gate ? Math.min(1, Math.max(0, value)) : Math.min(1, Math.max(-1, value / scale));
    const key = (gate ? 4096 : 0) + Math.round(t * 1024);
    let found = colourCache.get(key);
    if (!found) {
      const rgb = gate ? mix(WHITE, TEAL, t) : t < 0 ? mix(WHITE, BLUE, -t) : mix(WHITE, RED, t);
      // WCAG's relative luminance; the ink (near-black or white) of higher contrast, always ≥ 4.5 : 1.
      const linear = rgb.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      const luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
      const dark = (luminance + 0.05) / 0.05, light = 1.05 / (luminance + 0.05);
      found = { fill: `rgb(${rgb.join(",")})`, ink: dark >= light ? "#000" : "#fff" };
      colourCache.set(key, found);
    }
    return found;
  }

  // ---- Text with subscripts: "h_{t-1}" → h + subscript t-1 --------------------------------------

  function parts(text) {
    const out = [];
    const pattern = /_\{([^}]*)\}|_([A-Za-z0-9]+)/g;
    let last = 0, match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) out.push([text.slice(last, match.index), false]);
      out.push([match[1] !== undefined ? match[1] : match[2], true]);
      last = pattern.lastIndex;
    }
    if (last < text.length) out.push([text.slice(last), false]);
    return out;
  }

  const drawn = new WeakMap(); // element → [text, shape] that mathHTML last put in it

  /* Fill an HTML element with `text`, subscripts as <sub>: text nodes only, never HTML. When the
   * element already holds text of the same shape only the words change. */
  function mathHTML(element, text) {
    const last = drawn.get(element);
    if (last && last[0] === text) return element;
    const pieces = parts(text);
    const shape = pieces.map(([, sub]) => (sub ? "_" : "t")).join("");
    drawn.set(element, [text, shape]);
    if (last && last[1] === shape && element.childNodes.length === pieces.length) {
      const nodes = element.childNodes;
      pieces.forEach(([piece], k) => {
        if (nodes[k].textContent !== piece) nodes[k].textContent = piece;
      });
      return element;
    }
    element.replaceChildren();
    for (const [piece, sub] of pieces) {
      if (sub) {
        const s = document.createElement("sub");
        s.textContent = piece;
        element.append(s);
      } else {
        element.append(document.createTextNode(piece));
      }
    }
    return element;
  }

  /* Write only what changed; true when it did. */
  function setText(node, text) {
    if (node.textContent === text) return false;
    node.textContent = text;
    return true;
  }

  function setAttribute(node, name, value) {
    if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }

  function el(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    if (parent) parent.append(node);
    return node;
  }

  function mathSVG(parent, x, y, text, attributes = {}) {
    const node = el("text", { x, y, ...attributes }, parent);
    let low = false; // a subscript is shifted down; the text after it comes back up
    for (const [piece, sub] of parts(text)) {
      const span = el("tspan", sub ? { class: "sub", dy: low ? 0 : 3.5 } : low ? { dy: -3.5 } : {}, node);
      span.textContent = piece;
      low = sub;
    }
    return node;
  }

  /* A generous width of a label in the drawing's 14 px font (subscripts at 75 %). */
  const textWidth = (text) => parts(text).reduce((sum, [piece, sub]) => sum + [...piece].length * (sub ? 6.4 : 8.6), 0);

  // ---- 1. Units, from the rules ----------------------------------------------------------------

  /* The words of a cell for the drawing: its fields by name, and how each is written. */
  function words(spec) {
    const field = Object.fromEntries(spec.fields.map((f) => [f.name, f]));
    const label = (name) => (name.startsWith("1-") ? `(1 − ${field[name.slice(2)].label.text})` : field[name].label.text);
    const product = (term) => term.map(label).join(" ⊙ ");
    function formula(name) {
      const f = field[name];
      const rule = f.rule;
      if (rule === null) return `${f.label.text}, given`;
      if (rule.type === "Affine") return f.label.text;
      if (rule.type === "Activation") {
        const inner = field[rule.field];
        const argument = inner.rule && inner.rule.type === "Affine" ? inner.label.text : inner.label.text;
        return `${f.label.text} = ${FUNCTION_SYMBOL[rule.function]}(${argument})`;
      }
      if (rule.type === "Products") return `${f.label.text} = ${rule.terms.map(product).join(" + ")}`;
      return `${f.label.text} = ${rule.value} (a constant)`;
    }
    return { field, label, product, formula };
  }

  /* The references a rule part makes to fields (not to weights). */
  function inputsOf(rule, fieldNames) {
    const out = [];
    const add = (name) => {
      if (fieldNames.has(name) && !out.includes(name)) out.push(name);
    };
    (function walk(part) {
      if (part.type === "Affine") part.parts.forEach(walk);
      else if (part.type === "MatVec") part.inputs.forEach(add);
      else if (part.type === "Hadamard") [part.left, part.right].forEach(add);
    })(rule);
    return out;
  }

  /* The units of a cell and the values flowing between them.
   * unit: {id, kind: source|box|affine|oval|op|constant, symbol, field (shown in a chip, or null),
   *        pre (the affine field a box squashes), inputs: [value ids], output: value id, steps, name, formula}
   * A value id is a field name, or a made one for a product or 1 − z ("f*c_prev", "1-z"). */
  function units(spec) {
    const w = words(spec);
    const names = new Set(spec.fields.map((f) => f.name));
    const stepsOf = (name) => spec.steps.filter((s) => s.fields.includes(name)).map((s) => s.number);
    const users = new Map(); // field → how many rules read it
    for (const f of spec.fields) {
      if (!f.rule) continue;
      const read = f.rule.type === "Affine" ? inputsOf(f.rule, names)
        : f.rule.type === "Activation" ? [f.rule.field]
          : f.rule.type === "Products" ? f.rule.terms.flat().map((n) => n.replace(/^1-/, "")) : [];
      for (const name of read) users.set(name, (users.get(name) || 0) + 1);
    }
    const list = [];
    const squashed = new Set();
    for (const f of spec.fields) {
      const rule = f.rule;
      const steps = stepsOf(f.name);
      const base = { field: f.name, output: f.name, steps, name: `${f.label.text}: ${f.meaning}`, formula: w.formula(f.name),
        inputSized: f.input_sized };
      if (rule === null) {
        list.push({ ...base, kind: "source", symbol: f.label.text, inputs: [] });
      } else if (rule.type === "Affine") {
        const squash = spec.fields.find((g) => g.rule && g.rule.type === "Activation" && g.rule.field === f.name);
        if (squash && users.get(f.name) === 1) {
          squashed.add(f.name);
          continue; // drawn with its activation, as one box
        }
        list.push({ ...base, kind: "affine", symbol: f.label.text, inputs: inputsOf(rule, names) });
      } else if (rule.type === "Activation") {
        if (squashed.has(rule.field)) {
          const pre = w.field[rule.field];
          list.push({
            ...base, kind: "box", symbol: FUNCTION_SYMBOL[rule.function], pre: rule.field,
            inputs: inputsOf(pre.rule, names), steps: [...new Set([...stepsOf(rule.field), ...steps])],
          });
        } else {
          list.push({ ...base, kind: "oval", symbol: FUNCTION_SYMBOL[rule.function], inputs: [rule.field] });
        }
      } else if (rule.type === "Products" && rule.terms.length === 1 && rule.terms[0].length === 1) {
        // One factor: the field is that value, or 1 − it (a coupled input gate, i_t = 1 − f_t).
        const [name] = rule.terms[0];
        const minus = name.startsWith("1-");
        list.push({ ...base, kind: "op", symbol: minus ? "1−" : "=", inputs: [minus ? name.slice(2) : name] });
      } else if (rule.type === "Products") {
        const termValues = rule.terms.map((term, t) => {
          const factors = term.map((name) => {
            if (!name.startsWith("1-")) return name;
            if (!list.some((u) => u.output === name)) {
              list.push({ kind: "op", symbol: "1−", field: null, output: name, inputs: [name.slice(2)], steps,
                name: `${w.label(name)}`, formula: `${w.label(name)}: one minus ${w.label(name.slice(2))}`, of: f.name });
            }
            return name;
          });
          if (factors.length === 1) return factors[0];
          const single = rule.terms.length === 1;
          const id = single ? f.name : `${f.name}#${t}`;
          list.push({
            kind: "op", symbol: "⊙", field: single ? f.name : null, output: id, inputs: factors, steps,
            name: single ? base.name : w.product(term), formula: single ? base.formula : `${w.product(term)}, a term of ${f.label.text}`,
            term: single ? null : term,
          });
          return id;
        });
        if (rule.terms.length > 1) list.push({ ...base, kind: "op", symbol: "+", inputs: termValues });
      } else {
        list.push({ ...base, kind: "constant", symbol: String(rule.value), inputs: [] });
      }
    }
    list.forEach((unit, k) => { unit.id = k; });
    return list;
  }

  // ---- 2. Layout ------------------------------------------------------------------------------

  const CELL = { wide: [54, 22], tall: [48, 22] }; // a chip cell, width × height
  const HEAD = { wide: [56, 44], tall: [56, 40] };
  const R = 14; // radius of an operation node
  const GAP = { wide: 20, tall: 16 };
  const TRACK = { wide: 22, tall: 13 };

  function unitSize(unit, H, I, orientation) {
    const [cw, ch] = CELL[orientation];
    const [hw, hh] = HEAD[orientation];
    const round = unit.kind === "op";
    const head = round ? [2 * R, 2 * R] : unit.kind === "source" ? [Math.max(hw, textWidth(unit.symbol) + 16), 32] : [hw, hh];
    if (unit.kind === "affine") head[0] = Math.max(hw, textWidth(unit.symbol) + 16);
    const n = unit.inputSized ? I : H;
    if (orientation === "wide") {
      const chip = unit.field === null ? [0, 0] : [cw, n * ch + (unit.kind === "source" ? 0 : 20)]; // cells and a caption
      return { head, width: Math.max(head[0], chip[0]), height: hh + (chip[1] ? 8 + chip[1] : 0) };
    }
    const perRow = Math.min(n, 4);
    const chip = unit.field === null ? [0, 0] : [perRow * cw, Math.ceil(n / 4) * ch + (unit.kind === "source" ? 0 : 16)];
    return { head, width: head[0] + (chip[0] ? 10 + chip[0] : 0), height: Math.max(head[1], chip[1]) };
  }

  /* Interval packing: each span [a, b] gets the first line whose spans all end before a. */
  function pack(spans, margin) {
    const ends = [];
    const lines = new Map();
    for (const [id, a, b] of [...spans].sort((p, q) => p[1] - q[1] || p[2] - q[2])) {
      let line = ends.findIndex((end) => end + margin < a);
      if (line < 0) line = ends.push(-Infinity) - 1;
      ends[line] = b;
      lines.set(id, line);
    }
    return { lines, count: ends.length };
  }

  /* Coordinates of everything, in the drawing's own units (the SVG scales them to its width). */
  function layout(spec, list, H, I, orientation) {
    const wide = orientation === "wide";
    const size = list.map((unit) => unitSize(unit, H, I, orientation));
    const producer = new Map(list.map((unit) => [unit.output, unit]));
    const readers = new Map();
    for (const unit of list) for (const name of unit.inputs) {
      if (!readers.has(name)) readers.set(name, []);
      readers.get(name).push(unit);
    }
    const outputs = spec.states.filter((name) => producer.has(name));
    // Along the main axis (x when wide, y when tall): one slot per unit.
    const start = [];
    let cursor = 0;
    list.forEach((unit, k) => {
      start.push(cursor);
      cursor += (wide ? size[k].width : size[k].height) + GAP[orientation];
    });
    const length = cursor - GAP[orientation];
    // Where a value leaves its unit (the riser, in the gap after it) and where each reader takes it.
    const riserAt = (unit) => start[unit.id] + (wide ? size[unit.id].width : size[unit.id].height) + 8;
    const tapAt = (unit, name) => {
      const n = unit.inputs.length, j = unit.inputs.indexOf(name);
      const [hw, hh] = size[unit.id].head;
      const extent = wide ? hw : hh;
      const centre = start[unit.id] + (wide ? size[unit.id].width : size[unit.id].height) / 2;
      return centre - extent / 2 + (extent * (j + 1)) / (n + 1);
    };
    const END = length + 30;
    const spans = [];
    for (const unit of list) {
      const taps = (readers.get(unit.output) || []).map((reader) => tapAt(reader, unit.output));
      if (!taps.length && !outputs.includes(unit.output)) continue;
      const a = riserAt(unit);
      spans.push([unit.output, a, outputs.includes(unit.output) ? END : Math.max(...taps)]);
    }
    const { lines, count } = pack(spans, 14);
    const trackGap = TRACK[orientation];
    const margin = 14;
    const across = (line) => margin + (count - 1 - line) * trackGap + (wide ? 18 : 4); // the track's cross-axis position
    const bandStart = margin + (count - 1) * trackGap + (wide ? 18 : 4) + 16;
    // Geometry of the units.
    const boxes = list.map((unit, k) => {
      const s = size[k];
      const along = start[k];
      if (wide) {
        const cx = along + s.width / 2;
        const headY = bandStart + (HEAD.wide[1] - s.head[1]) / 2;
        const chip = unit.field === null ? null : { x: cx - CELL.wide[0] / 2, y: bandStart + HEAD.wide[1] + 8, perRow: 1 };
        return { cx, cy: headY + s.head[1] / 2, w: s.head[0], h: s.head[1], chip };
      }
      const cy = along + s.height / 2;
      const x = bandStart;
      const chip = unit.field === null ? null : { x: x + s.head[0] + 10, y: along + (unit.kind === "source" ? 0 : 16), perRow: 4 };
      return { cx: x + s.head[0] / 2, cy, w: s.head[0], h: s.head[1], chip };
    });
    // Routes: one per (value, reader), and one to the edge for an output state.
    const point = (a, c) => (wide ? [a, c] : [c, a]);
    const routes = [];
    const edge = (box, side) => {
      // The point where a line along the cross axis meets the head: its top edge (wide) or left edge (tall).
      if (side === "out") return wide ? [box.cx + box.w / 2, box.cy] : [box.cx, box.cy + box.h / 2];
      return null;
    };
    for (const unit of list) {
      if (!lines.has(unit.output)) continue;
      const line = lines.get(unit.output);
      const track = across(line);
      const box = boxes[unit.id];
      const riser = riserAt(unit);
      const out = edge(box, "out");
      const stub = wide ? [riser, out[1]] : [out[0], riser];
      const head = [out, stub, point(riser, track)];
      for (const reader of readers.get(unit.output) || []) {
        const at = tapAt(reader, unit.output);
        const rb = boxes[reader.id];
        let end;
        if (wide) {
          const dx = at - rb.cx;
          end = reader.kind === "op" ? [at, rb.cy - Math.sqrt(Math.max(0, R * R - dx * dx))] : [at, rb.cy - rb.h / 2];
        } else {
          const dy = at - rb.cy;
          end = reader.kind === "op" ? [rb.cx - Math.sqrt(Math.max(0, R * R - dy * dy)), at] : [rb.cx - rb.w / 2, at];
        }
        routes.push({ value: unit.output, from: unit.id, to: reader.id, points: [...head, point(at, track), end], tap: point(at, track), last: false });
      }
      if (outputs.includes(unit.output)) {
        // Tall: each output goes down to its own row, then right to its name (the rightmost track ends first).
        const rank = outputs.filter((name) => lines.get(name) < line).length;
        const points = wide ? [...head, point(END, track)] : [...head, [track, END + rank * 22], [bandStart + 4, END + rank * 22]];
        routes.push({ value: unit.output, from: unit.id, to: null, points, output: true });
      }
    }
    // Junction dots: where a tap leaves a track that goes on past it.
    const dots = [];
    for (const route of routes) {
      if (!route.tap) continue;
      const span = spans.find(([id]) => id === route.value);
      const at = wide ? route.tap[0] : route.tap[1];
      if (at < span[2] - 0.5) dots.push(route.tap);
    }
    // Labels on tracks, where no line crosses them.
    const segments = [];
    for (const route of routes) for (let k = 1; k < route.points.length; k++) segments.push([route.points[k - 1], route.points[k]]);
    const labels = [];
    if (wide) {
      for (const [id, a, b] of spans) {
        const track = across(lines.get(id));
        const text = producer.get(id).field ? spec.fields.find((f) => f.name === id).label.text : producer.get(id).name;
        const width = textWidth(text);
        const box = [0, track - 19, width, 16]; // x, y, w, h of the label, above its track
        for (let x = a + 6; x + width <= Math.min(b, length + 20) - 4; x += 4) {
          box[0] = x;
          if (!segments.some((segment) => crosses(segment, box, 1.5)) && !labels.some((other) => overlaps(other.box, box))) {
            labels.push({ value: id, x, y: track - 7, text, box: [...box] });
            break;
          }
        }
      }
    }
    const outputLabels = outputs.map((name) => {
      const track = across(lines.get(name));
      const text = spec.fields.find((f) => f.name === name).label.text;
      if (wide) return { value: name, text, x: END + 8, y: track + 5 };
      const rank = outputs.filter((other) => lines.get(other) < lines.get(name)).length;
      return { value: name, text, x: bandStart + 10, y: END + rank * 22 + 5 };
    });
    let width, height;
    if (wide) {
      width = END + 46;
      height = bandStart + Math.max(...size.map((s) => s.height)) + 10;
    } else {
      width = bandStart + Math.max(...size.map((s) => s.width)) + 8;
      height = END + outputs.length * 22 + 6;
    }
    return { width, height, boxes, routes, dots, labels, outputLabels, orientation };
  }

  /* Does the segment come within `pad` of the box [x, y, w, h]? (Segments are horizontal or vertical.) */
  function crosses([[x1, y1], [x2, y2]], [x, y, w, h], pad) {
    const left = Math.min(x1, x2), right = Math.max(x1, x2), top = Math.min(y1, y2), bottom = Math.max(y1, y2);
    return right >= x - pad && left <= x + w + pad && bottom >= y - pad && top <= y + h + pad;
  }

  const overlaps = ([x, y, w, h], [a, b, c, d]) => x < a + c && a < x + w && y < b + d && b < y + h;

  // ---- 3. Building and updating ----------------------------------------------------------------

  const pathOf = (points) => points.map(([x, y], k) => `${k ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join(" ");

  /* The drawing of one cell at one size and orientation: a <g> to put in the <svg>. */
  function build(spec, H, I, orientation) {
    const list = units(spec);
    const geometry = layout(spec, list, H, I, orientation);
    const root = el("g", { class: `drawing ${orientation}`, "data-cell": spec.key });
    const tagged = [];
    const focusables = [];
    const tag = (node, steps) => {
      node.dataset.steps = steps.join(" ");
      if (steps.length) tagged.push([node, steps]);
      return node;
    };
    const wires = el("g", { class: "wires" }, root);
    const flows = el("g", { class: "flows" }, root);
    const byValue = new Map();
    for (const route of geometry.routes) {
      const reader = route.to === null ? null : list[route.to];
      const steps = reader ? reader.steps : list[route.from].steps;
      const path = tag(el("path", { d: pathOf(route.points), class: route.output ? "wire state" : "wire", "data-value": route.value,
        "marker-end": "url(#arrow)" }, wires), steps);
      route.node = path;
      if (!byValue.has(route.value)) byValue.set(route.value, []);
      byValue.get(route.value).push(route);
    }
    for (const [x, y] of geometry.dots) el("circle", { cx: x, cy: y, r: 3.2, class: "dot" }, wires);
    const unitsGroup = el("g", { class: "units" }, root);
    const chips = {};
    list.forEach((unit, k) => {
      const box = geometry.boxes[k];
      const g = tag(el("g", { class: `unit ${unit.kind}`, "data-unit": k, "data-field": unit.field || "", tabindex: -1, role: "img",
        "aria-label": unit.name }, unitsGroup), unit.steps);
      if (unit.kind === "op") {
        el("circle", { cx: box.cx, cy: box.cy, r: R, class: "head" }, g);
        el("text", { x: box.cx, y: box.cy + 5, "text-anchor": "middle", class: unit.symbol.length > 1 ? "symbol small" : "symbol" }, g)
          .textContent = unit.symbol;
      } else if (unit.kind === "oval") {
        el("ellipse", { cx: box.cx, cy: box.cy, rx: box.w / 2, ry: box.h / 2.6, class: "head" }, g);
        el("text", { x: box.cx, y: box.cy + 5, "text-anchor": "middle", class: "symbol" }, g).textContent = unit.symbol;
      } else {
        el("rect", { x: box.cx - box.w / 2, y: box.cy - box.h / 2, width: box.w, height: box.h, rx: unit.kind === "source" ? 16 : 8,
          class: "head" }, g);
        mathSVG(g, box.cx, box.cy + 5, unit.symbol, { "text-anchor": "middle", class: unit.kind === "box" ? "symbol" : "name" });
      }
      focusables.push({ node: g, unit });
      if (box.chip) {
        const chip = el("g", { class: "chip", "data-field": unit.field }, g);
        const length = spec.fields.find((f) => f.name === unit.field).input_sized ? I : H;
        const [cw, ch] = CELL[orientation];
        const cells = [];
        for (let c = 0; c < length; c++) {
          const x = box.chip.x + (c % box.chip.perRow) * cw, y = box.chip.y + Math.floor(c / box.chip.perRow) * ch;
          const rect = el("rect", { x, y, width: cw, height: ch, class: "cell", "data-index": c }, chip);
          const text = el("text", { x: x + cw / 2, y: y + 16, "text-anchor": "middle", class: "num" }, chip);
          cells.push({ rect, text });
        }
        if (unit.kind !== "source") {
          const label = spec.fields.find((f) => f.name === unit.field).label.text;
          if (orientation === "wide") mathSVG(chip, box.cx, box.chip.y + Math.ceil(length) * ch + 15, label, { "text-anchor": "middle", class: "caption" });
          else mathSVG(chip, box.chip.x, box.chip.y - 4, label, { class: "caption" });
        }
        chips[unit.field] = { cells, gate: isGate(spec, unit.field), bounded: isBounded(spec, unit.field) };
      }
    });
    const labelsGroup = el("g", { class: "labels" }, root);
    for (const label of [...geometry.labels, ...geometry.outputLabels]) {
      const routes = byValue.get(label.value) || [];
      const steps = [...new Set(routes.flatMap((route) => route.node.dataset.steps.split(" ").filter(Boolean).map(Number)))];
      tag(mathSVG(labelsGroup, label.x, label.y, label.text, { class: "label", "data-value": label.value }), steps);
    }
    // The wires are focusable too (one stop per value), after the units.
    for (const [value, routes] of byValue) {
      const unit = list.find((u) => u.output === value);
      const hit = el("path", { d: routes.map((route) => pathOf(route.points)).join(" "), class: "hit", tabindex: -1, role: "img",
        "aria-label": `the line carrying ${unit.name}`, "data-value": value }, wires);
      focusables.push({ node: hit, unit, wire: true });
    }
    if (focusables.length) focusables[0].node.setAttribute("tabindex", "0");
    return { root, chips, tagged, focusables, routes: geometry.routes, flows, list, spec, H, I, orientation,
      width: geometry.width, height: geometry.height };
  }

  const isGate = (spec, name) => spec.gates.includes(name);
  const isBounded = (spec, name) => {
    const field = spec.fields.find((f) => f.name === name);
    return Boolean(field && field.bounds);
  };

  /* The arrowhead of the wires: one <marker> in the SVG, shared by every drawing. */
  function arrowhead(svg) {
    const defs = el("defs", {}, svg);
    const marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 4, markerHeight: 4,
      orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }, marker);
  }

  /* Show `drawing` in `svg`, alone: the other drawings are taken out of the SVG (the page keeps them for
   * a quick switch back). Kept in it, even hidden, every one of them would be laid out anew whenever the
   * viewBox changes, which it does with the cell and its size. */
  function show(svg, drawing) {
    if (!svg.querySelector(":scope > defs")) arrowhead(svg);
    for (const root of svg.querySelectorAll(":scope > .drawing")) if (root !== drawing.root) root.remove();
    if (drawing.root.parentNode !== svg) svg.append(drawing.root);
    drawing.root.classList.add("shown");
    setAttribute(svg, "viewBox", `0 0 ${Math.ceil(drawing.width)} ${Math.ceil(drawing.height)}`);
    svg.style.maxWidth = `${Math.ceil(drawing.width * (drawing.orientation === "wide" ? 1.25 : 1.4))}px`;
    svg.style.aspectRatio = `${Math.ceil(drawing.width)} / ${Math.ceil(drawing.height)}`;
    svg.dataset.orientation = drawing.orientation;
  }

  /* The value of a unit (a field, or a product / 1 − z made from fields) in `trace`. */
  function valueOf(unit, trace) {
    if (unit.field) return trace[unit.field];
    if (unit.symbol === "1−") return trace[unit.inputs[0]].map((v) => 1 - v);
    const factors = unit.term.map((name) => (name.startsWith("1-") ? trace[name.slice(2)].map((v) => 1 - v) : trace[name]));
    return factors.reduce((product, next) => product.map((p, k) => p * next[k]));
  }

  /* New numbers and colours; which step is current. Returns the number cells whose text changed. */
  function update(drawing, trace, decimals, step, component, scales = {}) {
    const { formatNumber } = TinyRNN.render;
    const changed = [];
    for (const [field, chip] of Object.entries(drawing.chips)) {
      const values = trace[field];
      const scale = chip.bounded ? 1 : scales[field] || 1;
      chip.cells.forEach(({ rect, text }, k) => {
        const { fill, ink } = colour(values[k], chip.gate, scale);
        setAttribute(rect, "fill", fill);
        setAttribute(text, "fill", ink);
        if (setText(text, formatNumber(values[k], decimals))) changed.push(rect);
        rect.classList.toggle("picked", field !== "x" && k === component);
      });
    }
    for (const [node, steps] of drawing.tagged) {
      node.classList.toggle("current", steps.includes(step));
      node.classList.toggle("later", steps.every((s) => s > step));
    }
    return changed;
  }

  /* Draw the flow into the current step: each line feeding one of its units, traced from where the
   * value is made to where it is read (CSS animates it; not at all under prefers-reduced-motion). */
  function flow(drawing, step) {
    const paths = drawing.routes.filter((route) => route.to !== null && drawing.list[route.to].steps.includes(step))
      .map((route) => {
        const path = el("path", { d: route.node.getAttribute("d"), class: "flow", pathLength: 100 });
        return path;
      });
    drawing.flows.replaceChildren(...paths);
    return paths.length;
  }

  TinyRNN.diagram = { build, show, update, flow, units, layout, valueOf, words, setText, colour, mathHTML, parts, FUNCTION_SYMBOL };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
