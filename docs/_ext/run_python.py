"""Sphinx directive ``run-python``: run code at build time and insert what it prints.

Every number on a tinyrnn docs page comes from the library at build time,
never from a hand-typed copy. A page writes::

    ```{run-python}
    :output: markdown
    :show-code:
    from tinyrnn import examples
    print(examples.slide_lstm().render("markdown"))
    ```

Options:
``:output:`` ``text`` (default: stdout in a code block), ``markdown`` (parsed
as MyST, so tables and ``$math$`` render), ``html`` (raw HTML) or ``none``.
``:show-code:`` also shows the code. Shown code must be a copyable,
self-contained example, so it runs in a fresh namespace (a missing import
fails the build); hidden blocks share one namespace per page, in order.

Any exception fails the build (it is reported as an error, and the docs are
built with ``-W``).
"""

from __future__ import annotations

import contextlib
import io
import traceback
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

OUTPUTS = ("text", "markdown", "html", "none")


class RunPython(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "output": lambda value: directives.choice(value, OUTPUTS),
        "show-code": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        code = "\n".join(self.content)
        shared = self.env.temp_data.setdefault("run_python_namespace", {"__name__": "__docs__"})
        fresh = "show-code" in self.options
        namespace = {"__name__": "__docs__"} if fresh else shared
        where = f"{self.env.docname}:{self.lineno}"
        stdout = io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout):
                exec(compile(code, f"<run-python {where}>", "exec"), namespace)  # noqa: S102 - the docs' own code blocks
        except Exception:  # noqa: BLE001 - any error in a block becomes a build error naming the block
            return [
                self.state.document.reporter.error(
                    f"run-python block at {where} raised:\n{traceback.format_exc()}", line=self.lineno
                )
            ]
        if fresh:
            shared.update({k: v for k, v in namespace.items() if not k.startswith("__")})
        result: list[nodes.Node] = []
        if fresh:
            result.append(nodes.literal_block(code, code, language="python"))
        output = stdout.getvalue()
        kind = self.options.get("output", "text")
        if kind == "text" and output:
            result.append(nodes.literal_block(output, output, language="text"))
        elif kind == "markdown":
            result.extend(self.parse_text_to_nodes(output))
        elif kind == "html":
            result.append(nodes.raw("", output, format="html"))
        return result


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("run-python", RunPython)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
