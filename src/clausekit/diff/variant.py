"""Compare one variant's two documents, clause by clause, as that variant renders them.

Clause text is compared per variant, so an edit inside a conditional is reported
only for the variants that render that branch. Before comparing, each reference in
the OLD text ("Section 2.4") is rewritten to the label the same target has in the
NEW text ("Section 2.5"). A reference that changed only because of renumbering is
then no change, while one that now points to another clause still is (masking every
number would hide that).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from clausekit.diff.matching import ClausePair, VariantPair
from clausekit.diff.report import Renumbered, RenumberGroup
from clausekit.diff.words import normalise, same_words
from clausekit.document.types import Block, Clause, Document, Paragraph, Section, reference_pattern

BULLET = "•"  # every list item starts with it: item numbers are layout, not text


@dataclass(frozen=True)
class Placed:
    """A clause as one variant renders it: where it stands and its comparable text."""

    section: Section
    clause: Clause

    @property
    def label(self) -> str | None:
        """How a reference names it, e.g. "Section 2.4"; None when unnumbered."""
        return self.clause.number_label

    @property
    def text(self) -> str:
        return clause_text(self.clause)


@dataclass(frozen=True)
class ClauseInVariant:
    """How one matched clause differs in one variant."""

    status: str  # "same", "changed", "added", "removed"
    old_text: str = ""
    new_text: str = ""
    title_changed: bool = False
    number: str | None = None  # the number it has in this variant (new side, old when removed)


@dataclass(frozen=True)
class ComparedVariant:
    pair: VariantPair
    old: Document
    new: Document
    clauses: Mapping[int, ClauseInVariant]  # index into the clause pairs -> how it differs
    mapping: tuple[Renumbered, ...]

    def count(self, status: str) -> int:
        return sum(1 for c in self.clauses.values() if c.status == status)


def placed_clauses(document: Document) -> dict[str, Placed]:
    """Every clause of a document by id, with the label references use for it."""
    return {clause.id: Placed(section, clause) for section, clause in document.clauses()}


def clause_text(clause: Clause) -> str:
    """A clause's own text (not its sub-clauses'), normalised: no wrapping, no item numbers."""
    return normalise(list(_paragraphs(clause.blocks, "")))


def _paragraphs(blocks: Iterable[Block], lead: str) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield lead + block.text
            lead = ""
        else:
            for item in block.items:
                yield from _paragraphs(item, f"{BULLET} ")
            lead = ""


def _section_labels(document: Document) -> dict[str, str]:
    return {s.id: s.number_label for s in document.sections if s.number_label is not None}


def compare_variant(
    pair: VariantPair,
    documents: tuple[Document, Document],
    placed: tuple[Mapping[str, Placed], Mapping[str, Placed]],
    clauses: Sequence[ClausePair],
) -> ComparedVariant:
    old, new = documents
    old_placed, new_placed = placed
    new_sections = {s.id: s for s in new.sections}
    renamed_to: dict[str, str] = {}  # old label -> new label, for every target present on both sides
    mapping: list[Renumbered] = []
    old_section_labels, new_section_labels = _section_labels(old), _section_labels(new)
    for section in old.sections:
        target = new_sections.get(section.id) or next((s for s in new.sections if s.title == section.title), None)
        if target is not None and section.id in old_section_labels and target.id in new_section_labels:
            before, after = old_section_labels[section.id], new_section_labels[target.id]
            renamed_to[before] = after
            if before != after:
                mapping.append(Renumbered(before, after, target.title))
    for clause_pair in clauses:
        was = old_placed.get(clause_pair.old.id) if clause_pair.old is not None else None
        now = new_placed.get(clause_pair.new.id) if clause_pair.new is not None else None
        if was is not None and now is not None and was.label is not None and now.label is not None:
            renamed_to[was.label] = now.label
            if was.label != now.label:
                mapping.append(Renumbered(was.label, now.label, now.clause.title))
    rewrite = reference_rewriter(renamed_to)
    states: dict[int, ClauseInVariant] = {}
    for index, clause_pair in enumerate(clauses):
        was = old_placed.get(clause_pair.old.id) if clause_pair.old is not None else None
        now = new_placed.get(clause_pair.new.id) if clause_pair.new is not None else None
        if was is None and now is None:
            continue
        if was is None:
            assert now is not None
            states[index] = ClauseInVariant("added", new_text=now.text, number=now.clause.number)
        elif now is None:
            states[index] = ClauseInVariant("removed", old_text=was.text, number=was.clause.number)
        else:
            before, after = rewrite(was.text), now.text
            title_changed = was.clause.title != now.clause.title
            same = not title_changed and same_words(before, after)
            states[index] = ClauseInVariant(
                "same" if same else "changed", before, after, title_changed, now.clause.number
            )
    order = {label: n for n, label in enumerate(_reading_order(new))}
    mapping.sort(key=lambda r: order.get(r.new, len(order)))
    return ComparedVariant(pair, old, new, states, tuple(mapping))


def _reading_order(document: Document) -> Iterator[str]:
    """Every numbered label of a document, in reading order."""
    done: set[str] = set()
    for section, clause in document.clauses():
        if section.number_label is not None and section.id not in done:
            done.add(section.id)
            yield section.number_label
        if clause.number_label is not None:
            yield clause.number_label


def reference_rewriter(renamed_to: Mapping[str, str]) -> Callable[[str], str]:
    """Rewrites every reference label in a text to its new label, all at once.

    One alternation, longest labels first, so "Section 2.4" is never read as
    "Section 2" followed by ".4"; a label followed by more of a number does not match.
    """
    changed = {old: new for old, new in renamed_to.items() if old != new}
    if not changed:
        return lambda text: text
    pattern = reference_pattern(changed)
    assert pattern is not None
    return lambda text: pattern.sub(lambda m: changed[m.group(1)], text)


def group_renumbering(compared: Sequence[ComparedVariant]) -> tuple[RenumberGroup, ...]:
    """Each renumbering shown once, with every variant it happens in.

    Entries are grouped by the variants they share, so a heading renumbered in all
    variants is one line even when some variants also renumber others.
    """
    where: dict[Renumbered, list[str]] = {}
    for variant in compared:
        for entry in variant.mapping:
            where.setdefault(entry, []).append(variant.pair.id)
    groups: dict[tuple[str, ...], list[Renumbered]] = {}
    for entry, ids in where.items():
        groups.setdefault(tuple(ids), []).append(entry)
    ordered = sorted(groups.items(), key=lambda item: -len(item[0]))  # the widest first; stable otherwise
    return tuple(RenumberGroup(ids, tuple(entries)) for ids, entries in ordered)
