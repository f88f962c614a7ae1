"""Paragraphs (blocks separated by blank lines) and their words: what the round trip compares.

Layout is not wording: whitespace, line wrapping, an underline below a heading and the
`#` marks of a Markdown heading may differ between an input and its rebuilt text;
every other character counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNDERLINE = re.compile(r"[=\-]{3,}\Z")
MARKDOWN_HEADING = re.compile(r"#{1,6}\s+")


@dataclass(frozen=True)
class Block:
    """One paragraph as written: its lines and the line it starts on."""

    lines: tuple[str, ...]
    line: int
    markdown: bool = False  # from a Markdown file: `#` opens a heading

    @property
    def text(self) -> str:
        """The paragraph on one line, with heading markup (underline, and `#` in Markdown) removed."""
        return " ".join(words(self.lines, self.markdown))


def blocks(text: str, markdown: bool = False) -> list[Block]:
    found: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            found.append(Block(tuple(current), start, markdown))
            current = []
    if current:
        found.append(Block(tuple(current), start, markdown))
    return [b for b in found if words(b.lines, markdown)]


def words(lines: tuple[str, ...] | list[str], markdown: bool = False) -> list[str]:
    """The words of a paragraph's lines: heading markup is layout, not words (`#` only in Markdown)."""
    kept = list(lines)
    if len(kept) > 1 and UNDERLINE.match(kept[-1]):
        kept = kept[:-1]
    if markdown and kept and (m := MARKDOWN_HEADING.match(kept[0])) and len(kept) == 1:
        kept = [kept[0][m.end() :]]
    return [w for line in kept for w in line.split()]


def paragraph_words(text: str, markdown: bool = False) -> list[tuple[str, ...]]:
    """Every paragraph of a text as its words, in order: the unit the round trip compares."""
    return [tuple(words(b.lines, markdown)) for b in blocks(text, markdown)]
