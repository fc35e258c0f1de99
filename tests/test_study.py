"""The LSTM-vs-GRU study (benchmarks/lstm_vs_gru.py): it runs, its statistics are right, its report is its results.

The quick setting runs here, so the script cannot rot; the committed full results are checked against the
docs page and the shipped counting cells. Times are reported by the study, never asserted here.
"""

from __future__ import annotations

import json
import math
import re
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinyrnn
from tinyrnn import family
from tinyrnn.readout import Linear
from tinyrnn.tasks import counting_task, counting_word

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import lstm_vs_gru  # noqa: E402
import study_figures  # noqa: E402
import study_report  # noqa: E402
import study_stats  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
VERDICTS = {study_report.SUPPORTED, study_report.CONTRADICTED, study_report.UNDECIDED}


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("study")
    assert lstm_vs_gru.main(["--setting", "quick", "--out", str(out), "--quiet", "--jobs", "2"]) == 0
    return json.loads((out / "lstm_vs_gru.json").read_text(encoding="utf-8")), out


def test_the_quick_study_runs_every_experiment(quick: tuple[dict[str, Any], Path]) -> None:
    results, _ = quick
    setting = lstm_vs_gru.SETTINGS["quick"]
    assert results["format"] == lstm_vs_gru.FORMAT and results["setting"] == "quick"
    assert results["runs"] == len(lstm_vs_gru.plan(setting))
    assert results["total_seconds"] > 0 and results["quick_seconds"] is None
    for name, entry in results["battery"].items():
        I, O = entry["input_size"], entry["output_size"]
        for arm, data in entry["arms"].items():
            seeds = setting["seeds"] if arm in lstm_vs_gru.MAIN_ARMS else setting["reference_seeds"]
            assert [r["seed"] for r in data["runs"]] == list(range(seeds)), (name, arm)
            H = data["hidden_size"]
            assert data["parameters"] == data["cell_parameters"] + H * O + O
            if arm == "LSTM":
                assert data["cell_parameters"] == 4 * H * (H + I) + 4 * H
            if arm in ("GRU", "LSTM coupled"):
                assert data["cell_parameters"] == 3 * H * (H + I) + 3 * H
            for run in data["runs"]:
                assert 0.0 <= run["score"] <= 1.0 and run["solved"] == (run["score"] >= lstm_vs_gru.SOLVED)
                assert len(run["losses"]) == setting["battery"][name]["epochs"]
        forget = name in setting["forget_tasks"]
        assert ("LSTM peepholes" in entry["arms"]) == forget and ("LSTM no forget gate" in entry["arms"]) == forget
    assert {r["arm"] for r in results["counting"]} == set(lstm_vs_gru.COUNTING_ARMS)
    assert all(0 <= r["largest_n"] <= setting["counting"]["test_up_to"] for r in results["counting"])
    for run in results["vanishing"]:
        assert len(run["log10_norms_at_init"]) == len(run["log10_norms_trained"]) == setting["vanishing"]["length"]
    for times in results["timing"]["epochs"].values():
        assert set(times) == set(lstm_vs_gru.MAIN_ARMS) and all(
            len(t) == setting["timing_repeats"] for t in times.values()
        )
    assert results["timing"]["busy"] == (max(results["timing"]["load_before"], results["timing"]["load_after"]) > 1.5)


def test_the_report_has_a_verdict_for_each_claim_and_every_figure(quick: tuple[dict[str, Any], Path]) -> None:
    results, out = quick
    report = (out / "lstm_vs_gru.md").read_text(encoding="utf-8")
    assert report == study_report.markdown(results)
    rows = re.findall(r"^\| (GRU|LSTM): (.*?) \| \*\*(.*?)\*\* \|", report, re.M)
    assert [f"{who}: {claim}" for who, claim, _ in rows] == [claim for claim, _ in study_report.CLAIMS]
    assert {verdict for _, _, verdict in rows} <= VERDICTS
    for name in ("battery", "forget", "size", "tuning", "counting", "vanishing", "timing"):
        assert f"](lstm_vs_gru-{name}.svg)" in report
        root = ET.fromstring((out / f"lstm_vs_gru-{name}.svg").read_text(encoding="utf-8"))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("viewBox", "").split()[2] == "400"  # narrow: panels stacked, readable on a phone
        sizes = [float(t.get("font-size", "13")) for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert sizes and min(sizes) >= 13
    assert not list(out.glob("*.partial"))


def test_the_report_is_rewritten_from_the_json(quick: tuple[dict[str, Any], Path], tmp_path: Path) -> None:
    _, out = quick
    assert lstm_vs_gru.main(["--from-json", str(out / "lstm_vs_gru.json"), "--out", str(tmp_path), "--quiet"]) == 0
    for name in ("lstm_vs_gru.md", "lstm_vs_gru-battery.svg", "lstm_vs_gru-counting.svg"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (out / name).read_text(encoding="utf-8")


def test_results_of_another_format_are_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"setting": "full", "tasks": []}))
    with pytest.raises(SystemExit, match=r"results of format None, this script reads format 2.*rerun the study"):
        lstm_vs_gru.main(["--from-json", str(old), "--out", str(tmp_path / "out"), "--quiet"])
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(SystemExit, match=r"cannot read it"):
        lstm_vs_gru.main(["--from-json", str(tmp_path / "broken.json"), "--quiet"])
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--setting", "huge"], "argument --setting: invalid choice: 'huge'"),
        (["--seeds", "0"], "argument --seeds: must be a positive int, got 0"),
        (["--jobs", "two"], "argument --jobs: invalid positive int value: 'two'"),
        (["--tasks", "memory-5"], "unknown task 'memory-5' (did you mean 'memory-4'?); the tasks of setting 'quick'"),
        (["--tasks", ","], "no task given"),
    ],
)
def test_bad_options_get_a_clear_message(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        lstm_vs_gru.main(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_an_output_folder_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "results"
    file.write_text("")
    with pytest.raises(SystemExit):
        lstm_vs_gru.main(["--out", str(file), "--quiet"])
    assert f"argument --out: {file} is a file, not a folder" in capsys.readouterr().err


def test_an_interrupted_study_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_: Any, **__: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(lstm_vs_gru, "run_study", interrupted)
    assert lstm_vs_gru.main(["--out", str(tmp_path / "out"), "--quiet"]) == 130
    assert "interrupted; no result file was written" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    path = lstm_vs_gru._write(tmp_path / "a" / "report.md", "text")
    assert path.read_text(encoding="utf-8") == "text" and [p.name for p in path.parent.iterdir()] == ["report.md"]


# The design ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("task", list(lstm_vs_gru.SETTINGS["full"]["battery"]))
def test_the_equal_parameter_gru_is_within_5_percent_of_the_lstm(task: str) -> None:
    setting = lstm_vs_gru.SETTINGS["full"]
    data = lstm_vs_gru.make_task(setting["battery"][task], 0)
    H = setting["hidden_size"]
    sizes = {arm: lstm_vs_gru.hidden_size_of(arm, data.input_size, H, data.output_size) for arm in ARMS_OF_SIZE}
    counts = {
        arm: lstm_vs_gru.make_cell(arm, data.input_size, h, 0).num_parameters + h * data.output_size + data.output_size
        for arm, h in sizes.items()
    }
    assert sizes["GRU"] == H and sizes["GRU, equal parameters"] != H
    assert abs(counts["GRU, equal parameters"] / counts["LSTM"] - 1) <= 0.05


ARMS_OF_SIZE = ("LSTM", "GRU", "GRU, equal parameters")


def test_the_full_setting_has_the_power_the_issue_asks_for() -> None:
    full = lstm_vs_gru.SETTINGS["full"]
    assert full["seeds"] >= 20 and full["size"]["seeds"] >= 10 and full["tuning"]["seeds"] >= 10
    assert full["counting"]["seeds"] >= 20
    lengths = {spec["length"] for spec in full["battery"].values() if spec["kind"] == "adding"}
    delays = {spec["delay"] for spec in full["battery"].values() if spec["kind"] == "memory"}
    assert {10, 50, 100} <= lengths and max(delays) == 64
    assert full["size"]["sizes"][0] == 25 and full["size"]["sizes"][-1] == 400


def test_arms_are_the_cells_they_name() -> None:
    lstm = lstm_vs_gru.make_cell("LSTM b_f=1", 2, 3, seed=4)
    assert list(lstm.params["b_f"]) == [1.0, 1.0, 1.0]
    assert lstm.params["W_f"] == tinyrnn.LSTMCell(2, 3, seed=4).params["W_f"]
    assert lstm_vs_gru.make_cell("LSTM coupled", 2, 3, seed=1).coupled
    assert not lstm_vs_gru.make_cell("LSTM no forget gate", 2, 3, seed=1).forget_gate
    assert lstm_vs_gru.make_cell("LSTM peepholes", 2, 3, seed=1).peepholes
    assert isinstance(lstm_vs_gru.make_cell("RNN", 2, 3, seed=1), tinyrnn.RNNCell)
    scaled = lstm_vs_gru.make_cell("GRU", 2, 3, seed=1, scale=2.0)
    assert scaled.params["W_z"][0][0] == 2 * tinyrnn.GRUCell(2, 3, seed=1).params["W_z"][0][0]


def test_the_gradients_carried_back_end_where_tinyrnn_backward_does() -> None:
    xs = [[0.5, 1.0], [0.1, 0.0], [0.9, 1.0], [0.3, 0.0]]
    for key in ("lstm", "gru-colah", "rnn-tanh"):
        cell = family.build(key, 2, 3, seed=5)
        steps = cell.run(xs)
        dh = [0.3, -0.2, 0.7]
        found = lstm_vs_gru.upstream_gradients(cell, steps, dh)
        assert len(found) == len(xs) + 1 and list(found[0]) == dh
        expected = tinyrnn.backward(cell, steps, [[0.0] * 3] * (len(xs) - 1) + [dh]).dh0
        assert list(found[-1]) == pytest.approx(list(expected), abs=1e-14)


def test_a_counting_run_recognises_exactly_the_words_it_predicts() -> None:
    """The hand-set counter: C counts up on a and down on b; the read-out says '$' when C is back to 0."""
    # One unit: i = 1, f = 1 (always), C̃ = +tanh(big) on a, −tanh(big) on b; o = 1.  h = tanh(C) ≈ 0.76·count.
    big = 20.0
    params = {
        "W_f": [[0.0, big, big]],
        "b_f": [0.0],
        "W_i": [[0.0, big, big]],
        "b_i": [0.0],
        "W_c": [[0.0, big, -big]],
        "b_c": [0.0],
        "W_o": [[0.0, big, big]],
        "b_o": [0.0],
    }
    cell = tinyrnn.LSTMCell.from_params(params)
    # y = [h, 0.2 − h]: "b" (class 0) while h > 0.1 (some a left to match), "$" when h ≈ 0.
    readout = Linear.from_params({"W_y": [[1.0], [-1.0]], "b_y": [0.0, 0.2]})
    assert lstm_vs_gru.largest_recognised(cell, readout, "ab", 6) == 6
    assert lstm_vs_gru.recognises(cell, readout, 3, "ab")
    wrong = Linear.from_params({"W_y": [[1.0], [-1.0]], "b_y": [0.0, 2.0]})  # always "$"
    assert lstm_vs_gru.largest_recognised(cell, wrong, "ab", 6) == 1  # right only for n = 1


def test_counting_task_words_and_its_bad_input() -> None:
    assert counting_word(1).targets == {1: 1}
    assert counting_word(2, "abc").targets == {2: 0, 3: 1, 4: 1, 5: 2}
    task = counting_task(n_max=4, loss="mse")
    assert task.train[1].targets == {2: [1.0, 0.0], 3: [0.0, 1.0]} and task.tolerance == 0.5
    with pytest.raises(ValueError, match=r"letters must be a str of at least 2 different letters, got 'aa'"):
        counting_word(2, "aa")
    with pytest.raises(ValueError, match=r"loss must be 'cross_entropy' or 'mse', got 'l1'"):
        counting_task(loss="l1")
    with pytest.raises(ValueError, match=r"n_max"):
        counting_task(n_max=0)


# The statistics ------------------------------------------------------------------------------------------


def _brute_force_fisher(a: int, n_a: int, b: int, n_b: int) -> float:
    """Every table with these margins, its probability by counting arrangements (no formula shared)."""
    from itertools import combinations

    items = [1] * (a + b) + [0] * (n_a + n_b - a - b)
    tables: dict[int, int] = {}
    for chosen in combinations(range(len(items)), n_a):
        k = sum(items[i] for i in chosen)
        tables[k] = tables.get(k, 0) + 1
    total = sum(tables.values())
    observed = tables[a] / total
    return sum(count / total for count in tables.values() if count / total <= observed * (1 + 1e-9))


@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_fisher_exact_against_counting_every_arrangement(n_a: int, n_b: int, data: st.DataObject) -> None:
    a, b = data.draw(st.integers(0, n_a)), data.draw(st.integers(0, n_b))
    p = study_stats.fisher_exact(a, n_a, b, n_b)
    assert p == pytest.approx(_brute_force_fisher(a, n_a, b, n_b), abs=1e-12)
    assert p == pytest.approx(study_stats.fisher_exact(b, n_b, a, n_a), abs=1e-12)


def test_fisher_exact_known_values_and_bad_input() -> None:
    assert study_stats.fisher_exact(5, 12, 10, 12) == pytest.approx(0.0894, abs=5e-4)  # the issue's rerun: p ≈ 0.09
    assert study_stats.fisher_exact(3, 10, 3, 10) == 1.0
    with pytest.raises(ValueError, match=r"solved_a must be between 0 and n_a = 4, got 5"):
        study_stats.fisher_exact(5, 4, 0, 4)


@given(st.lists(st.floats(-10, 10), min_size=1, max_size=30))
def test_the_bootstrap_interval_holds_the_mean_and_repeats(sample: list[float]) -> None:
    found = study_stats.bootstrap_mean(sample)
    assert found["low"] <= found["mean"] + 1e-9 and found["mean"] <= found["high"] + 1e-9
    assert min(sample) - 1e-9 <= found["low"] and found["high"] <= max(sample) + 1e-9
    assert study_stats.bootstrap_mean(sample) == found  # seeded: the report is regenerated identically


def test_the_bootstrap_interval_covers_the_true_mean_about_95_percent_of_the_time() -> None:
    import random

    rng = random.Random(7)
    covered = 0
    for trial in range(200):
        sample = [rng.gauss(1.0, 1.0) for _ in range(20)]
        found = study_stats.bootstrap_mean(sample, seed=trial)
        covered += found["low"] <= 1.0 <= found["high"]
    assert 0.88 <= covered / 200 <= 0.99


def test_a_comparison_decides_by_the_stated_rule() -> None:
    def runs(scores: list[float]) -> list[dict[str, Any]]:
        return [{"score": s, "solved": s >= 0.9} for s in scores]

    assert study_report.compare(runs([1.0] * 10), runs([0.3] * 10))["outcome"] == "a"
    assert study_report.compare(runs([0.3] * 10), runs([1.0] * 10))["outcome"] == "b"
    assert study_report.compare(runs([0.50, 0.51] * 5), runs([0.51, 0.50] * 5))["outcome"] == "equivalent"
    assert study_report.compare(runs([0.0, 1.0] * 3), runs([1.0, 0.0] * 3))["outcome"] == "undecided"


# The committed results -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    return lstm_vs_gru.load(RESULTS / "lstm_vs_gru.json")


def test_the_committed_results_are_a_full_run(committed: dict[str, Any]) -> None:
    assert committed["setting"] == "full" and committed["parameters"] == lstm_vs_gru.SETTINGS["full"]
    assert committed["runs"] == len(lstm_vs_gru.plan(committed["parameters"]))
    assert committed["total_seconds"] <= 60 * 60 and committed["quick_seconds"] <= 60
    assert len(study_report.verdicts(committed)) == 7


def test_the_docs_page_and_the_report_are_the_committed_results(committed: dict[str, Any]) -> None:
    page = (ROOT / "docs" / "_lstm_vs_gru_results.md").read_text(encoding="utf-8")
    assert page == study_report.markdown(committed, figure_folder="_static/lstm_vs_gru/", docs=True)
    assert (RESULTS / "lstm_vs_gru.md").read_text(encoding="utf-8") == study_report.markdown(committed)
    for name, svg in study_figures.figures(committed).items():
        assert (ROOT / "docs" / "_static" / "lstm_vs_gru" / f"{name}.svg").read_text(encoding="utf-8") == svg
        assert (RESULTS / f"lstm_vs_gru-{name}.svg").read_text(encoding="utf-8") == svg
    for verdict in study_report.verdicts(committed):
        assert verdict["verdict"] in VERDICTS and f"**{verdict['verdict']}**" in page


def test_the_shipped_counting_cells_are_the_studys_and_count(committed: dict[str, Any]) -> None:
    folder = resources.files("tinyrnn") / "pretrained"
    for name, expected in study_report.pretrained(committed).items():
        shipped = json.loads((folder / name).read_text(encoding="utf-8"))
        assert shipped == json.loads(json.dumps(expected))
        cell = family.from_params(shipped["key"], shipped["params"])
        readout = Linear.from_params(shipped["readout"])
        largest = lstm_vs_gru.largest_recognised(cell, readout, "ab", committed["parameters"]["counting"]["test_up_to"])
        assert largest == shipped["largest_n"]
    lstm = json.loads((folder / "counting_lstm.json").read_text(encoding="utf-8"))
    gru = json.loads((folder / "counting_gru.json").read_text(encoding="utf-8"))
    assert lstm["largest_n"] >= 2 * committed["parameters"]["counting"]["n_max"]  # the LSTM counts beyond training
    # The GRU's state is a convex mix of values in (−1, 1): bounded whatever the word's length.
    run = family.from_params(gru["key"], gru["params"]).run(counting_word(60).xs)
    assert all(abs(v) < 1 for step in run for v in step.h)
    # The LSTM's cell state has no such bound: |C_t| ≤ |C_{t-1}| + 1, and the counter does climb past 1.
    lstm_run = family.from_params(lstm["key"], lstm["params"]).run(counting_word(30).xs)
    assert max(abs(v) for step in lstm_run for v in step.c) > 1.0
    for step in lstm_run:
        assert all(abs(c) <= abs(p) + 1 + 1e-12 for c, p in zip(step.c, step.c_prev, strict=True))


def test_the_verdict_counts_are_consistent(committed: dict[str, Any]) -> None:
    """Every number of a verdict row is recomputable: the solved counts add up to the runs."""
    for task, entry in committed["battery"].items():
        for arm, data in entry["arms"].items():
            assert sum(r["solved"] for r in data["runs"]) <= len(data["runs"]), (task, arm)
            assert all(math.isfinite(r["score"]) for r in data["runs"])
