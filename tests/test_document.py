"""The exercise sheets' document model (tinyrnn.exercises.document): inline math must be balanced."""

from __future__ import annotations

import pytest

from tinyrnn.exercises.document import FORMATS, write


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unbalanced_dollar_sign_is_an_error_not_a_garbled_page(fmt: str) -> None:
    with pytest.raises(ValueError, match=r"^unbalanced \$ in 'costs \$5 and \$f_t\$'$"):
        write([("paragraph", "costs $5 and $f_t$")], fmt, str)
    assert write([("paragraph", "costs 5 and $f_t$")], "text", str) == "costs 5 and f_t"
