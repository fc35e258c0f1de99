"""The single-file page inlines its CSS and JavaScript: a file that would end its own element is refused."""

from __future__ import annotations

import pytest

from tinyrnn.explainer import page


@pytest.mark.parametrize(
    ("name", "ending"), [(page.SCRIPTS[-1], "// </SCRIPT> in a comment"), (page.STYLESHEET, "/* </style */")]
)
def test_a_static_file_that_would_close_its_inline_element_is_refused(
    name: str, ending: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = page._static
    monkeypatch.setattr(page, "_static", lambda file: real(file) + (ending if file == name else ""))
    element = "style" if name == page.STYLESHEET else "script"
    with pytest.raises(RuntimeError, match=f"^the inlined {element} must not contain '</{element}'$"):
        page.standalone_html()
    monkeypatch.setattr(page, "_static", real)
    assert page.standalone_html().count("<script>") == 1  # the shipped files inline cleanly
