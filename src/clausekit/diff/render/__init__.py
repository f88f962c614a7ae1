"""Diff reports as text (plain or coloured), Markdown, HTML and JSON.

The readable formats share one outline (outline.py: parts of indented lines made of
styled runs), built once from the report, so they always say the same thing; each
writer (text.py, terminal.py, markdown.py, html.py) only decides how a style looks.
JSON (json.py) is built from the report directly, for tools. Every piece of clause
text is escaped for the format it is written in.
"""

from __future__ import annotations

from clausekit.diff.render.html import render_html, render_html_body
from clausekit.diff.render.json import render_json, report_data
from clausekit.diff.render.markdown import render_markdown
from clausekit.diff.render.terminal import render_rich
from clausekit.diff.render.text import render_text

__all__ = [
    "RENDERERS",
    "render_html",
    "render_html_body",
    "render_json",
    "render_markdown",
    "render_rich",
    "render_text",
    "report_data",
]

RENDERERS = {"text": render_text, "md": render_markdown, "json": render_json, "html": render_html}
