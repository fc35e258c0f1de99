"""scripts/mutation_report.py: the mutation score is computed from mutmut's own result files."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.version_info < (3, 11), reason="the script reads pyproject.toml with tomllib")


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_report", ROOT / "scripts" / "mutation_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_score_leaves_the_equivalent_survivors_out_of_the_denominator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = load_script()
    (tmp_path / "pyproject.toml").write_text('[tool.mutmut]\nonly_mutate = ["src/pkg/a.py", "src/pkg/b.py"]\n')
    meta = tmp_path / "mutants" / "src" / "pkg"
    meta.mkdir(parents=True)
    # a.py: 6 killed (exit codes 1 and 3), 1 timeout, 2 survivors, 1 without tests
    codes_a = {f"pkg.a.x_f__mutmut_{k}": code for k, code in enumerate([1, 1, 1, 1, 1, 3, -24, 0, 0, 33], 1)}
    codes_b = {"pkg.b.x_g__mutmut_1": 1, "pkg.b.x_g__mutmut_2": 0}
    for name, codes in (("a.py", codes_a), ("b.py", codes_b)):
        (meta / f"{name}.meta").write_text(json.dumps({"exit_code_by_key": codes}))
    (tmp_path / "EQUIVALENT.md").write_text(
        "- `pkg.a.x_f__mutmut_8` -- equivalent because...\n- `pkg.a.x_f__mutmut_1` -- listed but killed\n"
    )
    monkeypatch.setattr(script, "ROOT", tmp_path)
    monkeypatch.setattr(script, "EQUIVALENT", tmp_path / "EQUIVALENT.md")
    monkeypatch.setattr(script, "MUTANT_NAME", script.re.compile(r"`(pkg\.[^`\s]+__mutmut_\d+)`"))
    # the installed mutmut's version (CI runs this test without the mutation extra)
    monkeypatch.setattr(script, "version", {"mutmut": "3.8.1"}.__getitem__)

    summary = script.summarise(duration_s=12.5)

    assert (summary["total"], summary["killed"], summary["timeout"], summary["survived"]) == (12, 7, 1, 3)
    assert summary["skipped/no_tests"] == 1
    assert summary["equivalent"] == 1  # only survivors count, so mutant 1 (killed) does not
    assert summary["listed_in_EQUIVALENT_md_but_not_surviving"] == ["pkg.a.x_f__mutmut_1"]
    assert summary["score"] == round((7 + 1) / (12 - 1), 4)
    assert summary["raw_score"] == round(7 / 12, 4)
    assert summary["per_module"]["a"]["score"] == round((6 + 1) / (10 - 1), 4)
    assert summary["per_module"]["b"]["score"] == 0.5
    assert summary["duration_s"] == 12.5
    assert summary["mutmut_version"] == "3.8.1"
    assert summary["modules"] == ["a", "b"]
