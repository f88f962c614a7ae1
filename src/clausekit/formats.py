"""The editions a build can produce, each a pure function of a Document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .document import Document
from .render_markdown import render_markdown
from .render_text import render_text


@dataclass(frozen=True)
class Format:
    name: str  # what --format takes
    filename: str  # file name inside <out>/<variant id>/
    render: Callable[[Document], bytes]
    description: str


def _utf8(render: Callable[[Document], str]) -> Callable[[Document], bytes]:
    return lambda document: render(document).encode("utf-8")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("txt", "license.txt", _utf8(render_text), "canonical plain text"),
        Format("md", "license.md", _utf8(render_markdown), "canonical Markdown"),
    )
}
DEFAULT_FORMATS = tuple(FORMATS)
