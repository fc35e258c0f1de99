/* Numbers and exports written exactly as src/tinyrnn/render.py writes them.
 *
 * The step tables (titles, formulas in LaTeX, rows) come from Python in the
 * page's data block, so only the writers live here: format_number,
 * format_vector, the Markdown and LaTeX renderers, and explain_preactivation.
 */
(function (TinyRNN) {
  "use strict";

  /* Python's f"{value:.{d}f}": the exact binary value rounded half to even. (JavaScript's
   * toFixed rounds an exact tie away from zero, so ties are detected and rounded to even.) */
  function fixed(value, decimals) {
    const negative = value < 0 || Object.is(value, -0);
    const size = Math.abs(value);
    let text;
    if (size >= 1e21) {
      text = BigInt(size).toString() + (decimals > 0 ? "." + "0".repeat(decimals) : "");
    } else {
      text = size.toFixed(decimals);
      // Only a value within a hair of a tie needs the exact digits (toFixed(100) is slow): size·10^d is
      // off by at most a few units in its last place from the exact product, far below this margin.
      const scaled = size * 10 ** decimals;
      const farFromTie = Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-9 * Math.max(1, scaled);
      if (farFromTie) return (negative ? "-" : "") + text;
      const exact = size.toFixed(100); // every double below 1e21 that can be a tie is exact to 100 places
      const point = exact.indexOf(".");
      const rest = exact.slice(point + 1 + decimals);
      if (rest[0] === "5" && /^0*$/.test(rest.slice(1))) {
        const kept = exact.slice(0, decimals > 0 ? point + 1 + decimals : point);
        const last = Number(kept[kept.length - 1]);
        if (last % 2 === 0) text = kept; // half to even: keep the even digit, toFixed rounded up
      }
    }
    return (negative ? "-" : "") + text;
  }

  /* format_number: fixed decimals; a rounded negative zero loses its sign. */
  function formatNumber(value, decimals) {
    const text = fixed(value, decimals);
    return text.startsWith("-") && /^[-0.]*$/.test(text) ? text.slice(1) : text;
  }

  function formatVector(values, decimals) {
    return "[" + values.map((v) => formatNumber(v, decimals)).join(", ") + "]";
  }

  // ---- Trace renderers: render(trace, "markdown" | "latex", decimals) -----------------

  /* Python's repr of an option's value: 'colah', True, 3. */
  const repr = (value) => (typeof value === "string" ? `'${value}'` : typeof value === "boolean" ? (value ? "True" : "False") : String(value));

  function describe(spec, trace) {
    const H = trace.h_prev.length, I = trace.x.length;
    const options = spec.option_words.map((words) => `, ${words}`).join("");
    const title = `${spec.title} (input_size = ${I}, hidden_size = ${H}${options})`;
    const given = spec.fields.filter((field) => field.rule === null).map((field) => [field.label.latex, trace[field.name]]);
    const label = Object.fromEntries(spec.fields.map((field) => [field.name, field.label.latex]));
    const steps = spec.steps.map((step) => ({
      heading: `Step ${step.number}: ${step.title.latex}`,
      formulas: step.formulas.map((formula) => formula.latex),
      rows: step.fields.filter((name) => trace[name] != null).map((name) => [label[name], trace[name]]),
    }));
    return { title, note: "computed in full precision", given, steps };
  }

  function markdown(spec, trace, decimals) {
    const { title, note, given, steps } = describe(spec, trace);
    const out = [`**${title}** — ${note}; shown to ${decimals} decimals.`, "", "| Given | Value |", "|:--|:--|"];
    for (const [label, v] of given) out.push(`| $${label}$ | ${formatVector(v, decimals)} |`);
    for (const step of steps) {
      out.push("", `**${step.heading}**`, "");
      for (const formula of step.formulas) out.push(`$$${formula}$$`);
      out.push("", "| Quantity | Value |", "|:--|:--|");
      for (const [label, v] of step.rows) out.push(`| $${label}$ | ${formatVector(v, decimals)} |`);
    }
    return out.join("\n");
  }

  // Escape "_" for LaTeX text mode, but not inside $…$ (where it is a subscript): as render._latex_text.
  const latexText = (text) =>
    text.split("$").map((part, k) => (k % 2 ? part : part.replaceAll("_", "\\_"))).join("$");

  // As render._latex: headings in text, each block of rows an aligned, scaled down only if wider than the line.
  const LATEX_HEAD = [
    "% Written by tinyrnn. As a fragment it needs \\usepackage{amsmath,graphicx} (or use --standalone).",
    "\\providecommand{\\tinyrnnfit}[1]{\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{#1}}",
  ];
  const LATEX_CHUNK = 6;

  function latexVector(values, decimals) {
    const numbers = values.map((v) => formatNumber(v, decimals));
    const lines = [];
    for (let k = 0; k < numbers.length; k += LATEX_CHUNK) lines.push(numbers.slice(k, k + LATEX_CHUNK).join(", "));
    return "[" + lines.join(",\\\\ &\\phantom{{}=[}") + "]";
  }

  const latexBlock = (rows) =>
    ["\\tinyrnnfit{$\\displaystyle\\begin{aligned}", rows.map(([l, r]) => `${l} &= ${r}`).join("\\\\\n"),
      "\\end{aligned}$}"].join("\n");

  function latex(spec, trace, decimals) {
    const { title, note, given, steps } = describe(spec, trace);
    const shownTitle = latexText(title).replace(/'([^']*)'/g, "\\texttt{$1}");
    const out = [...LATEX_HEAD, `\\noindent\\textbf{${shownTitle}}\\\\`, `${latexText(note)}; shown to ${decimals} decimals`, ""];
    out.push("\\noindent\\textbf{Given}", "\\begin{center}", latexBlock(given.map(([label, v]) => [label, latexVector(v, decimals)])), "\\end{center}");
    for (const step of steps) {
      out.push("", `\\noindent\\textbf{${latexText(step.heading)}}`, "\\begin{center}");
      const formulas = step.formulas.map((f) => { const k = f.indexOf(" = "); return [f.slice(0, k), f.slice(k + 3)]; });
      out.push(latexBlock(formulas) + "\\\\[1ex]");
      out.push(latexBlock(step.rows.map(([label, v]) => [label, latexVector(v, decimals)])), "\\end{center}");
    }
    return out.join("\n");
  }

  // ---- Term by term: tinyrnn.render.explain_preactivation, from the description's Affine rule ----------

  /* A term's number: at most `decimals` decimals, no trailing zeros, negatives in parentheses. */
  function term(value, decimals) {
    let text = formatNumber(value, decimals);
    if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
    return text.startsWith("-") ? `(${text})` : text;
  }

  function sumTerms(weights, inputs, decimals) {
    return weights.map((w, k) => `${term(w, decimals)}·${term(inputs[k], decimals)}`).join(" + ");
  }

  /* Each pre-activation a student can be asked for, by its gate: {f: "f_pre", …, hn: "hn"} (render.pre_activations). */
  function preActivations(spec) {
    const affine = spec.fields.filter((f) => f.rule && f.rule.type === "Affine").map((f) => f.name);
    const out = {};
    for (const f of spec.fields) {
      if (f.rule && f.rule.type === "Activation" && affine.includes(f.rule.field)) out[f.name] = f.rule.field;
    }
    const squashed = new Set(Object.values(out));
    for (const name of affine) if (!squashed.has(name)) out[name] = name;
    return out;
  }

  function terms(spec, rule, trace, params, k, decimals) {
    const weightText = (name) => spec.weights.find((w) => w.name === name).label.text;
    const field = (name) => spec.fields.find((f) => f.name === name);
    const symbols = [], numbers = [];
    for (const part of rule.parts) {
      if (part.type === "Bias") {
        symbols.push(`${weightText(part.weight)}[${k}]`);
        numbers.push(term(params[part.weight][k], decimals));
      } else if (part.type === "MatVec") {
        const labels = part.inputs.map((name) => field(name).label.text);
        const shown = labels.length > 1 ? ` · [${labels.join(", ")}]` : `·${labels[0]}`;
        const inputs = [].concat(...part.inputs.map((name) => trace[name]));
        symbols.push(`${weightText(part.weight)}[${k}]${shown}`);
        numbers.push(sumTerms(params[part.weight][k], inputs, decimals));
      } else if (part.type === "Hadamard") {
        const [left, right] = [part.left, part.right].map((name) => {
          if (Object.prototype.hasOwnProperty.call(params, name)) return [`${weightText(name)}[${k}]`, term(params[name][k], decimals)];
          const f = field(name);
          if (f.rule && f.rule.type === "Affine") {
            const [s, n] = terms(spec, f.rule, trace, params, k, decimals);
            return [`(${s.join(" + ")})`, `(${n.join(" + ")})`];
          }
          return [f.component.replaceAll("{k}", String(k)), term(trace[name][k], decimals)];
        });
        symbols.push(`${left[0]}·${right[0]}`);
        numbers.push(`${left[1]}·${right[1]}`);
      } else {
        const [s, n] = terms(spec, part, trace, params, k, decimals);
        symbols.push(...s);
        numbers.push(...n);
      }
    }
    return [symbols, numbers];
  }

  /* explain_preactivation(cell, trace, gate, index, decimals=…): "W_f[0] · [h_{t-1}, x_t] + b_f[0] = … = 0.60". */
  function explainPreactivation(spec, params, trace, gate, index, decimals) {
    const pre = preActivations(spec)[gate];
    const rule = spec.fields.find((f) => f.name === pre).rule;
    const [symbols, numbers] = terms(spec, rule, trace, params, index, decimals);
    return `${symbols.join(" + ")} = ${numbers.join(" + ")} = ${formatNumber(trace[pre][index], decimals)}`;
  }

  TinyRNN.render = { fixed, formatNumber, formatVector, markdown, latex, term, explainPreactivation, preActivations };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
