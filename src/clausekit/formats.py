"""The artifacts a build can produce, by format name (what `--format` takes).

Variant formats are pure functions of a Document; a format may write several
files (a sheet comes as .md, .txt, .json and .html). Two formats are special:
`json` (license.json) is rendered last because it records the sha256 of the
variant's other artifacts, and `compat` is one matrix for the whole family.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .document import Document
from .model import Family
from .render_compat import render_compat_json, render_compat_markdown
from .render_markdown import render_markdown
from .render_sheet import render_sheet_html, render_sheet_json, render_sheet_markdown, render_sheet_text
from .render_text import render_text

Render = Callable[[Document], str]
FamilyRender = Callable[[Family], str]


@dataclass(frozen=True)
class Format:
    name: str
    files: tuple[tuple[str, Render], ...]  # (file name in <out>/<variant id>/, renderer)
    description: str
    applies: Callable[[Document], bool] = lambda document: True


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("txt", (("license.txt", render_text),), "canonical plain text"),
        Format("md", (("license.md", render_markdown),), "canonical Markdown"),
        Format(
            "sheet",
            (
                ("sheet.md", render_sheet_markdown),
                ("sheet.txt", render_sheet_text),
                ("sheet.json", render_sheet_json),
                ("sheet.html", render_sheet_html),
            ),
            "model sheet",
            applies=lambda document: document.sheet is not None,  # the family may declare no sheet
        ),
    )
}
METADATA_FORMAT, METADATA_FILE = "json", "license.json"
FAMILY_FORMAT = "compat"
FAMILY_FILES: tuple[tuple[str, FamilyRender], ...] = (
    ("compat.json", render_compat_json),
    ("compat.md", render_compat_markdown),
)
FORMAT_NAMES = (*FORMATS, METADATA_FORMAT, FAMILY_FORMAT)
DEFAULT_FORMATS = FORMAT_NAMES
