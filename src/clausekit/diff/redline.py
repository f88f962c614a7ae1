"""A redline as plain frozen data: the text with insertions, deletions and moves marked.

Built by tracked.py (one variant's whole text, or the clause-level review of a report)
and only formatted by the writers render/docx.py and render/blackline.py, as report.py's
values are by the other writers. Paragraph styles are Word's built-in names, which
every writer maps to its own look.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Op = Literal["equal", "insert", "delete"]
Move = Literal["from", "to"]

# Paragraph styles a writer must provide (Word's built-in names where Word has one).
TITLE, FIELD, HEADING1, HEADING2, HEADING3, BODY, ITEM, NOTE = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Body Text",
    "List Paragraph",
    "Note",
)


@dataclass(frozen=True)
class Piece:
    """A run of words with one fate and one look."""

    text: str  # with the space before it, as shown
    op: Op
    term: bool = False  # a defined term (strong in the document model)
    emphasis: bool = False
    renumbering: bool = False  # only a number that followed the numbering


@dataclass(frozen=True)
class RedParagraph:
    style: str
    pieces: tuple[Piece, ...]
    mark: Op = "equal"  # the paragraph mark: inserted, deleted (joins the next on accepting) or kept
    level: int = 0  # list depth, for ITEM
    move: Move | None = None  # the whole paragraph moved away from here, or to here
    move_name: str | None = None  # pairs a move's two ends
    move_first: bool = False  # opens (from/to) the move's range
    move_last: bool = False  # closes it

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclass(frozen=True)
class RedTable:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


RedBlock = RedParagraph | RedTable


@dataclass(frozen=True)
class Redline:
    title: str  # the document's title
    old_label: str
    new_label: str
    summary: tuple[str, ...]  # lines for the top of the document
    blocks: tuple[RedBlock, ...]
    counts: Mapping[str, int] = field(default_factory=dict, hash=False)  # "insert", "delete", "move", "renumbering"
