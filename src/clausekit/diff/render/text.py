"""Diff reports as plain text: deletions as [-old-], insertions as {+new+}.

`text_pieces` walks the shared outline once for both text writers: plain pieces for
`render_text`, and pieces tagged with a rich style for the terminal writer
(terminal.py), so the two never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator

from clausekit.diff.render.outline import Outline, Report, outline

TEXT_MARKS = {"del": ("[-", "-]"), "ins": ("{+", "+}")}
RICH_STYLES = {
    "strong": "bold",
    "code": "cyan",
    "dim": "dim",
    "del": "bold red strike",
    "ins": "bold green underline",
}


def render_text(report: Report) -> str:
    """Plain text: deletions as [-old-], insertions as {+new+}."""
    return "".join(str(piece) for piece in text_pieces(outline(report), styled=False))


def text_pieces(doc: Outline, styled: bool) -> Iterator[str | tuple[str, str]]:
    yield (doc.title, "bold") if styled else doc.title
    yield "\n"
    for part in doc.parts:
        yield "\n"
        yield (part.title, "bold underline") if styled else f"{part.title}\n{'-' * len(part.title)}"
        yield "\n"
        for line in part.lines:
            indent = "  " * (line.level + 1) + ("  " if line.quote else "")
            yield indent
            for run in line.runs:
                if run.style == "break":
                    yield "\n" + indent
                    continue
                opening, closing = TEXT_MARKS.get(run.style, ("", ""))
                shown = f"{opening}{run.text}{closing}"
                yield (shown, RICH_STYLES[run.style]) if styled and run.style in RICH_STYLES else shown
            yield "\n"
