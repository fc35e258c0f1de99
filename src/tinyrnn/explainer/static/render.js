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

  function describe(trace, data) {
    const H = trace.h.length, I = trace.x.length;
    const sizes = `input_size = ${I}, hidden_size = ${H}`;
    const lstm = trace.type === "LSTMStep";
    const title = lstm ? `LSTM step (${sizes})` : `GRU step (${sizes}, variant '${trace.variant}')`;
    const steps = data.steps[lstm ? "lstm" : "gru-" + trace.variant];
    const given = data.given[trace.type].map((row) => [row.label, trace[row.field]]);
    return { title, note: "computed in full precision", given, steps };
  }

  function rows(trace, step) {
    return step.rows.filter((row) => trace[row.field] !== null).map((row) => [row.label, trace[row.field]]);
  }

  const heading = (step) => `Step ${step.number}: ${step.title}`;

  function markdown(trace, decimals, data) {
    const { title, note, given, steps } = describe(trace, data);
    const out = [`**${title}** — ${note}; shown to ${decimals} decimals.`, "", "| Given | Value |", "|:--|:--|"];
    for (const [label, v] of given) out.push(`| $${label}$ | ${formatVector(v, decimals)} |`);
    for (const step of steps) {
      out.push("", `**${heading(step)}**`, "");
      for (const formula of step.formulas) out.push(`$$${formula}$$`);
      out.push("", "| Quantity | Value |", "|:--|:--|");
      for (const [label, v] of rows(trace, step)) out.push(`| $${label}$ | ${formatVector(v, decimals)} |`);
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

  function latex(trace, decimals, data) {
    const { title, note, given, steps } = describe(trace, data);
    const shownTitle = latexText(title).replace(/'([^']*)'/g, "\\texttt{$1}");
    const out = [...LATEX_HEAD, `\\noindent\\textbf{${shownTitle}}\\\\`, `${latexText(note)}; shown to ${decimals} decimals`, ""];
    const givenRows = given.map(([label, v]) => [label, latexVector(v, decimals)]);
    out.push("\\noindent\\textbf{Given}", "\\begin{center}", latexBlock(givenRows), "\\end{center}");
    for (const step of steps) {
      out.push("", `\\noindent\\textbf{${latexText(heading(step))}}`, "\\begin{center}");
      const formulas = step.formulas.map((f) => { const k = f.indexOf(" = "); return [f.slice(0, k), f.slice(k + 3)]; });
      out.push(latexBlock(formulas) + "\\\\[1ex]");
      out.push(latexBlock(rows(trace, step).map(([label, v]) => [label, latexVector(v, decimals)])), "\\end{center}");
    }
    return out.join("\n");
  }

  // ---- Term by term: explain_preactivation(cell, trace, gate, index, decimals) ----------

  /* A term's number: at most `decimals` decimals, no trailing zeros, negatives in parentheses. */
  function term(value, decimals) {
    let text = formatNumber(value, decimals);
    if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
    return text.startsWith("-") ? `(${text})` : text;
  }

  function sumTerms(weights, inputs, decimals) {
    return weights.map((w, k) => `${term(w, decimals)}·${term(inputs[k], decimals)}`).join(" + ");
  }

  const GATE_PARAMS = {
    LSTMStep: { f: ["W_f", "b_f"], i: ["W_i", "b_i"], c_tilde: ["W_c", "b_c"], o: ["W_o", "b_o"] },
    GRUStep: { r: ["W_r", "b_r"], z: ["W_z", "b_z"], h_tilde: ["W_h", "b_h"] },
  };

  function explainPreactivation(params, trace, gate, index, decimals) {
    const result = formatNumber(trace[gate + "_pre"][index], decimals);
    if (trace.variant === "pytorch") {
      const suffix = { r: "r", z: "z", h_tilde: "n" }[gate];
      const W_i = params["W_i" + suffix][index], b_i = params["b_i" + suffix][index];
      const W_h = params["W_h" + suffix][index], b_h = params["b_h" + suffix][index];
      const xPart = `${sumTerms(W_i, trace.x, decimals)} + ${term(b_i, decimals)}`;
      const hPart = `${sumTerms(W_h, trace.h_prev, decimals)} + ${term(b_h, decimals)}`;
      const k = index;
      if (gate === "h_tilde") {
        const r = term(trace.r[k], decimals);
        return `W_in[${k}]·x_t + b_in[${k}] + r_t[${k}]·(W_hn[${k}]·h_{t-1} + b_hn[${k}]) = ` +
          `${xPart} + ${r}·(${hPart}) = ${result}`;
      }
      const lhs = `W_i${suffix}[${k}]·x_t + b_i${suffix}[${k}] + W_h${suffix}[${k}]·h_{t-1} + b_h${suffix}[${k}]`;
      return `${lhs} = ${xPart} + ${hPart} = ${result}`;
    }
    const [W_key, b_key] = GATE_PARAMS[trace.type][gate];
    const candidate = gate === "h_tilde";
    const inputs = (candidate ? trace.r_h_prev : trace.h_prev).concat(trace.x);
    const label = candidate ? "[r_t ⊙ h_{t-1}, x_t]" : "[h_{t-1}, x_t]";
    const shown = W_key === "W_c" ? "W_C" : W_key;
    return `${shown}[${index}] · ${label} + ${shown.replace("W", "b")}[${index}] = ` +
      `${sumTerms(params[W_key][index], inputs, decimals)} + ${term(params[b_key][index], decimals)} = ${result}`;
  }

  TinyRNN.render = { fixed, formatNumber, formatVector, markdown, latex, term, explainPreactivation };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
