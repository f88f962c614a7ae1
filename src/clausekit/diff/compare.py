"""Compare two clean clause libraries: a pure function of two lint results.

Everything is matched by identity before anything is compared, so that what moved
or was renumbered is not mistaken for what changed:

- variants by name (the id carries the edition, so a new edition still matches),
  then by option set (a renamed variant);
- options by code, then by name; outline sections by id, then by title;
- clauses by id, then, for ids that disappeared and appeared, by title and text
  similarity (`words.best_pairs`, threshold `words.MATCH_THRESHOLD`).

Clause text is compared per variant, as each variant renders it, so an edit inside
a conditional is reported only for the variants that render that branch. Before
comparing, each reference in the OLD text ("Section 2.4") is rewritten to the
label the same target has in the NEW text ("Section 2.5"). A reference that
changed only because of renumbering is then no change, while one that now points
to another clause still is (masking every number would hide that).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from clausekit.diff.report import (
    KINDS,
    ClauseChange,
    DiffReport,
    FieldChange,
    OptionChange,
    Renumbered,
    RenumberGroup,
    SectionChange,
    SheetChange,
    TextChange,
    VariantChange,
    VerdictChange,
)
from clausekit.diff.words import best_pairs, normalise, same_words, word_diff
from clausekit.document.compat import COMPATIBLE, Verdict, matrix
from clausekit.document.types import Block, Clause, Document, Paragraph, Section, heading, reference_pattern
from clausekit.pipeline import Linted
from clausekit.sources import schema
from clausekit.sources.types import Answer, FactValue, Family, Fragment, Library, Option, OutlineSection, Variant

T = TypeVar("T")
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
class VariantPair:
    old: Variant | None
    new: Variant | None

    @property
    def id(self) -> str:
        """The id a report uses: the new one when the variant still exists."""
        found = self.new or self.old
        assert found is not None
        return found.id


@dataclass(frozen=True)
class ClausePair:
    old: Fragment | None
    new: Fragment | None
    similarity: float | None  # set when matched by similarity instead of id


def compare(old: Linted, new: Linted, old_label: str = "OLD", new_label: str = "NEW") -> DiffReport:
    """Everything that differs between two clean libraries, for every variant."""
    old_family, new_family = old.library.family, new.library.family
    variants = match_variants(old_family, new_family)
    sections = match_by_key(old_family.outline, new_family.outline, lambda s: s.id, lambda s: s.title)
    clauses = match_clauses(old.library, new.library)
    old_docs = {d.variant_id: d for d in old.documents}
    new_docs = {d.variant_id: d for d in new.documents}
    placed = ({i: placed_clauses(d) for i, d in old_docs.items()}, {i: placed_clauses(d) for i, d in new_docs.items()})
    compared = [
        _compare_variant(
            pair,
            (old_docs[pair.old.id], new_docs[pair.new.id]),
            (placed[0][pair.old.id], placed[1][pair.new.id]),
            clauses,
        )
        for pair in variants
        if pair.old is not None and pair.new is not None
    ]
    per_variant = {c.pair.id: c for c in compared}
    moved = moved_clauses(old.library, new.library, clauses, sections)
    libraries = (old.library, new.library)
    found = [
        (reading_key(old.library, new.library, pair), change)
        for index, pair in enumerate(clauses)
        if (change := _clause_change(index, pair, compared, variants, placed, libraries, moved)) is not None
    ]
    clause_changes = tuple(change for _, change in sorted(found, key=lambda item: item[0]))
    return DiffReport(
        old_label=old_label,
        new_label=new_label,
        name=new_family.name,
        sheet_title=new_family.vocabulary.sheet,
        family=_field_changes(
            [("name", old_family.name, new_family.name), ("version", old_family.version, new_family.version)]
        ),
        variants=tuple(_variant_change(pair, per_variant.get(pair.id), old_family, new_family) for pair in variants),
        options=option_changes(old_family, new_family),
        sections=section_changes(sections),
        clauses=clause_changes,
        renumbering=_group_renumbering(compared),
        compat=verdict_changes(old_family, new_family, variants),
    )


def restrict(report: DiffReport, variant_ids: Collection[str]) -> DiffReport:
    """The report as far as it concerns some variants (ids as the report names them)."""
    wanted = set(variant_ids)

    def keep(ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(i for i in ids if i in wanted)

    clauses = []
    for change in report.clauses:
        shown = replace(
            change,
            variants=keep(change.variants),
            included=keep(change.included),
            excluded=keep(change.excluded),
            text=tuple(
                TextChange(keep(t.variants), t.diff) for t in change.text if any(v in wanted for v in t.variants)
            ),
        )
        if shown.variants or shown.included or shown.excluded:
            clauses.append(shown)
    return replace(
        report,
        variants=tuple(v for v in report.variants if v.id in wanted),
        clauses=tuple(clauses),
        renumbering=tuple(
            RenumberGroup(keep(g.variants), g.mapping)
            for g in report.renumbering
            if any(v in wanted for v in g.variants)
        ),
        compat=tuple(c for c in report.compat if c.first in wanted or c.second in wanted),
    )


# --- matching -------------------------------------------------------------------------------


def match_variants(old: Family, new: Family) -> tuple[VariantPair, ...]:
    """Pairs in new family order, then removed variants in old order."""
    pairs = match_by_key(old.variants, new.variants, lambda v: v.name, lambda v: frozenset(v.options))
    return tuple(VariantPair(o, n) for o, n in pairs)


def match_by_key(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable], fallback: Callable[[T], Hashable]
) -> list[tuple[T | None, T | None]]:
    """Pair items with equal keys, then left-over items with equal fallback keys.

    New items come in their own order (each with its partner or None); old items
    left unpaired follow in theirs.
    """
    old_by_key = {key(o): o for o in old}
    partner: dict[int, T] = {}
    for index, item in enumerate(new):
        found = old_by_key.get(key(item))
        if found is not None:
            partner[index] = found
    taken = {id(o) for o in partner.values()}
    spare = {fallback(o): o for o in old if id(o) not in taken}
    for index, item in enumerate(new):
        if index not in partner and (found := spare.pop(fallback(item), None)) is not None:
            partner[index] = found
            taken.add(id(found))
    pairs: list[tuple[T | None, T | None]] = [(partner.get(i), item) for i, item in enumerate(new)]
    pairs += [(o, None) for o in old if id(o) not in taken]
    return pairs


def match_clauses(old: Library, new: Library) -> tuple[ClausePair, ...]:
    """By id; ids that vanished pair with ids that appeared when title and text are alike."""
    new_ids = {f.id for f in new.fragments}
    old_ids = {f.id for f in old.fragments}
    gone = [f for f in old.fragments if f.id not in new_ids]
    came = [f for f in new.fragments if f.id not in old_ids]
    similar = best_pairs(
        [(f.id, f.title, _source_text(f)) for f in gone], [(f.id, f.title, _source_text(f)) for f in came]
    )
    old_by_id = {f.id: f for f in old.fragments}
    renamed = {new_id: (old_by_id[old_id], score) for old_id, new_id, score in similar}
    pairs: list[ClausePair] = []
    for fragment in new.fragments:
        if fragment.id in old_by_id:
            pairs.append(ClausePair(old_by_id[fragment.id], fragment, None))
        elif fragment.id in renamed:
            partner, score = renamed[fragment.id]
            pairs.append(ClausePair(partner, fragment, score))
        else:
            pairs.append(ClausePair(None, fragment, None))
    paired = {p.old.id for p in pairs if p.old is not None}
    pairs += [ClausePair(f, None, None) for f in old.fragments if f.id not in paired]
    return tuple(pairs)


def reading_key(old: Library, new: Library, pair: ClausePair) -> tuple[int, tuple[tuple[int, str], ...]]:
    """Where a clause comes in reading order: its section's place in the new outline, then
    the `order` of each ancestor and of itself. A removed clause keeps its old place."""
    library, fragment = (new, pair.new) if pair.new is not None else (old, pair.old)
    assert fragment is not None
    chain = [(fragment.order, fragment.id)]
    while fragment.parent is not None and (parent := library.fragment(fragment.parent)) is not None:
        fragment = parent
        chain.append((fragment.order, fragment.id))
    outline = [s.id for s in new.family.outline]
    if fragment.section not in outline:
        outline = [s.id for s in old.family.outline]
    index = outline.index(fragment.section) if fragment.section in outline else len(outline)
    return (index, tuple(reversed(chain)))


def _source_text(fragment: Fragment) -> str:
    return " ".join(fragment.body.split())


def moved_clauses(
    old: Library,
    new: Library,
    clauses: Sequence[ClausePair],
    sections: Sequence[tuple[OutlineSection | None, OutlineSection | None]],
) -> frozenset[str]:
    """New ids of clauses now in another section or parent, or out of order with their neighbours.

    Order is the library's (section or parent, then `order`), not one variant's, and
    only clauses present on both sides count: an insertion or removal moves nothing.
    """
    section_map = {o.id: n.id for o, n in sections if o is not None and n is not None}
    clause_map = {p.old.id: p.new.id for p in clauses if p.old is not None and p.new is not None}

    def old_place(f: Fragment) -> tuple[str, str | None]:
        if f.parent is not None:
            return ("parent", clause_map.get(f.parent))
        return ("section", section_map.get(f.section or ""))

    def new_place(f: Fragment) -> tuple[str, str | None]:
        return ("parent", f.parent) if f.parent is not None else ("section", f.section)

    moved: set[str] = set()
    containers: dict[tuple[str, str | None], list[ClausePair]] = {}
    for pair in clauses:
        if pair.old is None or pair.new is None:
            continue
        if old_place(pair.old) != new_place(pair.new):
            moved.add(pair.new.id)
        else:
            containers.setdefault(new_place(pair.new), []).append(pair)
    for members in containers.values():
        before = [p.new.id for p in sorted(members, key=lambda p: _position(p.old)) if p.new]
        after = [p.new.id for p in sorted(members, key=lambda p: _position(p.new)) if p.new]
        # Of two equally long ways to explain a swap, blame the clause whose `order` was edited.
        kept_order = {p.new.id: 2 for p in members if p.new and p.old and p.new.order == p.old.order}
        kept = set(longest_common_subsequence(before, after, kept_order))
        moved.update(i for i in after if i not in kept)
    return frozenset(moved)


def _position(fragment: Fragment | None) -> tuple[int, str]:
    assert fragment is not None
    return (fragment.order, fragment.id)


def longest_common_subsequence(
    a: Sequence[str], b: Sequence[str], weights: Mapping[str, int] | None = None
) -> list[str]:
    """The heaviest run of items both sequences have in the same order (each item weighs 1
    unless `weights` says otherwise). Quadratic, which is fine for the few clauses of a section."""
    weight = weights or {}
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = max(
                lengths[i + 1][j + 1] + weight.get(a[i], 1) if a[i] == b[j] else 0,
                lengths[i + 1][j],
                lengths[i][j + 1],
            )
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j] and lengths[i][j] == lengths[i + 1][j + 1] + weight.get(a[i], 1):
            out.append(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


# --- one variant ----------------------------------------------------------------------------


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


def _compare_variant(
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


def _group_renumbering(compared: Sequence[ComparedVariant]) -> tuple[RenumberGroup, ...]:
    groups: dict[tuple[Renumbered, ...], list[str]] = {}
    for variant in compared:
        if variant.mapping:
            groups.setdefault(variant.mapping, []).append(variant.pair.id)
    return tuple(RenumberGroup(tuple(ids), mapping) for mapping, ids in groups.items())


# --- per clause, across variants ------------------------------------------------------------


def _clause_change(
    index: int,
    pair: ClausePair,
    compared: Sequence[ComparedVariant],
    variants: Sequence[VariantPair],
    placed: tuple[Mapping[str, Mapping[str, Placed]], Mapping[str, Mapping[str, Placed]]],
    libraries: tuple[Library, Library],
    moved: frozenset[str],
) -> ClauseChange | None:
    old_library, new_library = libraries
    old_place = _place(old_library, pair.old) if pair.old is not None else None
    new_place = _place(new_library, pair.new) if pair.new is not None else None
    source = FieldChange("source", pair.old.file if pair.old else None, pair.new.file if pair.new else None)
    place = FieldChange("place", old_place, new_place)
    title = FieldChange("title", pair.old.title if pair.old else None, pair.new.title if pair.new else None)
    if pair.old is None or pair.new is None:
        fragment = pair.new or pair.old
        assert fragment is not None
        side = placed[1] if pair.new is not None else placed[0]
        present = [
            (v.id, found)
            for v in variants
            if (variant := (v.new if pair.new is not None else v.old)) is not None
            and (found := side[variant.id].get(fragment.id)) is not None
        ]
        texts: dict[str, list[str]] = {}
        for vid, found in present:
            texts.setdefault(found.text, []).append(vid)
        return ClauseChange(
            old_id=pair.old.id if pair.old else None,
            new_id=pair.new.id if pair.new else None,
            kinds=("added",) if pair.new is not None else ("removed",),
            title=title,
            number=_numbers(found.clause.number for _, found in present),
            place=place,
            source=source,
            variants=tuple(i for i, _ in present),
            included=(),
            excluded=(),
            text=tuple(
                TextChange(tuple(ids), word_diff("", t) if pair.new is not None else word_diff(t, ""))
                for t, ids in texts.items()
            ),
            similarity=None,
        )
    states = [(c.pair.id, state) for c in compared if (state := c.clauses.get(index)) is not None]
    changed = [(vid, s) for vid, s in states if s.status == "changed"]
    included = tuple(vid for vid, s in states if s.status == "added")
    excluded = tuple(vid for vid, s in states if s.status == "removed")
    groups: dict[tuple[object, ...], tuple[list[str], TextChange]] = {}
    for vid, state in changed:
        if same_words(state.old_text, state.new_text):
            continue  # only the title changed
        diff = word_diff(state.old_text, state.new_text)
        entry = groups.setdefault(diff.edits(), ([], TextChange((), diff)))
        entry[0].append(vid)
    text = tuple(TextChange(tuple(ids), change.diff) for ids, change in groups.values())
    kinds = tuple(
        kind
        for kind, holds in (
            ("renamed", pair.old.id != pair.new.id),
            ("moved", pair.new.id in moved),
            ("changed", bool(changed or included or excluded) or pair.old.title != pair.new.title),
        )
        if holds
    )
    if not kinds:
        return None
    affected = [vid for vid, s in states if s.status != "same"]
    shown = [s.number for vid, s in states if vid in affected] or [s.number for _, s in states]
    return ClauseChange(
        old_id=pair.old.id,
        new_id=pair.new.id,
        kinds=tuple(k for k in KINDS if k in kinds),
        title=title,
        number=_numbers(shown),
        place=place,
        source=source,
        variants=tuple(affected),
        included=included,
        excluded=excluded,
        text=text,
        similarity=pair.similarity,
    )


def _numbers(numbers: Iterable[str | None]) -> str | None:
    unique = list(dict.fromkeys(n for n in numbers if n is not None))
    return "/".join(unique) if unique else None


def _place(library: Library, fragment: Fragment) -> str:
    """Where a fragment sits, as a reader names it: "Section 2. License Rights > Conditions"."""
    if fragment.parent is not None:
        parent = library.fragment(fragment.parent)
        return f"{_place(library, parent)} > {parent.title}" if parent is not None else fragment.parent
    section = library.family.section(fragment.section or "")
    if section is None:
        return fragment.section or ""
    return heading(section.label, section.number, section.title)


# --- variants, options, outline, remix verdicts ---------------------------------------------


def _variant_change(
    pair: VariantPair, compared: ComparedVariant | None, old_family: Family, new_family: Family
) -> VariantChange:
    if pair.old is None or pair.new is None:
        status = "added" if pair.new is not None else "removed"
        variant = pair.new or pair.old
        assert variant is not None
        return VariantChange(
            old_id=pair.old.id if pair.old else None,
            new_id=pair.new.id if pair.new else None,
            status=status,
            fields=(),
            facts=(),
            sheet=(),
            clauses_changed=0,
            clauses_added=0,
            clauses_removed=0,
            renumbered=0,
            summary=f"{variant.id}: {'new variant' if status == 'added' else 'removed'}"
            f" ({_option_list(variant.options)})",
        )
    assert compared is not None
    fields = _field_changes(
        [
            ("name", pair.old.name, pair.new.name),
            ("title", pair.old.title, pair.new.title),
            ("options", _option_list(pair.old.options), _option_list(pair.new.options)),
        ]
    )
    facts = fact_changes(pair.old.facts, pair.new.facts)
    sheet = sheet_changes(compared.old, compared.new)
    changed, added, removed = compared.count("changed"), compared.count("added"), compared.count("removed")
    renumbered = len(compared.mapping)
    status = (
        "renamed"
        if pair.old.name != pair.new.name
        else "changed"
        if fields or facts or sheet or changed or added or removed
        else "unchanged"
    )
    parts = [
        _count(changed, "clause", "changed"),
        _count(added, "clause", "added"),
        _count(removed, "clause", "removed"),
        f"{renumbered} renumbered" if renumbered else "",
    ]
    text = ", ".join(p for p in parts if p) if changed or added or removed or renumbered else "text unchanged"
    extra = [f"{', '.join(f.name for f in fields)} changed"] if fields else []
    if facts:
        extra.append(f"{_count(len(facts), 'fact', 'changed')} ({', '.join(f.name for f in facts)})")
    extra.append(_count(len(sheet), "sheet row", "changed") if sheet else "sheet unchanged")
    was = f" (was {pair.old.id})" if pair.old.id != pair.new.id else ""
    return VariantChange(
        old_id=pair.old.id,
        new_id=pair.new.id,
        status=status,
        fields=fields,
        facts=facts,
        sheet=sheet,
        clauses_changed=changed,
        clauses_added=added,
        clauses_removed=removed,
        renumbered=renumbered,
        summary=f"{pair.new.id}{was}: {', '.join([text, *extra])}",
    )


def _count(n: int, noun: str, verb: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'} {verb}" if n else ""


def _option_list(codes: Iterable[str]) -> str:
    return " ".join(codes) or "no options"


def _field_changes(values: Iterable[tuple[str, str | None, str | None]]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(name, old, new) for name, old, new in values if old != new)


def show_value(value: FactValue | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return "true" if value else "false"


def fact_changes(old: Mapping[str, FactValue], new: Mapping[str, FactValue]) -> tuple[FieldChange, ...]:
    names = [*new, *(n for n in old if n not in new)]
    return _field_changes((n, show_value(old.get(n)), show_value(new.get(n))) for n in names)


def sheet_changes(old: Document, new: Document) -> tuple[SheetChange, ...]:
    """Rows whose answer (or label) differs, in the new sheet's order, then removed rows."""

    def rows(document: Document) -> dict[str, tuple[str, Answer]]:
        sheet = document.sheet
        if sheet is None:
            return {}
        return {e.id: (e.label, e.answer) for g in sheet.groups for e in g.entries}

    before, after = rows(old), rows(new)
    changes = []
    for row in [*after, *(r for r in before if r not in after)]:
        was, now = before.get(row), after.get(row)
        if was == now:
            continue
        relabelled = was is not None and now is not None and was[0] != now[0]
        label = (now or was or ("", Answer(False)))[0]

        def shown(entry: tuple[str, Answer] | None, relabelled: bool = relabelled) -> str | None:
            if entry is None:
                return None
            return f"{entry[0]}: {entry[1].text}" if relabelled else entry[1].text

        changes.append(SheetChange(row, label, shown(was), shown(now)))
    return tuple(changes)


def option_changes(old: Family, new: Family) -> tuple[OptionChange, ...]:
    changes = []
    for was, now in match_by_key(old.options, new.options, lambda o: o.code, lambda o: o.name):
        if was is None or now is None:
            option = now or was
            assert option is not None
            status = "added" if now is not None else "removed"
            fields = tuple(
                FieldChange(n, None, v) if now is not None else FieldChange(n, v, None)
                for n, v in _option_fields(option)
            )
            changes.append(OptionChange(option.code, status, fields))
            continue
        fields = _field_changes(
            (n, o, v) for (n, o), (_, v) in zip(_option_fields(was), _option_fields(now), strict=True)
        )
        if fields:
            changes.append(OptionChange(now.code, "renamed" if was.code != now.code else "changed", fields))
    return tuple(changes)


_OPTION_SHOWN: dict[str, Callable[[Option], str]] = {
    "code": lambda o: o.code,
    "name": lambda o: o.name,
    "meaning": lambda o: o.meaning,
    "implies": lambda o: " ".join(o.implies) or "nothing",
    "clauses": lambda o: " ".join(o.clauses) or "none",
    "sheet": lambda o: ", ".join(f"{row}: {a.text}" for row, a in sorted(o.sheet.items())) or "no effect",
    "remix": lambda o: "unshareable" if o.unshareable_remix else "shareable",
}


def _option_fields(option: Option) -> list[tuple[str, str]]:
    """Every key of an option the schema declares, as a reader sees it (a new key fails here, not silently)."""
    return [(key, _OPTION_SHOWN[key](option)) for key in schema.OPTION.names()]


# Numbers and labels of sections show in the renumbering, not as field changes.
_SECTION_COMPARED = tuple(k for k in schema.SECTION.names() if k not in ("number", "label"))


def _section_fields(section: OutlineSection) -> list[tuple[str, str]]:
    shown = {"id": section.id, "title": section.title, "layout": section.layout, "when": section.when or "always"}
    return [(key, shown[key]) for key in _SECTION_COMPARED]


def section_changes(
    sections: Sequence[tuple[OutlineSection | None, OutlineSection | None]],
) -> tuple[SectionChange, ...]:
    """Outline sections added, removed or retitled (numbers and labels are in the renumbering)."""
    changes = []
    for was, now in sections:
        if was is None or now is None:
            section = now or was
            assert section is not None
            shown = heading(section.label, section.number, section.title)
            status = "added" if now is not None else "removed"
            fields: tuple[FieldChange, ...] = (
                FieldChange("heading", None, shown) if now else FieldChange("heading", shown, None),
            )
            changes.append(SectionChange(section.id, status, fields))
            continue
        fields = _field_changes(
            (n, o, v) for (n, o), (_, v) in zip(_section_fields(was), _section_fields(now), strict=True)
        )
        if fields:
            changes.append(SectionChange(now.id, "changed", fields))
    return tuple(changes)


def verdict_changes(old: Family, new: Family, variants: Sequence[VariantPair]) -> tuple[VerdictChange, ...]:
    """Verdicts that changed for pairs present on both sides, each unordered pair once."""
    to_new = {p.old.id: p.new.id for p in variants if p.old is not None and p.new is not None}
    to_old = {n: o for o, n in to_new.items()}
    before = {(v.first, v.second): v for v in matrix(old)}
    order = {v.id: n for n, v in enumerate(new.variants)}
    changes = []
    for now in matrix(new):
        if order[now.first] > order[now.second] or now.first not in to_old or now.second not in to_old:
            continue
        was = before[(to_old[now.first], to_old[now.second])]
        if (was.kind, to_new.get(was.result or "", was.result)) != (now.kind, now.result):
            changes.append(VerdictChange(now.first, now.second, _verdict(was), _verdict(now), now.explanation))
    return tuple(changes)


def _verdict(verdict: Verdict) -> str:
    return f"{verdict.kind}: {verdict.result}" if verdict.kind == COMPATIBLE else verdict.kind
