/* Draw a cell for the docs with the RNN Explainer's own diagram.js: a static, labelled SVG.
 *
 *     node cell_diagram.js STATIC_DIR < request.json > drawings.json
 *
 * request: {spec, trace, H, I, decimals, fontSizes: [[classes, px], ...]}. The explainer's
 * build() and update() run unchanged on a tiny stand-in for the DOM (the few calls they make:
 * createElementNS, setAttribute, append, textContent, dataset, classList); the result is
 * serialised with the interactive parts left out (focus stops, hit areas, animation layer).
 * Answer: {wide: "<g>…</g>", tall: …, sizes: {wide: [w, h], tall: [w, h]}}.
 * cell_diagram.py (the Sphinx extension) runs this at build time.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

class Element {
  constructor(name) {
    this.name = name;
    this.attributes = new Map();
    this.children = [];
    this.text = null;
    const element = this;
    this.dataset = new Proxy({}, {
      get: (_, key) => element.attributes.get(`data-${key}`),
      set: (_, key, value) => (element.attributes.set(`data-${key}`, String(value)), true),
    });
    this.classList = {
      toggle(name, on) {
        const names = new Set((element.getAttribute("class") || "").split(" ").filter(Boolean));
        if (on) names.add(name); else names.delete(name);
        element.setAttribute("class", [...names].join(" "));
      },
      add(name) { this.toggle(name, true); },
    };
  }
  setAttribute(key, value) { this.attributes.set(key, String(value)); }
  getAttribute(key) { return this.attributes.has(key) ? this.attributes.get(key) : null; }
  append(...nodes) { this.children.push(...nodes); }
  replaceChildren(...nodes) { this.children = nodes; }
  get textContent() { return this.text !== null ? this.text : this.children.map((c) => c.textContent).join(""); }
  set textContent(value) { this.text = String(value); this.children = []; }
}

const document = { createElementNS: (_, name) => new Element(name) };
const context = vm.createContext({ document });
const staticDir = process.argv[2];
for (const name of ["render.js", "diagram.js"]) {
  vm.runInContext(fs.readFileSync(path.join(staticDir, name), "utf8"), context, { filename: name });
}
const { diagram } = context.TinyRNN;

const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const INTERACTIVE = ["tabindex", "role", "aria-label", "data-steps", "data-unit", "data-index", "data-value", "data-field", "data-cell"];

function serialise(node, fontSizes) {
  const classes = (node.getAttribute("class") || "").split(" ");
  if (classes.includes("hit") || classes.includes("flows")) return "";
  if (node.name === "text" || node.name === "tspan") {
    const size = fontSizes.find(([wanted]) => wanted.split(" ").every((c) => classes.includes(c)));
    if (size) node.setAttribute("font-size", size[1]);
  }
  const attributes = [...node.attributes].filter(([key]) => !INTERACTIVE.includes(key))
    .map(([key, value]) => ` ${key}="${escape(value)}"`).join("");
  const inner = node.text !== null ? escape(node.text) : node.children.map((child) => serialise(child, fontSizes)).join("");
  return `<${node.name}${attributes}>${inner}</${node.name}>`;
}

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const answer = { sizes: {} };
for (const orientation of ["wide", "tall"]) {
  const drawing = diagram.build(request.spec, request.H, request.I, orientation);
  diagram.update(drawing, request.trace, request.decimals, Infinity, -1);
  answer[orientation] = serialise(drawing.root, request.fontSizes);
  answer.sizes[orientation] = [Math.ceil(drawing.width), Math.ceil(drawing.height)];
}
process.stdout.write(JSON.stringify(answer));
