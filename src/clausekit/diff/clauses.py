"""Gather how one matched clause changed across every variant into one `ClauseChange`.

A clause is reported once, not once per variant: variants whose text changed the
same way share one text change, and the variants that newly include or exclude it
are listed beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from clausekit.diff.matching import ClausePair, VariantPair
from clausekit.diff.report import KINDS, ClauseChange, FieldChange, TextChange
from clausekit.diff.variant import ComparedVariant, Placed
from clausekit.diff.words import same_words, word_diff
from clausekit.document.types import outline_heading
from clausekit.sources.types import Fragment, Library


def clause_change(
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
            numbers=tuple((vid, found.clause.number) for vid, found in present),
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
        numbers=tuple((vid, s.number) for vid, s in states if vid in affected),
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
    return outline_heading(library.family, section)
