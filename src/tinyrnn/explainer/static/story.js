/* The story of a step: plain sentences about what each gate and state does, from the numbers on screen.
 *
 * Nothing here names a cell: what a field does is read from the rules of the
 * description (where a gate is multiplied, what a sum of products adds up),
 * and a gate's words for "closed" and "open" come from the description too
 * (when_low / when_high). tell() returns, per field of the step, two or three
 * sentences for component k.
 */
(function (TinyRNN) {
  "use strict";

  const pct = (v) => `${Math.round(v * 100)}%`;
  const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

  function tell(spec, trace, step, k, decimals) {
    const { formatNumber } = TinyRNN.render;
    const n = (v) => formatNumber(v, decimals);
    const field = Object.fromEntries(spec.fields.map((f) => [f.name, f]));
    const comp = (name) => (name.startsWith("1-") ? `(1 − ${comp(name.slice(2))})` : (field[name].component || `${field[name].label.text}[{k}]`).replaceAll("{k}", String(k)));
    const value = (name) => (name.startsWith("1-") ? 1 - trace[name.slice(2)][k] : trace[name][k]);
    const fill = (text) => text.replaceAll("{k}", String(k))
      .replaceAll("{h_prev}", trace.h_prev ? n(trace.h_prev[k]) : "")
      .replaceAll("{c_prev}", trace.c_prev ? n(trace.c_prev[k]) : "");

    /* Where `name` is a factor: [{factor (name or 1-name), other factors, target field}] and Hadamard uses. */
    function uses(name) {
      const found = [];
      for (const f of spec.fields) {
        if (!f.rule) continue;
        if (f.rule.type === "Products") {
          for (const term of f.rule.terms) {
            for (const factor of term) {
              if (factor === name || factor === `1-${name}`) found.push({ factor, others: term.filter((x) => x !== factor), target: f.name });
            }
          }
        } else if (f.rule.type === "Affine") {
          (function walk(part) {
            if (part.type === "Affine") part.parts.forEach(walk);
            else if (part.type === "Hadamard" && (part.left === name || part.right === name)) {
              found.push({ factor: name, others: [part.left === name ? part.right : part.left], target: f.name, inside: true });
            }
          })(f.rule);
        }
      }
      return found;
    }

    function gate(name) {
      const v = value(name);
      const through = uses(name).map((use) => {
        const share = value(use.factor);
        const others = use.others.map((o) => `${comp(o)} = ${n(value(o))}`).join(" and ");
        const into = use.inside ? `the sum that makes ${comp(use.target)}` : comp(use.target);
        return `${pct(share)} of ${others} goes into ${into}`;
      });
      const sentences = [`${comp(name)} = ${n(v)}: ${through.length ? through.join("; ") : `${field[name].meaning} is ${pct(v)} open`}.`];
      const f = field[name];
      if (v <= 0.25 && f.when_low) sentences.push(capital(fill(f.when_low)));
      else if (v >= 0.75 && f.when_high) sentences.push(capital(fill(f.when_high)));
      else sentences.push(`${capital(f.meaning)} is partly open: it lets a share through instead of all or nothing.`);
      const pre = f.rule.field;
      if (trace[pre]) {
        sentences.push(`Why: its pre-activation is ${n(trace[pre][k])}, and σ(${n(trace[pre][k])}) = ${n(v)}; ` +
          "a larger sum opens the gate, a smaller one shuts it.");
      }
      return sentences;
    }

    function products(name) {
      const f = field[name];
      const parts = f.rule.terms.map((term) => term.reduce((p, factor) => p * value(factor), 1));
      const symbols = f.rule.terms.map((term) => term.map(comp).join("·")).join(" + ");
      const numbers = f.rule.terms.map((term) => term.map((x) => n(value(x))).join("·")).join(" + ");
      const sums = parts.length > 1 ? ` = ${parts.map(n).join(" + ")}` : "";
      const sentences = [`${comp(name)} = ${symbols} = ${numbers}${sums} = ${n(value(name))}.`];
      if (parts.length > 1) {
        let big = 0;
        parts.forEach((p, j) => { if (Math.abs(p) > Math.abs(parts[big])) big = j; });
        const term = f.rule.terms[big].map(comp).join("·");
        sentences.push(`The larger part, ${n(parts[big])}, comes from ${term}: ` +
          (f.rule.terms[big].some((x) => x.includes("prev")) ? "the past is mostly kept." : "the new content mostly wins."));
      }
      if (spec.states.includes(name)) sentences.push(`This is ${f.meaning}: it is handed on to the next time step.`);
      else sentences.push(`This is ${f.meaning}.`);
      return sentences;
    }

    function activation(name) {
      const f = field[name];
      const inner = f.rule.field;
      const symbol = TinyRNN.diagram.FUNCTION_SYMBOL[f.rule.function];
      const range = f.rule.function === "tanh" ? "between −1 and 1" : f.rule.function === "relu" ? "at 0 or above" : "between 0 and 1";
      const sentences = [`${comp(name)} = ${symbol}(${n(trace[inner][k])}) = ${n(value(name))}: ${f.meaning}, kept ${range} by ${symbol}.`];
      const used = uses(name);
      for (const use of used.slice(0, 1)) {
        const others = use.others.map((o) => `${comp(o)} = ${n(value(o))}`).join(" and ");
        const share = use.others.reduce((p, o) => p * value(o), 1);
        if (others) sentences.push(`It reaches ${comp(use.target)} multiplied by ${others}: ${n(share * value(name))} of it gets there.`);
      }
      if (spec.states.includes(name)) sentences.push("It is handed on to the next time step.");
      return sentences;
    }

    const out = [];
    for (const name of step.fields) {
      const f = field[name];
      if (!f.rule || f.rule.type === "Affine" && spec.fields.some((g) => g.rule && g.rule.type === "Activation" && g.rule.field === name)) {
        continue; // a pre-activation: the term-by-term line says it
      }
      let sentences;
      if (spec.gates.includes(name) && f.rule.type === "Activation") sentences = gate(name);
      else if (f.rule.type === "Products") sentences = products(name);
      else if (f.rule.type === "Activation") sentences = activation(name);
      else if (f.rule.type === "Constant") {
        sentences = [`${f.label.text} = ${n(f.rule.value)} in every component: ${f.meaning} is fixed, not learned.`,
          "Nothing is computed here; the next steps read this constant."];
      } else {
        sentences = [`${comp(name)} = ${n(value(name))}: ${f.meaning}.`, "The next rule of this step reads it."];
      }
      out.push({ field: name, sentences });
    }
    return out;
  }

  TinyRNN.story = { tell };
})(globalThis.TinyRNN = globalThis.TinyRNN || {});
