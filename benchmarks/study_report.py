"""The LSTM-vs-GRU study's report: summaries, a verdict per claim of the slides, Markdown, the shipped cells.

Everything here reads the results JSON of ``lstm_vs_gru.py`` (nothing is
measured), so ``--from-json`` regenerates the same report, and a test checks
that the docs' copy is exactly what this module writes for the committed results.
"""

from __future__ import annotations

import itertools
import statistics
from typing import Any

from study_stats import RESAMPLES, bootstrap_difference, bootstrap_mean, fisher_exact

#: The trained counting cells shipped in ``tinyrnn/pretrained`` (read by the RNN Explainer's counting preset).
PRETRAINED_FORMAT = 1


def counts_visibly(params: dict[str, Any], n: int = 4) -> bool:
    """Whether an LSTM's most-moving component of C_t on aⁿbⁿ climbs on every a and comes back on every b.

    A step of more than 0.5 each time, the same way on the a's and the other way on the b's: the
    staircase the RNN Explainer shows. (A run can recognise long words with a counter that is less
    plain to see, e.g. one that moves the same way on both letters and is read off another component.)
    """
    from tinyrnn import family
    from tinyrnn.tasks import counting_word

    run = family.from_params("lstm", params).run(counting_word(n).xs)
    H = len(run[0].c)
    k = max(range(H), key=lambda j: max(s.c[j] for s in run) - min(s.c[j] for s in run))
    values = [0.0] + [s.c[k] for s in run]
    steps = [b - a for a, b in itertools.pairwise(values)]
    way = 1.0 if steps[0] > 0 else -1.0
    return all(way * d > 0.5 for d in steps[:n]) and all(way * d < -0.5 for d in steps[n:])


def counting_champion(results: dict[str, Any], arm: str, letters: str = "ab") -> dict[str, Any] | None:
    """The counting run of ``arm`` (either loss) that recognised the largest n; the lowest seed on a tie.

    For an LSTM, only the runs whose counter is visible (:func:`counts_visibly`) take part.
    """
    runs = [r for r in results["counting"] if r["arm"] == arm and r["letters"] == letters]
    if arm.startswith("LSTM"):
        runs = [r for r in runs if counts_visibly(r["params"])]
    if not runs:
        return None
    return max(runs, key=lambda r: (r["largest_n"], r["loss"] == "mse", -r["seed"]))


def pretrained(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{file name: data}`` of the best trained counting LSTM and GRU (format :data:`PRETRAINED_FORMAT`)."""
    c = results["parameters"]["counting"]
    out: dict[str, dict[str, Any]] = {}
    for name, arm, key in (("counting_lstm.json", "LSTM b_f=1", "lstm"), ("counting_gru.json", "GRU", "gru-colah")):
        run = counting_champion(results, arm)
        if run is None:
            continue
        out[name] = {
            "format": PRETRAINED_FORMAT,
            "key": key,
            "cell": key.split("-")[0],
            "variant": "colah" if key.startswith("gru") else None,
            "params": run["params"],
            "readout": run["readout"],
            "alphabet": ["a", "b"],
            "outputs": ["b", "$"],
            "largest_n": run["largest_n"],
            "how": (
                f"{arm}, hidden size {c['hidden_size']}, seed {run['seed']}: trained by benchmarks/lstm_vs_gru.py "
                f"(setting {results['setting']!r}, {results['date']}) on aⁿbⁿ for n ≤ {c['n_max']}, "
                f"{c['epochs']} full-batch Adam steps (lr {c['lr']}), {_loss(run['loss'])} on the next symbol after "
                f"each b; recognises every n up to {run['largest_n']} (tested up to {c['test_up_to']})."
            ),
        }
    return out


# Summaries ---------------------------------------------------------------------------------------------

MARGIN = 0.05  # two cells are "equivalent" on a task when the 95% interval of their score difference is within ±this
ALPHA = 0.05  # Fisher's exact test on the solved rates: a difference when p < ALPHA


def _runs(results: dict[str, Any], task: str, arm: str) -> list[dict[str, Any]]:
    return results["battery"][task]["arms"].get(arm, {}).get("runs", [])


def compare(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> dict[str, Any]:
    """Score difference ``a − b`` (bootstrap 95% interval), solved counts, Fisher's p, and what they decide.

    ``outcome``: ``"a"`` or ``"b"`` (better: the interval excludes 0 or Fisher's p < ALPHA, the same way),
    ``"equivalent"`` (the interval lies within ±MARGIN and the solved rates do not differ), or ``"undecided"``.
    """
    difference = bootstrap_difference([r["score"] for r in a], [r["score"] for r in b])
    solved_a, solved_b = sum(r["solved"] for r in a), sum(r["solved"] for r in b)
    p = fisher_exact(solved_a, len(a), solved_b, len(b))
    rate = solved_a / len(a) - solved_b / len(b)
    if difference["low"] > 0 or (p < ALPHA and rate > 0):
        outcome = "a"
    elif difference["high"] < 0 or (p < ALPHA and rate < 0):
        outcome = "b"
    elif difference["low"] >= -MARGIN and difference["high"] <= MARGIN:
        outcome = "equivalent"
    else:
        outcome = "undecided"
    return {
        "difference": difference,
        "solved": [solved_a, len(a), solved_b, len(b)],
        "p": p,
        "outcome": outcome,
    }


def _median(values: list[float]) -> float:
    return statistics.median(values)


def epoch_seconds(results: dict[str, Any], task: str, arm: str) -> float:
    """The median of the side-by-side timed epochs (see ``time_epochs``)."""
    return _median(results["timing"]["epochs"][task][arm])


def epoch_ratio(results: dict[str, Any], task: str, arm: str) -> dict[str, float]:
    """``arm``'s epoch time over the LSTM's, repeat by repeat (timed in turn): mean and bootstrap interval."""
    times = results["timing"]["epochs"][task]
    return bootstrap_mean([a / b for a, b in zip(times[arm], times["LSTM"], strict=True)])


def to_threshold(results: dict[str, Any], task: str, arm: str) -> dict[str, Any]:
    """Runs that reached the training threshold, their epochs, and seconds (epochs × the timed epoch)."""
    runs = _runs(results, task, arm)
    epochs = [r["epochs_to_threshold"] for r in runs if r["epochs_to_threshold"] is not None]
    seconds = (
        [e * epoch_seconds(results, task, arm) for e in epochs] if arm in results["timing"]["epochs"][task] else []
    )
    return {"reached": len(epochs), "runs": len(runs), "epochs": epochs, "seconds": seconds}


def threshold_outcome(results: dict[str, Any], task: str, a: str = "GRU", b: str = "LSTM") -> str:
    """Who reaches the threshold sooner: ``a``, ``b`` or ``undecided`` (reach rate by Fisher, seconds by bootstrap)."""
    first, second = to_threshold(results, task, a), to_threshold(results, task, b)
    p = fisher_exact(first["reached"], first["runs"], second["reached"], second["runs"])
    if p < ALPHA:
        return a if first["reached"] > second["reached"] else b
    if len(first["seconds"]) >= 3 and len(second["seconds"]) >= 3:
        difference = bootstrap_difference(first["seconds"], second["seconds"])
        if difference["high"] < 0:
            return a
        if difference["low"] > 0:
            return b
    return "undecided"


def counting_groups(results: dict[str, Any]) -> list[tuple[str, str, str, list[int]]]:
    """``(letters, loss, arm, largest n per seed)`` for every counting group, in the order run."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for run in sorted(results["counting"], key=lambda r: r["seed"]):
        groups.setdefault((run["letters"], run["loss"], run["arm"]), []).append(run["largest_n"])
    order = {arm: k for k, arm in enumerate(("LSTM", "LSTM b_f=1", "GRU"))}
    keys = sorted(groups, key=lambda g: (len(g[0]), g[1] != "cross_entropy", order.get(g[2], 9)))
    return [(*key, groups[key]) for key in keys]


def _loss(name: str) -> str:
    return "cross-entropy" if name == "cross_entropy" else "squared error"


def beyond(results: dict[str, Any]) -> int:
    """A counting run *generalises* when it recognises every n up to twice the longest word it was trained on."""
    return 2 * int(results["parameters"]["counting"]["n_max"])


# Verdicts ----------------------------------------------------------------------------------------------

SUPPORTED, CONTRADICTED, UNDECIDED = "supported", "contradicted", "not decided by this data"


def _names(tasks: list[str]) -> str:
    return ", ".join(tasks) if tasks else "none"


def _tally(outcomes: dict[str, str], a: str, b: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """Tasks where ``a`` won, ``b`` won, the two were equivalent, nothing was decided."""
    pick = [[t for t, o in outcomes.items() if o == k] for k in (a, b, "equivalent", "undecided")]
    return pick[0], pick[1], pick[2], pick[3]


def _one_sided(wins: list[str], losses: list[str]) -> str:
    """The verdict on "A is better": supported when A won somewhere and lost nowhere, the reverse contradicts."""
    if wins and not losses:
        return SUPPORTED
    if losses and not wins:
        return CONTRADICTED
    return UNDECIDED


def claim_parameters(results: dict[str, Any]) -> dict[str, str]:
    rows = []
    for task, entry in results["battery"].items():
        lstm, gru = entry["arms"]["LSTM"], entry["arms"]["GRU"]
        rows.append((task, lstm["cell_parameters"], gru["cell_parameters"], lstm["parameters"], gru["parameters"]))
    cells = [1 - g / lt for _, lt, g, _, _ in rows]
    totals = [1 - g / lt for _, _, _, lt, g in rows]
    verdict = SUPPORTED if all(0.25 - 1e-12 <= f <= 0.30 for f in cells) else CONTRADICTED
    evidence = (
        f"the GRU cell has {100 * min(cells):.0f}% fewer parameters than the LSTM of the same size on every task "
        f"(3 weight blocks against 4: exactly a quarter, the low end of the claim); with the read-out, "
        f"{100 * min(totals):.1f}–{100 * max(totals):.1f}% fewer"
    )
    return {"verdict": verdict, "evidence": evidence, "rule": "supported when the cells' counts differ by 25–30%"}


def claim_speed(results: dict[str, Any]) -> dict[str, str]:
    tasks = list(results["timing"]["epochs"])
    ratios = {t: epoch_ratio(results, t, "GRU") for t in tasks}
    per_epoch_faster = [t for t, r in ratios.items() if r["high"] < 1]
    per_epoch_slower = [t for t, r in ratios.items() if r["low"] > 1]
    outcomes = {t: threshold_outcome(results, t) for t in results["battery"]}
    gru_sooner, lstm_sooner, _, _ = _tally(outcomes, "GRU", "LSTM")
    if len(per_epoch_faster) == len(tasks) and not lstm_sooner:
        verdict = SUPPORTED
    elif per_epoch_slower or (lstm_sooner and not gru_sooner):
        verdict = CONTRADICTED
    else:
        verdict = UNDECIDED
    low = min(r["mean"] for r in ratios.values())
    high = max(r["mean"] for r in ratios.values())
    evidence = (
        f"a GRU epoch took {low:.2f}–{high:.2f}× the LSTM's (same hidden size, timed in turn in one process; "
        f"faster with the whole 95% interval below 1 on {len(per_epoch_faster)} of {len(tasks)} tasks); to the "
        f"training threshold the GRU was sooner on {_names(gru_sooner)}, the LSTM on {_names(lstm_sooner)}"
    )
    if results["timing"]["busy"]:
        evidence += " (flagged: load average above 1.5 while timing)"
    rule = (
        "supported when the GRU's epoch is faster on every task and the LSTM reaches the threshold sooner on none "
        "(more often by Fisher's test, or in fewer seconds by a bootstrap interval); contradicted when the GRU's "
        "epoch is slower anywhere or only the LSTM is ever sooner"
    )
    return {"verdict": verdict, "evidence": evidence, "rule": rule}


def battery_outcomes(results: dict[str, Any], lstm: str, gru: str, tasks: list[str] | None = None) -> dict[str, str]:
    chosen = list(results["battery"]) if tasks is None else tasks
    found = {}
    for task in chosen:
        a, b = _runs(results, task, lstm), _runs(results, task, gru)
        if a and b:
            found[task] = {"a": lstm, "b": gru}.get(compare(a, b)["outcome"], compare(a, b)["outcome"])
    return found


def claim_similar(results: dict[str, Any]) -> dict[str, str]:
    parts, verdicts = [], []
    for gru in ("GRU", "GRU, equal parameters"):
        outcomes = battery_outcomes(results, "LSTM", gru)
        lstm_won, gru_won, same, open_ = _tally(outcomes, "LSTM", gru)
        different = lstm_won + gru_won
        if not different and len(same) * 2 >= len(outcomes):
            verdicts.append(SUPPORTED)
        elif len(different) * 2 > len(outcomes):
            verdicts.append(CONTRADICTED)
        else:
            verdicts.append(UNDECIDED)
        label = "equal size" if gru == "GRU" else "equal parameters"
        parts.append(
            f"{label}: equivalent on {len(same)} of {len(outcomes)} tasks ({_names(same)}), LSTM better on "
            f"{_names(lstm_won)}, GRU better on {_names(gru_won)}, undecided on {_names(open_)}"
        )
    verdict = verdicts[0] if len(set(verdicts)) == 1 else UNDECIDED
    rule = (
        f"per task, equivalent when the 95% interval of the score difference lies within ±{MARGIN} and the solved "
        f"rates do not differ (Fisher p ≥ {ALPHA}); supported when no task differs and at least half are "
        "equivalent, contradicted when more than half differ; both arms (equal size, equal parameters) must agree"
    )
    return {"verdict": verdict, "evidence": "; ".join(parts), "rule": rule}


def counting_outcome(
    results: dict[str, Any], lstm: str = "LSTM b_f=1", gru: str = "GRU", loss: str = "mse"
) -> dict[str, Any]:
    """Generalisation rate (largest n ≥ :func:`beyond`) of the LSTM and the GRU on aⁿbⁿ with ``loss``."""
    groups = {(letters, loss, arm): values for letters, loss, arm, values in counting_groups(results)}
    a, b = groups.get(("ab", loss, lstm), []), groups.get(("ab", loss, gru), [])
    far = beyond(results)
    k_a, k_b = sum(v >= far for v in a), sum(v >= far for v in b)
    p = fisher_exact(k_a, len(a), k_b, len(b)) if a and b else 1.0
    outcome = (lstm if k_a > k_b else gru) if p < ALPHA else "undecided"
    return {"lstm": [k_a, len(a)], "gru": [k_b, len(b)], "p": p, "outcome": outcome, "beyond": far}


def claim_long(results: dict[str, Any]) -> dict[str, str]:
    long_tasks = results["parameters"]["long_tasks"]
    outcomes = battery_outcomes(results, "LSTM", "GRU", long_tasks)
    counting = counting_outcome(results)
    outcomes["counting aⁿbⁿ"] = {"LSTM b_f=1": "LSTM", "GRU": "GRU"}.get(counting["outcome"], "undecided")
    lstm_won, gru_won, same, open_ = _tally(outcomes, "LSTM", "GRU")
    verdict = _one_sided(lstm_won, gru_won)
    evidence = (
        f"on the long tasks ({_names(list(outcomes))}) the LSTM was better on {_names(lstm_won)}, the GRU on "
        f"{_names(gru_won)}, equivalent on {_names(same)}, undecided on {_names(open_)}; counting: "
        f"{counting['lstm'][0]}/{counting['lstm'][1]} LSTM (b_f=1) runs and {counting['gru'][0]}/"
        f"{counting['gru'][1]} GRU runs recognised every n up to {counting['beyond']} (Fisher p = {counting['p']:.2g})"
    )
    rule = "supported when the LSTM is better on at least one long task and the GRU on none; the reverse contradicts"
    return {"verdict": verdict, "evidence": evidence, "rule": rule}


def size_outcomes(results: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Per training-set size: the GRU-vs-LSTM comparison (``a`` = GRU)."""
    out = {}
    for n in results["parameters"]["size"]["sizes"]:
        gru = [r for r in results["size"] if r["n_train"] == n and r["arm"] == "GRU"]
        lstm = [r for r in results["size"] if r["n_train"] == n and r["arm"] == "LSTM"]
        if gru and lstm:
            out[n] = compare(gru, lstm)
    return out


def claim_small_data(results: dict[str, Any]) -> dict[str, str]:
    outcomes = size_outcomes(results)
    sizes = sorted(outcomes)
    small = sizes[:2]
    gru_won = [str(n) for n in small if outcomes[n]["outcome"] == "a"]
    lstm_won = [str(n) for n in small if outcomes[n]["outcome"] == "b"]
    verdict = _one_sided(gru_won, lstm_won)
    differences = ", ".join(
        f"{n}: {outcomes[n]['difference']['mean']:+.2f} [{outcomes[n]['difference']['low']:+.2f}, "
        f"{outcomes[n]['difference']['high']:+.2f}]"
        for n in sizes
    )
    task = results["parameters"]["size"]["task"]
    evidence = (
        f"memory task (delay {task['delay']}), the same {results['parameters']['size']['updates']} updates at every "
        f"size; GRU − LSTM score by number of training sequences: {differences}"
    )
    rule = (
        f"on the two smallest sizes ({', '.join(map(str, small))}): supported when the GRU is better on at least one "
        "and the LSTM on none (interval of the difference excludes 0, or Fisher p < 0.05 on the solved rates)"
    )
    return {"verdict": verdict, "evidence": evidence, "rule": rule}


def tuning_summary(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per cell: runs solved, grid points where at least half the seeds solved, of how many."""
    out: dict[str, dict[str, Any]] = {}
    grid = results["parameters"]["tuning"]
    for arm in ("LSTM", "GRU"):
        runs = [r for r in results["tuning"] if r["arm"] == arm]
        points = [
            [r for r in runs if r["lr"] == lr and r["scale"] == scale] for lr in grid["lr"] for scale in grid["scale"]
        ]
        good = sum(2 * sum(r["solved"] for r in point) >= len(point) for point in points if point)
        out[arm] = {"solved": sum(r["solved"] for r in runs), "runs": len(runs), "points": good, "of": len(points)}
    return out


def claim_tuning(results: dict[str, Any]) -> dict[str, str]:
    found = tuning_summary(results)
    lstm, gru = found["LSTM"], found["GRU"]
    p = fisher_exact(gru["solved"], gru["runs"], lstm["solved"], lstm["runs"])
    rate = gru["solved"] / gru["runs"] - lstm["solved"] / lstm["runs"]
    verdict = (SUPPORTED if rate > 0 else CONTRADICTED) if p < ALPHA else UNDECIDED
    forget = battery_outcomes(results, "LSTM b_f=1", "LSTM")
    changed = [t for t, o in forget.items() if o in ("LSTM b_f=1", "LSTM")]
    evidence = (
        f"of the learning-rate × initial-scale grid, the GRU solved the task at {gru['points']} of {gru['of']} "
        f"points ({gru['solved']}/{gru['runs']} runs), the LSTM at {lstm['points']} of {lstm['of']} "
        f"({lstm['solved']}/{lstm['runs']} runs; Fisher p = {p:.2g}); the LSTM's extra knob, the forget-gate "
        f"bias, changed the outcome on {len(changed)} of {len(forget)} tasks ({_names(changed)})"
    )
    rule = "supported when the GRU solves a larger share of the grid's runs (Fisher p < 0.05); the reverse contradicts"
    return {"verdict": verdict, "evidence": evidence, "rule": rule}


def claim_implement(results: dict[str, Any]) -> dict[str, str]:
    done = results["implementation"]
    lstm, gru = done["lstm"], done["gru"]
    fewer = all(gru[k] < lstm[k] for k in lstm)
    evidence = (
        f"equations per step {lstm['equations']} (LSTM) against {gru['equations']} (GRU), weight matrices and "
        f"biases {lstm['weights']} against {gru['weights']}, values per step {lstm['values']} against {gru['values']}"
    )
    rule = "supported when the GRU has fewer equations, weights and intermediate values (the tuning half: see above)"
    return {"verdict": SUPPORTED if fewer else CONTRADICTED, "evidence": evidence, "rule": rule}


#: The slide table's claims, each with the function that decides it from the results.
CLAIMS = (
    ("GRU: fewer parameters (~25–30% less)", claim_parameters),
    ("GRU: faster training time (LSTM: slower)", claim_speed),
    ("GRU: similar performance on many tasks", claim_similar),
    ("LSTM: better for complex, long sequences", claim_long),
    ("GRU: better for smaller datasets", claim_small_data),
    ("GRU: easier to tune (LSTM: more hyperparameters to tune)", claim_tuning),
    ("GRU: simpler to implement", claim_implement),
)


def verdicts(results: dict[str, Any]) -> list[dict[str, str]]:
    return [{"claim": claim, **decide(results)} for claim, decide in CLAIMS]


# Markdown ----------------------------------------------------------------------------------------------


def _ci(stats: dict[str, float], digits: int = 2) -> str:
    return f"{stats['mean']:.{digits}f} [{stats['low']:.{digits}f}, {stats['high']:.{digits}f}]"


def _p(value: float) -> str:
    return "1" if value >= 0.995 else f"{value:.2g}"


def table(header: list[str], align: str, rows: list[list[str]], docs: bool, numbers: bool = True) -> list[str]:
    """A Markdown pipe table (``align``: one ``l`` or ``r`` per column).

    For the docs, a table of numbers gets the class that keeps each number on one line (a wide one
    scrolls sideways, with a hint); a table of sentences (``numbers=False``) wraps to the column.
    """
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(":--" if a == "l" else "--:" for a in align) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    if not docs:
        return lines
    return ["```{table}", ":class: tinyrnn-numbers", "", *lines, "```"] if numbers else lines


def figure(name: str, caption: str, folder: str, docs: bool, svgs: dict[str, str] | None) -> list[str]:
    """A figure: inline SVG in the docs (its text then scales with the page), a link to the file otherwise."""
    if docs and svgs is not None:
        body = svgs[name].strip()
        return [
            "```{raw} html",
            f'<figure class="tinyrnn-figure tinyrnn-study-figure">{body}',
            f"<figcaption>{caption}</figcaption></figure>",
            "```",
            "",
        ]
    return [f"![{caption}]({folder}lstm_vs_gru-{name}.svg)" if not docs else f"![{caption}]({folder}{name}.svg)", ""]


def _load(results: dict[str, Any]) -> str:
    start, end = results["machine"]["load_average"][0], results["load_average_at_end"][0]
    return f"1-minute load average {start:.1f} at the start, {end:.1f} at the end"


def intro(results: dict[str, Any]) -> list[str]:
    p, m = results["parameters"], results["machine"]
    quick = results.get("quick_seconds")
    quick_text = f"; the quick setting (`--setting quick`, run by the tests) took {quick:.1f} s" if quick else ""
    return [
        (
            f"Setting `{results['setting']}`, run {results['date']} with tinyrnn {results['tinyrnn']} on "
            f"{m['implementation']} {m['python']}, {m['platform']} ({m['processor']}, {m['cpus']} cores): "
            f"{results['runs']} training runs over {results['processes']} processes took "
            f"{results['total_seconds'] / 60:.1f} min ({_load(results)}){quick_text}."
        ),
        "",
        (
            f"Every cell is trained by `tinyrnn.train` (hand-derived backpropagation through time, no autograd) with "
            f"Adam (learning rate {p['lr']}, batch {p['batch_size']}, gradients clipped to norm 1) and a linear "
            f"read-out, from tinyrnn's seeded default initialisation. Hidden size {p['hidden_size']} for every cell "
            f"except the *equal parameters* GRU; {p['seeds']} seeds per arm for LSTM, GRU and GRU with equal "
            f"parameters, {p['reference_seeds']} for the reference rows. The GRU is the `colah` convention."
        ),
        "",
        (
            f"**Scores and rules.** A run's *score* is its test accuracy (memory task) or the share of the best "
            f"constant prediction's test loss that it removes (adding, sine: 1 − MSE / MSE of predicting the mean); "
            f"a run *solves* a task when its score reaches {results['rules']['solved']}. A run *reaches the "
            f"threshold* at the first epoch whose training loss is below {results['rules']['threshold']} × the "
            f"constant prediction's. Intervals are 95% bootstrap intervals of the mean over seeds "
            f"({RESAMPLES} resamples); solved rates are compared with Fisher's exact test (two-sided)."
        ),
        "",
    ]


def verdict_section(results: dict[str, Any], docs: bool) -> list[str]:
    found = verdicts(results)
    rows = [[row["claim"], f"**{row['verdict']}**", row["evidence"]] for row in found]
    out = ["## The slide's table, row by row", ""]
    out += table(["claim (slides)", "verdict", "evidence"], "lll", rows, docs, numbers=False)
    out += ["", "Each verdict is generated from the results by a rule:", ""]
    out += [f"- *{row['claim']}*: {row['rule']}." for row in found]
    return [*out, ""]


def parameters_section(results: dict[str, Any], docs: bool) -> list[str]:
    rows = []
    for task, entry in results["battery"].items():
        lstm = entry["arms"]["LSTM"]["parameters"]
        for arm in ("LSTM", "GRU", "GRU, equal parameters", "LSTM coupled", "RNN"):
            if arm in entry["arms"]:
                a = entry["arms"][arm]
                rows.append(
                    [
                        task,
                        arm,
                        str(a["hidden_size"]),
                        str(a["cell_parameters"]),
                        str(a["parameters"]),
                        f"{a['parameters'] / lstm:.3f}",
                    ]
                )
    out = ["## Parameters", "", "Exact counts (cell, and cell plus read-out) of the arms, per task:", ""]
    out += table(["task", "cell", "H", "cell parameters", "with read-out", "/ LSTM"], "llrrrr", rows, docs)
    return [*out, ""]


def speed_section(results: dict[str, Any], folder: str, docs: bool, svgs: dict[str, str] | None) -> list[str]:
    timing = results["timing"]
    rows = []
    for task in timing["epochs"]:
        ratio, equal = epoch_ratio(results, task, "GRU"), epoch_ratio(results, task, "GRU, equal parameters")
        reach = {arm: to_threshold(results, task, arm) for arm in ("LSTM", "GRU")}

        def sooner(r: dict[str, Any]) -> str:
            if not r["epochs"]:
                return f"0/{r['runs']}"
            return f"{r['reached']}/{r['runs']}: {_median(r['epochs']):g} ep., {_median(r['seconds']):.1f} s"

        rows.append(
            [
                task,
                f"{epoch_seconds(results, task, 'LSTM'):.3f}",
                f"{epoch_seconds(results, task, 'GRU'):.3f}",
                _ci(ratio),
                _ci(equal),
                sooner(reach["LSTM"]),
                sooner(reach["GRU"]),
                threshold_outcome(results, task),
            ]
        )
    busy = " **Flagged: the load average was above 1.5.**" if timing["busy"] else ""
    out = [
        "## Training time",
        "",
        (
            "One epoch of each cell in turn (LSTM, GRU, GRU with equal parameters), "
            f"{results['parameters']['timing_repeats']} rounds, in the study's own process before any other run "
            f"started (load average {timing['load_before']:.2f} "
            f"before, {timing['load_after']:.2f} after).{busy} The ratio is taken round by round. *To threshold*: runs "
            "that reached the training threshold, their median epochs, and seconds = epochs × the timed epoch."
        ),
        "",
    ]
    header = [
        "task",
        "LSTM s/epoch",
        "GRU s/epoch",
        "GRU / LSTM",
        "GRU (equal params) / LSTM",
        "LSTM to threshold",
        "GRU to threshold",
        "sooner",
    ]
    out += table(header, "lrrrrrrl", rows, docs)
    out += [
        "",
        *figure(
            "timing", "Seconds per epoch, GRU over LSTM, each round of the side-by-side timing.", folder, docs, svgs
        ),
    ]
    return out


def battery_section(results: dict[str, Any], folder: str, docs: bool, svgs: dict[str, str] | None) -> list[str]:
    rows = []
    for task, entry in results["battery"].items():
        for arm, a in entry["arms"].items():
            scores = [r["score"] for r in a["runs"]]
            rows.append(
                [task, arm, _ci(bootstrap_mean(scores)), f"{sum(r['solved'] for r in a['runs'])}/{len(a['runs'])}"]
            )
    comparisons = []
    for task in results["battery"]:
        for gru in ("GRU", "GRU, equal parameters"):
            a, b = _runs(results, task, "LSTM"), _runs(results, task, gru)
            if a and b:
                c = compare(a, b)
                outcome = {"a": "LSTM better", "b": f"{gru} better"}.get(c["outcome"], c["outcome"])
                comparisons.append(
                    [
                        task,
                        f"LSTM − {gru}",
                        _ci(c["difference"]),
                        f"{c['solved'][0]}/{c['solved'][1]} vs {c['solved'][2]}/{c['solved'][3]}",
                        _p(c["p"]),
                        outcome,
                    ]
                )
    out = ["## The task battery", ""]
    out += [
        f"- `{task}`: {entry['description']}; {entry['spec']['epochs']} epochs, {entry['spec']['n_train']} "
        f"training and {entry['spec']['n_test']} test sequences."
        for task, entry in results["battery"].items()
    ]
    out += ["", "Score per arm (mean over seeds [95% interval]) and runs that solved the task:", ""]
    out += table(["task", "cell", "score", "solved"], "llrr", rows, docs)
    out += ["", "LSTM against the GRU, task by task (the rule of the verdicts):", ""]
    out += table(
        ["task", "difference", "score difference", "solved", "Fisher p", "outcome"], "llrrrl", comparisons, docs
    )
    out += [
        "",
        *figure(
            "battery",
            "Score of every run (faint) and the mean with its 95% interval, per task and cell.",
            folder,
            docs,
            svgs,
        ),
    ]
    return out


def size_section(results: dict[str, Any], folder: str, docs: bool, svgs: dict[str, str] | None) -> list[str]:
    rows = []
    outcomes = size_outcomes(results)
    for n in results["parameters"]["size"]["sizes"]:
        cells = []
        for arm in ("LSTM", "GRU"):
            runs = [r for r in results["size"] if r["n_train"] == n and r["arm"] == arm]
            cells.append(
                f"{_ci(bootstrap_mean([r['score'] for r in runs]))} ({sum(r['solved'] for r in runs)}/{len(runs)})"
            )
        c = outcomes[n]
        rows.append([str(n), *cells, _ci(c["difference"]), _p(c["p"])])
    sweep = results["parameters"]["size"]
    out = [
        "## Smaller datasets",
        "",
        (
            f"The memory task with delay {sweep['task']['delay']}, {sweep['seeds']} seeds per point, trained on "
            f"{', '.join(map(str, sweep['sizes']))} sequences for the same {sweep['updates']} updates of "
            f"{results['parameters']['batch_size']} sequences (so a small set is seen for more epochs), tested on "
            f"{sweep['task']['n_test']} new sequences."
        ),
        "",
    ]
    out += table(
        ["training sequences", "LSTM score (solved)", "GRU score (solved)", "GRU − LSTM", "Fisher p"],
        "rrrrr",
        rows,
        docs,
    )
    out += ["", *figure("size", "Score against the number of training sequences.", folder, docs, svgs)]
    return out


def tuning_section(results: dict[str, Any], folder: str, docs: bool, svgs: dict[str, str] | None) -> list[str]:
    grid = results["parameters"]["tuning"]
    rows = []
    for arm in ("LSTM", "GRU"):
        for scale in grid["scale"]:
            cells = []
            for lr in grid["lr"]:
                point = [r for r in results["tuning"] if r["arm"] == arm and r["lr"] == lr and r["scale"] == scale]
                cells.append(f"{sum(r['solved'] for r in point)}/{len(point)}")
            rows.append([arm, f"{scale:g}", *cells])
    found = tuning_summary(results)
    out = [
        "## Tuning",
        "",
        (
            f"The memory task with delay {grid['task']['delay']}, {grid['task']['epochs']} epochs, over learning rates "
            f"{', '.join(f'{lr:g}' for lr in grid['lr'])} and initial scales "
            f"{', '.join(f'{s:g}' for s in grid['scale'])} "
            f"(every weight of the default initialisation multiplied by it), {grid['seeds']} seeds per point. "
            "Each entry: runs that solved the task. A point *works* when at least half its seeds solve it: "
            + ", ".join(f"{arm} {f['points']} of {f['of']}" for arm, f in found.items())
            + "."
        ),
        "",
    ]
    out += table(["cell", "scale", *[f"lr {lr:g}" for lr in grid["lr"]]], "lr" + "r" * len(grid["lr"]), rows, docs)
    out += [
        "",
        *figure(
            "tuning", "Share of seeds that solved the task, per learning rate and initial scale.", folder, docs, svgs
        ),
    ]
    return out


def counting_section(results: dict[str, Any], folder: str, docs: bool, svgs: dict[str, str] | None) -> list[str]:
    c = results["parameters"]["counting"]
    far = beyond(results)
    rows = []
    for letters, loss, arm, values in counting_groups(results):
        word = "".join(f"{x}ⁿ" for x in letters)
        rows.append(
            [
                word,
                _loss(loss),
                arm,
                f"{_median(values):g}",
                _ci(bootstrap_mean([float(v) for v in values]), 1),
                f"{sum(v >= far for v in values)}/{len(values)}",
                f"{max(values)}",
            ]
        )
    outcome = counting_outcome(results)
    shipped = pretrained(results)
    out = [
        "## Counting: aⁿbⁿ and aⁿbⁿcⁿ",
        "",
        (
            "Weiss, Goldberg & Yahav, *On the Practical Computational Power of Finite Precision RNNs for Language "
            "Recognition* (ACL 2018): an LSTM can count, because its cell state can grow by a fixed amount per "
            "step (`C_t = f⊙C_{t-1} + i⊙C̃`, so `|C_t| ≤ |C_{t-1}| + 1` with no upper bound over time), while a "
            "GRU's `h_t` is a convex mix of numbers in [−1, 1] and stays there. Reproduced at toy scale: hidden "
            f"size {c['hidden_size']}, trained on the words with n ≤ {c['n_max']} ({c['epochs']} full-batch Adam "
            f"steps, learning rate {c['lr']}), to predict the next symbol at every letter after the a's "
            f"(`tinyrnn.tasks.counting_task`); tested on n = 1, 2, … up to {c['test_up_to']}. *Largest n*: the "
            f"largest n such that every word up to it is recognised; a run *generalises* when that is at least "
            f"{far} (twice the longest training word). We tried the forget-gate bias at 0 (tinyrnn's default) and "
            "at 1, and cross-entropy against squared error on one-hot targets: all four are in the table."
        ),
        "",
    ]
    out += table(
        ["language", "loss", "cell", "median largest n", "mean [95% interval]", f"generalise (≥ {far})", "best"],
        "lllrrrr",
        rows,
        docs,
    )
    out += [
        "",
        (
            f"LSTM (b_f = 1) against GRU on aⁿbⁿ with squared error: {outcome['lstm'][0]}/{outcome['lstm'][1]} against "
            f"{outcome['gru'][0]}/{outcome['gru'][1]} runs generalise (Fisher p = {_p(outcome['p'])})."
        ),
        "",
    ]
    if shipped:
        out += [
            "The best LSTM (among those whose counter is plain to see, the staircase of the figure) and GRU runs "
            "ship with tinyrnn as `tinyrnn/pretrained/counting_lstm.json` and "
            "`counting_gru.json` (the RNN Explainer's *counting* preset): "
            + "; ".join(f"{data['key']} recognises every n up to {data['largest_n']}" for data in shipped.values())
            + ". The figure plots their states on a word twice as long as any they were trained on.",
            "",
        ]
    out += figure(
        "counting",
        "Largest n recognised per run; the trained LSTM's counting component of C_t and the GRU's h_t over time.",
        folder,
        docs,
        svgs,
    )
    return out


def vanishing_section(results: dict[str, Any], folder: str, docs: bool, svgs: dict[str, str] | None) -> list[str]:
    v = results["parameters"]["vanishing"]
    rows = []
    for arm in ("RNN", "LSTM", "GRU"):
        runs = [r for r in results["vanishing"] if r["arm"] == arm]
        if not runs:
            continue
        for when, key in (("initialisation", "log10_norms_at_init"), ("trained", "log10_norms_trained")):
            curves = [r[key] for r in runs]
            lags = len(curves[0])
            mean = [statistics.fmean(curve[k] for curve in curves) for k in range(lags)]
            picks = sorted({0, min(10, lags - 1), min(25, lags - 1), lags - 1})
            rows.append([arm, when, *[f"{10 ** (mean[k] - mean[0]):.1e}" for k in picks[1:]]])
    picks_header = sorted({min(10, v["length"] - 1), min(25, v["length"] - 1), v["length"] - 1})
    out = [
        "## Vanishing gradients",
        "",
        (
            "Hochreiter (1991); Bengio, Simard & Frasconi, *Learning long-term dependencies with gradient descent is "
            "difficult* (1994); Pascanu, Mikolov & Bengio, *On the difficulty of training recurrent neural networks* "
            f"(ICML 2013). The adding problem with T = {v['length']}: the loss is read at the last step, and "
            "‖∂L/∂h_t‖ is carried back one step at a time by each cell's hand-derived `backward_step` (what "
            f"`tinyrnn.backward` chains), averaged (in log10) over {v['sequences']} sequences and {v['seeds']} seeds, "
            f"at initialisation and after {v['epochs']} epochs of training. The table gives ‖∂L/∂h_t‖ relative "
            "to its value at the last step, by lag T − t."
        ),
        "",
    ]
    out += table(["cell", "when", *[f"lag {k}" for k in picks_header]], "ll" + "r" * len(picks_header), rows, docs)
    out += [
        "",
        *figure(
            "vanishing",
            "‖∂L/∂h_t‖ against the lag T − t, at initialisation and after training (log scale).",
            folder,
            docs,
            svgs,
        ),
    ]
    return out


def forget_section(results: dict[str, Any], folder: str, docs: bool, svgs: dict[str, str] | None) -> list[str]:
    rows = []
    for task in results["parameters"]["forget_tasks"]:
        base = _runs(results, task, "LSTM")
        for arm in ("LSTM", "LSTM no forget gate", "LSTM b_f=1", "LSTM coupled", "LSTM peepholes"):
            runs = _runs(results, task, arm)
            if not runs:
                continue
            score = _ci(bootstrap_mean([r["score"] for r in runs]))
            solved = f"{sum(r['solved'] for r in runs)}/{len(runs)}"
            if arm == "LSTM":
                rows.append([task, arm, score, solved, "", ""])
            else:
                c = compare(runs, base)
                outcome = {"a": "better", "b": "worse"}.get(c["outcome"], c["outcome"])
                rows.append([task, arm, score, solved, _ci(c["difference"]), outcome])
    out = [
        "## What the forget gate does",
        "",
        (
            "Gers, Schmidhuber & Cummins, *Learning to forget* (2000) added the forget gate to the 1997 LSTM; "
            "Jozefowicz, Zaremba & Sutskever, *An empirical exploration of recurrent network architectures* (ICML "
            "2015) found a forget-gate bias of 1 closes most of the gap to the GRU; Greff et al., *LSTM: A Search "
            "Space Odyssey* (2017) found the forget gate and the output activation the critical parts, coupled "
            "gates and no peepholes harmless. The LSTM variants of the cell family on the long tasks, each against "
            "the standard LSTM:"
        ),
        "",
    ]
    out += table(["task", "cell", "score", "solved", "− LSTM", "against the LSTM"], "llrrrl", rows, docs)
    out += [
        "",
        *figure("forget", "The LSTM variants on the long tasks: mean score with its 95% interval.", folder, docs, svgs),
    ]
    return out


def markdown(results: dict[str, Any], figure_folder: str = "", docs: bool = False) -> str:
    """The whole report, from the results only (``docs``: MyST tables, figures inline)."""
    svgs = None
    if docs:
        import study_figures

        svgs = study_figures.figures(results)
    out = intro(results)
    out += verdict_section(results, docs)
    out += speed_section(results, figure_folder, docs, svgs)
    out += battery_section(results, figure_folder, docs, svgs)
    out += size_section(results, figure_folder, docs, svgs)
    out += tuning_section(results, figure_folder, docs, svgs)
    out += counting_section(results, figure_folder, docs, svgs)
    out += vanishing_section(results, figure_folder, docs, svgs)
    out += forget_section(results, figure_folder, docs, svgs)
    out += parameters_section(results, docs)
    return "\n".join(out).rstrip() + "\n"
