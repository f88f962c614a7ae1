"""One variant's text as sections and clauses, the shape the outline and fragments take.

A section's clauses must be numbered as a build numbers them (N.1, N.2, ... in order, and
N.k.1, ... below them), because a build numbers clauses after selection. A section
that is not (text before its first clause, a gap in the numbers) is kept as text: one
unnumbered clause whose paragraphs carry their numbers as words, so the round trip still
holds, and the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clausekit.ingest.headings import Heading, Numbered, classify
from clausekit.ingest.paragraphs import Block, blocks


@dataclass
class RawClause:
    """A clause as one variant writes it."""

    number: str
    title: str | None  # the heading's title; None when the number runs into the text
    form: str | None  # the heading's format, e.g. "{number} {title}"
    paragraphs: list[str]
    line: int
    children: list[RawClause] = field(default_factory=list)

    @property
    def inline(self) -> bool:
        return self.title is None


@dataclass
class RawSection:
    """A top-level part as one variant writes it. `clauses` is None when it is kept as text."""

    heading: Heading | None  # None for the text before the first heading
    paragraphs: list[tuple[str, int]]  # everything under the heading, as (text, line)
    line: int
    clauses: list[RawClause] | None = None


@dataclass(frozen=True)
class RawText:
    title: str | None  # the first line when it is marked as a heading (underlined, `#`)
    sections: tuple[RawSection, ...]


def parse(text: str, markdown: bool = False) -> RawText:
    found = blocks(text, markdown)
    title: str | None = None
    front = RawSection(None, [], 1)
    sections = [front]
    last_top = 0
    for index, block in enumerate(found):
        kind = classify(block)
        if index == 0 and isinstance(kind, Heading) and kind.marked and kind.number is None:
            title = kind.title
            front.paragraphs.append((block.text, block.line))
            continue
        if isinstance(kind, Heading) and kind.level == 1 and _starts_section(kind, last_top):
            if kind.number is not None and kind.number.isdigit():
                last_top = int(kind.number)
            sections.append(RawSection(kind, [], block.line))
            continue
        sections[-1].paragraphs.append((block.text, block.line))
    # A heading with nothing under it (a part title, "5. Reserved") has no clause to hold:
    # it stays a line of text of the part before it.
    for index in range(len(sections) - 1, 0, -1):
        empty = sections[index]
        if not empty.paragraphs and empty.heading is not None:
            heading_text = next(b.text for b in found if b.line == empty.line)
            sections[index - 1].paragraphs.append((heading_text, empty.line))
            del sections[index]
    if not front.paragraphs:
        sections.remove(front)
    for section in sections:
        section.clauses = _clauses(section, found)
    return RawText(title, tuple(sections))


def _starts_section(heading: Heading, last_top: int) -> bool:
    """A numbered `3. Title` line starts a section only after section 2 or lower: else it is a list item."""
    if heading.marked or heading.label is not None or heading.number is None:
        return True
    return heading.number.isdigit() and int(heading.number) > last_top


def _clauses(section: RawSection, found: list[Block]) -> list[RawClause] | None:
    heading = section.heading
    if heading is None or heading.number is None or not section.paragraphs:
        return None
    by_line = {b.line: b for b in found}
    clauses: list[RawClause] = []
    for text, line in section.paragraphs:
        kind = classify(by_line[line])
        current = clauses[-1] if clauses else None
        if isinstance(kind, Heading | Numbered) and kind.number == f"{heading.number}.{len(clauses) + 1}":
            clauses.append(_clause(kind, line))
        elif (
            current is not None
            and isinstance(kind, Heading | Numbered)
            and kind.number == f"{current.number}.{len(current.children) + 1}"
        ):
            current.children.append(_clause(kind, line))
        elif current is None:
            return None  # text before the first clause: the section stays text
        else:
            (current.children[-1] if current.children else current).paragraphs.append(text)
    return clauses


def _clause(kind: Heading | Numbered, line: int) -> RawClause:
    if isinstance(kind, Numbered):
        return RawClause(kind.number, None, None, [kind.text], line)
    assert kind.number is not None
    return RawClause(kind.number, kind.title, kind.form, [], line)
