"""The document model: one assembled license variant, ready for any renderer.

Renderers take a `Document` and return text; they never see fragments, templates or
files. Numbers are final here and references are already resolved.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from clausekit.sources.types import Answer, FactValue


@dataclass(frozen=True)
class Span:
    """A run of inline text with one style."""

    text: str
    strong: bool = False
    emphasis: bool = False


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]


Block = Paragraph | ListBlock


@dataclass(frozen=True)
class Clause:
    id: str
    number: str | None
    title: str
    term: str | None
    blocks: tuple[Block, ...]
    children: tuple[Clause, ...]
    source: str  # the fragment file it came from, for diagnostics and diffs


@dataclass(frozen=True)
class Section:
    id: str
    number: str | None
    label: str
    title: str
    layout: str
    clauses: tuple[Clause, ...]

    @property
    def heading(self) -> str:
        """E.g. "Section 2. License Rights"; unnumbered parts show their title only."""
        if self.number is None:
            return self.title
        return f"{self.label} {self.number}. {self.title}"


@dataclass(frozen=True)
class SheetEntry:
    id: str
    label: str
    answer: Answer


@dataclass(frozen=True)
class SheetGroup:
    title: str
    entries: tuple[SheetEntry, ...]


@dataclass(frozen=True)
class Sheet:
    """A variant's summary sheet, computed from its options and facts."""

    title: str  # what the family calls it, e.g. "Summary sheet"
    note: str
    groups: tuple[SheetGroup, ...]

    def answer(self, row_id: str) -> Answer | None:
        return next((e.answer for g in self.groups for e in g.entries if e.id == row_id), None)


@dataclass(frozen=True)
class Document:
    variant_id: str
    variant_name: str
    title: str
    family: str
    version: str
    options: tuple[tuple[str, str], ...]  # (code, name) in family order
    facts: Mapping[str, FactValue] = field(hash=False)
    sections: tuple[Section, ...] = ()
    sheet: Sheet | None = None

    def clauses(self) -> Iterator[tuple[Section, Clause]]:
        """Every clause and sub-clause in reading order, with its section."""
        for section in self.sections:
            for clause in section.clauses:
                yield section, clause
                for child in clause.children:
                    yield section, child


def document_digest(document: Document) -> str:
    """A fingerprint of everything a renderer can see, to skip renders whose inputs did not change."""
    data = json.dumps(dataclasses.asdict(document), sort_keys=True, ensure_ascii=False, default=list)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def block_paragraphs(blocks: tuple[Block, ...]) -> Iterator[Paragraph]:
    """Every paragraph in the blocks, depth first, in reading order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for item in block.items:
                yield from block_paragraphs(item)
