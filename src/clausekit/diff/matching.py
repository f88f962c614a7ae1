"""Pair the parts of two libraries by identity before anything is compared.

So that what moved or was renumbered is not mistaken for what changed:

- variants by name (the id carries the edition, so a new edition still matches),
  then by option set (a renamed variant);
- options by code, then by name; outline sections by id, then by title;
- clauses by id, then, for ids that disappeared and appeared, by title and text
  similarity (`words.best_pairs`, threshold `words.MATCH_THRESHOLD`).

A clause that stays but changes place or order among its neighbours is reported as
moved (`moved_clauses`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from clausekit.diff.words import best_pairs
from clausekit.sources.types import Family, Fragment, Library, OutlineSection, Variant

T = TypeVar("T")


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
