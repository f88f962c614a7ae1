"""Diff reports coloured for a terminal, with rich.

The same pieces as the plain text writer (text.py), each with its style, so the
[-old-] and {+new+} markers stay for colour-blind readers and for copied text.
"""

from __future__ import annotations

from rich.text import Text

from clausekit.diff.render.outline import Report, outline
from clausekit.diff.render.text import text_pieces


def render_rich(report: Report) -> Text:
    """The same as render_text, coloured for a terminal (the markers stay for colour-blind readers)."""
    text = Text()
    for piece in text_pieces(outline(report), styled=True):
        if isinstance(piece, tuple):
            text.append(piece[0], style=piece[1])
        else:
            text.append(piece)
    return text
