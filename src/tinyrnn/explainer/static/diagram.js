/* The SVG diagram of a cell: gates, the state paths, the ⊙ and + nodes, a coloured chip per vector.
 *
 * Built once per cell with DOM calls only, resized in place when H or I
 * change, and updated in place on every recomputation: a chip's numbers and
 * colours, and which step is highlighted. Every element carries the step(s) of the slides it belongs
 * to; inputs carry none and are never dimmed.
 */
(function (TinyRNN) {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const CELL_W = 54, CELL_H = 22;
  const GATES = new Set(["f", "i", "o", "r", "z"]);

  // ---- Colours: 0…1 for gates, −1…1 for everything else ----------------------------

  const mix = (a, b, t) => a.map((v, k) => Math.round(v + (b[k] - v) * t));
  const WHITE = [247, 247, 247], TEAL = [16, 112, 96], BLUE = [33, 102, 172], RED = [178, 24, 43];

  function colour(value, field) {
    let rgb;
    if (GATES.has(field)) {
      rgb = mix(WHITE, TEAL, Math.min(1, Math.max(0, value)));
    } else {
      const t = Math.min(1, Math.max(-1, value));
      rgb = t < 0 ? mix(WHITE, BLUE, -t) : mix(WHITE, RED, t);
    }
    const luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
    return { fill: `rgb(${rgb.join(",")})`, ink: luminance > 0.55 ? "#111" : "#fff" };
  }

  // ---- Text with subscripts: "h_{t-1}" → h + subscript t-1 --------------------------

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
   * element already holds text of the same shape (e.g. W_f[0] → W_i[1]) only the words change:
   * no new node, so nothing to restyle. */
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

  /* Write only what changed: an unchanged number or colour then costs no style, layout or paint. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
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
    for (const [piece, sub] of parts(text)) {
      const span = el("tspan", sub ? { class: "sub", "baseline-shift": "sub" } : {}, node);
      span.textContent = piece;
    }
    return node;
  }

  // ---- The layouts: coordinates in a 960 × 530 box ------------------------------------

  /* LSTM, as on colah's diagram: C runs along the top, [h_{t-1}, x_t] along the bottom. */
  function lstmSpec() {
    return {
      body: [100, 40, 760, 410],
      wires: [
        ["M20,90 H238", []], ["M262,90 H478", [3]], ["M502,90 H950", [3], true], ["M780,90 V144", [4], true],
        ["M20,400 H150", []], ["M150,525 V400", []], ["M150,400 H640", []],
        ["M250,400 V274", [1], true], ["M370,400 V274", [2], true], ["M490,400 V274", [2], true],
        ["M640,400 V274", [4], true],
        ["M250,226 V102", [1], true], ["M370,226 V160 H478", [2], true], ["M490,226 V172", [2], true],
        ["M490,148 V102", [3], true], ["M668,250 H768", [4], true], ["M780,176 V238", [4], true],
        ["M792,250 H950", [4], true],
      ],
      dots: [[150, 400]],
      nodes: [[250, 90, "⊙", [3]], [490, 90, "+", [3]], [490, 160, "⊙", [3]], [780, 250, "⊙", [4]]],
      boxes: [
        [250, 250, "σ", "f_t", [1]], [370, 250, "σ", "i_t", [2]], [490, 250, "tanh", "C̃_t", [2]],
        [640, 250, "σ", "o_t", [4]],
      ],
      ovals: [[780, 160, "tanh", [4]]],
      labels: [[160, 392, "[h_{t-1}, x_t]", []]],
      chips: [
        ["c_prev", 24, 112, "C_{t-1}", "above", []], ["h_prev", 24, 300, "h_{t-1}", "above", []],
        ["x", 158, 412, "x_t", "right", []],
        ["f", 258, 298, "f_t", "above", [1]], ["i", 378, 298, "i_t", "above", [2]],
        ["c_tilde", 498, 298, "C̃_t", "above", [2]], ["o", 648, 298, "o_t", "above", [4]],
        ["tanh_c", 818, 124, "tanh(C_t)", "above", [4]],
        ["c", 892, 112, "C_t", "above", [3]], ["h", 892, 272, "h_t", "above", [4]],
      ],
    };
  }

  /* GRU: h runs along the top; r and z read [h_{t-1}, x_t]; the candidate reads [r ⊙ h_{t-1}, x_t]. */
  function gruSpec(variant) {
    const pytorch = variant === "pytorch";
    const oldWeight = variant === "colah" ? "1−z" : "z"; // what multiplies h_{t-1} in step 4
    const wires = [
      ["M20,90 H358", []], ["M382,90 H628", [4]], ["M652,90 H950", [4], true],
      ["M150,90 V420", []], ["M150,525 V420", []], ["M150,420 H370", []],
      ["M250,420 V294", [1], true], ["M370,420 V294", [2], true],
      ["M250,246 V212", [1], true],
      ["M262,200 H570 V270", [3]], ["M150,480 H570 V270", [3]], ["M570,270 H612", [3], true],
      ["M640,246 V162", [3], true], ["M640,138 V102", [4], true],
    ];
    const nodes = [[370, 90, "⊙", [4]], [640, 90, "+", [4]], [250, 200, "⊙", [3]], [640, 150, "⊙", [4]]];
    const boxes = [[250, 270, "σ", "r_t", [1]], [370, 270, "σ", "z_t", [2]], [640, 270, "tanh", "h̃_t", [3]]];
    const labels = [];
    const chips = [
      ["h_prev", 24, 112, "h_{t-1}", "above", []], ["x", 88, 436, "x_t", "above", []],
      ["r", 258, 318, "r_t", "above", [1]], ["z", 378, 318, "z_t", "above", [2]],
      ["h_tilde", 648, 318, "h̃_t", "above", [3]], ["h", 892, 112, "h_t", "above", [4]],
    ];
    if (oldWeight === "1−z") {
      wires.push(["M370,246 V137", [2]], ["M370,113 V102", [4], true], ["M370,150 H628", [2], true]);
      nodes.push([370, 125, "1−", [4]]);
    } else {
      wires.push(["M370,246 V102", [2], true], ["M370,150 H470", [2]], ["M494,150 H628", [4], true]);
      nodes.push([482, 150, "1−", [4]]);
    }
    if (pytorch) {
      wires.push(["M250,90 V124", [3], true], ["M250,156 V188", [3], true]);
      boxes.push([250, 140, "W_{hn} h + b_{hn}", "", [3], 124]);
      nodes.push([570, 270, "+", [3]]);
      labels.push([400, 472, "W_{in} x_t + b_{in}", [3]], [300, 192, "r_t ⊙ (W_{hn} h_{t-1} + b_{hn})", [3]]);
      chips.push(["hn", 174, 164, "", "above", [3]]);
    } else {
      wires.push(["M250,90 V188", [3], true]);
      labels.push([400, 472, "x_t", [3]], [440, 192, "r_t ⊙ h_{t-1}", [3]]);
      chips.push(["r_h_prev", 444, 210, "", "above", [3]]);
    }
    return { body: [100, 40, 760, 410], wires, dots: pytorch ? [[150, 420], [150, 480]] : [[150, 420], [150, 480], [570, 270]], nodes, boxes,
      ovals: [], labels, chips };
  }

  // ---- Building and updating ------------------------------------------------------------

  /* The drawing of one cell, in a <g> not yet on the page: show() puts it in the <svg>, resize() fits
   * its chips to H and I. A page keeps one drawing per cell and switches between them. */
  function build(cell, H, I) {
    const root = el("g", { class: "drawing", "data-cell": cell });

    const spec = cell === "lstm" ? lstmSpec() : gruSpec(cell.slice(4));
    const tagged = [];
    const tag = (node, steps) => {
      node.dataset.steps = steps.join(" ");
      if (steps.length) tagged.push([node, steps]);
      return node;
    };
    const [bx, by, bw, bh] = spec.body;
    el("rect", { x: bx, y: by, width: bw, height: bh, rx: 18, class: "body" }, root);
    for (const [d, steps, arrow] of spec.wires) {
      tag(el("path", { d, class: "wire", ...(arrow ? { "marker-end": "url(#arrow)" } : {}) }, root), steps);
    }
    for (const [x, y] of spec.dots) el("circle", { cx: x, cy: y, r: 4, class: "dot" }, root);
    for (const [x, y, symbol, steps] of spec.nodes) {
      const g = tag(el("g", { class: "node" }, root), steps);
      el("circle", { cx: x, cy: y, r: 12 }, g);
      el("text", { x, y: y + 5, "text-anchor": "middle", class: symbol.length > 1 ? "small" : "" }, g).textContent = symbol;
    }
    for (const [x, y, symbol, name, steps, width = 56] of spec.boxes) {
      const g = tag(el("g", { class: "box" }, root), steps);
      el("rect", { x: x - width / 2, y: y - 24, width, height: 48, rx: 8 }, g);
      if (name) {
        mathSVG(g, x, y - 2, symbol, { "text-anchor": "middle", class: "symbol" });
        mathSVG(g, x, y + 16, name, { "text-anchor": "middle", class: "name" });
      } else {
        mathSVG(g, x, y + 5, symbol, { "text-anchor": "middle", class: "name" });
      }
    }
    for (const [x, y, symbol, steps] of spec.ovals) {
      const g = tag(el("g", { class: "box" }, root), steps);
      el("ellipse", { cx: x, cy: y, rx: 30, ry: 16 }, g);
      el("text", { x, y: y + 5, "text-anchor": "middle", class: "name" }, g).textContent = symbol;
    }
    for (const [x, y, text, steps] of spec.labels) tag(mathSVG(root, x, y, text, { class: "label" }), steps);

    const chips = {};
    for (const [field, x, y, label, where, steps] of spec.chips) {
      const g = tag(el("g", { class: "chip", "data-field": field }, root), steps);
      if (label) {
        if (where === "right") mathSVG(g, x + CELL_W + 6, y + 16, label, { class: "label" });
        else mathSVG(g, x, y - 6, label, { class: "label" });
      }
      chips[field] = { group: g, x, y, cells: [] };
    }
    const drawing = { root, chips, tagged };
    resize(drawing, H, I);
    return drawing;
  }

  /* The arrowhead of the wires: one <marker> in the SVG, shared by every drawing. */
  function arrowhead(svg) {
    const defs = el("defs", {}, svg);
    const marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 4.5, markerHeight: 4.5,
      orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }, marker);
  }

  /* Show `drawing` in `svg`. A drawing once shown stays in the SVG, hidden (visibility, which keeps its
   * layout) while another cell is shown: switching back lays out only the numbers that changed. */
  function show(svg, drawing) {
    if (!svg.querySelector(":scope > defs")) arrowhead(svg);
    if (drawing.root.parentNode !== svg) svg.append(drawing.root);
    for (const root of svg.querySelectorAll(":scope > .drawing")) {
      const shown = root === drawing.root;
      root.classList.toggle("shown", shown);
      if (shown) root.removeAttribute("visibility");
      else root.setAttribute("visibility", "hidden");
    }
  }

  /* One number cell per component: H for every vector, I for x_t. */
  function resize(drawing, H, I) {
    for (const [field, chip] of Object.entries(drawing.chips)) {
      const { group, x, y, cells } = chip;
      const length = field === "x" ? I : H;
      for (let k = cells.length; k < length; k++) {
        const rect = el("rect", { x, y: y + k * CELL_H, width: CELL_W, height: CELL_H, class: "cell" }, group);
        const text = el("text", { x: x + CELL_W / 2, y: y + k * CELL_H + 16, "text-anchor": "middle", class: "num" }, group);
        rect.dataset.index = String(k);
        cells.push({ rect, text });
      }
      for (const { rect, text } of cells.splice(length)) {
        rect.remove();
        text.remove();
      }
    }
  }

  function update(diagram, trace, decimals, step, component) {
    const { formatNumber } = TinyRNN.render;
    for (const [field, chip] of Object.entries(diagram.chips)) {
      const values = trace[field];
      chip.cells.forEach(({ rect, text }, k) => {
        const { fill, ink } = colour(values[k], field);
        setAttribute(rect, "fill", fill);
        setAttribute(text, "fill", ink);
        setText(text, formatNumber(values[k], decimals));
        rect.classList.toggle("picked", field !== "x" && k === component);
      });
    }
    for (const [node, steps] of diagram.tagged) {
      node.classList.toggle("current", steps.includes(step));
      node.classList.toggle("later", steps.every((s) => s > step));
    }
  }

  TinyRNN.diagram = { build, show, resize, update, setText, colour, mathHTML, parts, GATES };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
