"""The document model: one assembled license variant, ready for any renderer.

Renderers take a `Document` and return text; they never see fragments, templates or
files. Numbers are final here and references are already resolved.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from clausekit.sources.labels import ENGLISH, Labels
from clausekit.sources.types import (
    ACTIVE,
    CANONICAL_LAYOUT,
    Answer,
    FactValue,
    Family,
    Lifecycle,
    OutlineSection,
    Snippet,
    TextLayout,
)


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
    """One clause as placed in a variant: its number, how references name it and where it came from.

    The number, reference and anchor are set once, in assembly; renderers and the
    diff read them and never work them out again, so they cannot disagree.
    """

    id: str
    number: str | None
    title: str
    term: str | None
    blocks: tuple[Block, ...]
    children: tuple[Clause, ...]
    source: str  # the fragment file it came from, for diagnostics and diffs
    reference: str  # what ref() renders: "Section 2.4", or the quoted title when unnumbered
    anchor: str  # the HTML anchor of its heading: "section-2-4", or "<id>-heading" when unnumbered
    stale: bool = False  # a translation made from an earlier source text: renderers show `Document.stale_notice`

    @property
    def number_label(self) -> str | None:
        """The reference when it is a number ("Section 2.4"), the form the text cites and a diff renumbers."""
        return self.reference if self.number is not None else None


@dataclass(frozen=True)
class Section:
    """A top-level part of a variant; `label` is the outline's word ("Section"), `reference` the full name."""

    id: str
    number: str | None
    label: str
    title: str
    layout: str
    clauses: tuple[Clause, ...]
    source: str  # the family file whose outline declares it
    reference: str  # what ref() renders: "Section 2", or "the <title>" when unnumbered
    anchor: str  # the HTML anchor: "section-2", or the section id when unnumbered
    numbering: str | None = None  # the number part of its heading: "Section 2.", "第2条"; None when unnumbered
    heading_format: str | None = None  # the outline's own text-edition heading format, if it gives one

    @property
    def number_label(self) -> str | None:
        return self.reference if self.number is not None else None

    @property
    def heading(self) -> str:
        return self.title if self.numbering is None else f"{self.numbering} {self.title}"


def heading(reference: str | None, title: str, labels: Labels = ENGLISH) -> str:
    """E.g. "Section 2. License Rights" ("第2条 许可权利"); unnumbered parts show their title only.

    A function of the outline's fields, so that a diff can name a section that is
    in no assembled document (one the outline removed) exactly as a heading would.
    """
    return title if reference is None else f"{labels('{reference}.', reference=reference)} {title}"


def outline_heading(family: Family, section: OutlineSection) -> str:
    """An outline section's heading as an assembled document of `family` would show it."""
    reference = family.reference(section.label, section.number) if section.number is not None else None
    return heading(reference, section.title, family.labels)


# How an answer reads for the licensee, by the kind of its row when the answer is yes:
# a right granted is good news, a duty is to be known, a limitation is a warning.
TONES = {"permission": "good", "condition": "info", "limitation": "warning"}
# A permission answered no: a right withheld. The legend under every sheet defines ✗ as
# "right withheld" and "–" as "does not apply", so the tables, the summary and the site
# must all mark it so: "– no commercial use" would tell the reader it does not apply.
WITHHELD = "withheld"
# A condition or limitation answered no: no duty, no limit, nothing for the reader to heed.
ABSENT = "absent"


@dataclass(frozen=True)
class SheetEntry:
    id: str
    label: str
    answer: Answer
    kind: str | None = None  # `permission`, `condition` or `limitation`; None for a neutral row
    reads: str = ""  # the answer in the reader's words, e.g. "may not sublicense"

    @property
    def applies(self) -> bool:
        """Whether the right is granted, the duty imposed or the limitation in force."""
        return self.answer.allowed

    @property
    def tone(self) -> str:
        """How every table, list and page marks the answer: one tone per entry, wherever it shows.

        `good`, `info` or `warning` for a classified row that applies; `withheld` for a
        permission not granted; `absent` for a condition or limitation not in force; yes,
        no or limited for a neutral row.
        """
        if self.kind is None:
            return self.answer.mark
        if self.applies:
            return TONES[self.kind]
        return WITHHELD if self.withheld else ABSENT

    @property
    def withheld(self) -> bool:
        """A permission the variant does not grant: for the reader, a limitation."""
        return self.kind == "permission" and not self.applies


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

    def entry(self, row_id: str) -> SheetEntry | None:
        return next((e for g in self.groups for e in g.entries if e.id == row_id), None)

    @property
    def classified(self) -> bool:
        """Whether the family says what any row means (else the sheet reads neutral yes and no)."""
        return any(e.kind is not None for g in self.groups for e in g.entries)

    def applying(self, kind: str) -> tuple[SheetEntry, ...]:
        """The rows of one kind that apply, in sheet order: the variant's permissions, conditions or limitations."""
        return tuple(e for g in self.groups for e in g.entries if e.kind == kind and e.applies)

    def limiting(self) -> tuple[SheetEntry, ...]:
        """What limits the licensee, in sheet order: the limitations in force and the permissions withheld.

        A condition or limitation answered no stays out: it is the absence of a duty or a
        limit, which the reader need not be told at a glance.
        """
        return tuple(e for g in self.groups for e in g.entries if (e.kind == "limitation" and e.applies) or e.withheld)


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
    meanings: tuple[tuple[str, str], ...] = ()  # (code, one-line meaning) of each option, as in `options`
    publish: tuple[Snippet, ...] = ()  # the platform snippets the family declares, for license.json
    status: str = "draft"  # "released" when versions.yaml lists the edition; a draft is marked in every edition
    lifecycle: Lifecycle = ACTIVE  # the variant's own standing: active, deprecated or superseded
    layout: TextLayout = CANONICAL_LAYOUT  # how the plain-text edition lays it out (the family's `layout:`)
    language: str = "en"  # a BCP 47 tag: the HTML `lang`, the PDF's language, how text wraps
    labels: Labels = ENGLISH  # the toolchain's own words in that language
    # Shown at the top of the text: in a translation, that the default language governs, and,
    # when a clause is stale, `stale_notice` too; renderers also show `stale_notice` at each stale clause.
    notices: tuple[str, ...] = ()
    stale_notice: str = ""
    url: str | None = None  # the canonical URL (`addresses:`), None when the family declares none
    url_in_text: bool = False  # whether the text and Markdown headers print it (`addresses.header_url`)
    badge_colour: str | None = None  # "#rrggbb" by the kind of license; None: no badge (no `addresses:`)

    @property
    def reuse_file(self) -> str:
        """Where REUSE (reuse.software) expects the text: `LICENSES/<SPDX id>.txt`."""
        return f"LICENSES/{self.spdx_id}.txt"

    @property
    def spdx_id(self) -> str:
        """The SPDX identifier of a license outside the SPDX list."""
        return f"LicenseRef-{self.variant_id}"

    @property
    def draft(self) -> bool:
        return self.status != "released"

    def element_ids(self) -> Iterator[tuple[str, Section | Clause]]:
        """Every id the HTML edition gives a part, with its owner; each must be unique.

        A section has its anchor and its heading's; a clause has its id, and its anchor
        where it has a heading or a number. Lint checks these before any renderer runs.
        """
        for section in self.sections:
            yield section.anchor, section
            yield f"{section.anchor}-heading", section
        for section, clause in self.clauses():
            yield clause.id, clause
            if section.layout != "inline" or clause.number:
                yield clause.anchor, clause

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


def number_anchor(number: str) -> str:
    """`2.3.1` -> `section-2-3-1`, `A` -> `section-a`: the numeric anchor of a section or clause.

    The same "section-" prefix whatever the outline's label, so an anchor never
    changes when a label is renamed.
    """
    return "section-" + re.sub(r"[^0-9a-z]+", "-", number.lower()).strip("-")


# A letter or digit of an alphabetic script: a reference may not run into one. CJK characters
# are not among them, since CJK text runs words together ("见第2.4条的规定").
_WORD = r"0-9A-Za-z_\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"


def reference_pattern(labels: Iterable[str]) -> re.Pattern[str] | None:
    """A regex matching any of these reference labels in running text; None when there are none.

    Longest first, so "Section 2.3.1" wins over "Section 2.3"; a match may not run
    into a longer number ("Section 2.3" inside "Section 2.3.1") or a word.
    """
    names = sorted(set(labels), key=len, reverse=True)
    if not names:
        return None
    return re.compile(rf"(?<![{_WORD}.])(" + "|".join(re.escape(n) for n in names) + rf")(?![{_WORD}]|\.[{_WORD}])")


def block_paragraphs(blocks: tuple[Block, ...]) -> Iterator[Paragraph]:
    """Every paragraph in the blocks, depth first, in reading order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for item in block.items:
                yield from block_paragraphs(item)
