"""The simplest condition over option codes that selects exactly a set of variants.

A fragment's variants are the on-set; the other variants of its universe (the family, or
the variants of the enclosing fragment or section) the off-set; every option combination
no variant has is a don't-care. Quine-McCluskey finds the prime implicants of on-set plus
don't-cares, and the smallest cover of the on-set (fewest terms, then fewest literals,
exactly for the handful of primes a license family has) is the condition.
When two variants have the same options no expression over options can separate them:
`Separation` says so, and the caller falls back to a fact or a list of names.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

EXACT_COVER_LIMIT = 16  # primes beyond which the cover is chosen greedily (still exact as a selection)
MAX_OPTIONS = 12  # 4096 combinations: beyond it the don't-care space is not enumerated


@dataclass(frozen=True)
class Cube:
    """A product term: `bits` over the options in `mask` (a 1 bit: the option; a 0 bit: `not` it)."""

    bits: int
    mask: int

    def covers(self, point: int) -> bool:
        return point & self.mask == self.bits

    @property
    def literals(self) -> int:
        return self.mask.bit_count()


def minimal_condition(
    codes: Sequence[str], on: frozenset[frozenset[str]], off: frozenset[frozenset[str]]
) -> str | None:
    """The condition text ("BY and not NC or SA"), `None` when it always holds, or raise Separation."""
    if on & off:
        raise Separation(sorted(" ".join(sorted(s)) or "no option" for s in on & off))
    if not off:
        return None
    return _minimal(tuple(codes), on, off)


class Separation(Exception):
    """Variants in and out of the set have the same options."""


@lru_cache(maxsize=4096)
def _minimal(codes: tuple[str, ...], on: frozenset[frozenset[str]], off: frozenset[frozenset[str]]) -> str:
    index = {code: i for i, code in enumerate(codes)}

    def point(options: frozenset[str]) -> int:
        return sum(1 << index[c] for c in options)

    ons = {point(s) for s in on}
    offs = {point(s) for s in off}
    if len(codes) > MAX_OPTIONS:
        cover = [Cube(p, (1 << len(codes)) - 1) for p in sorted(ons)]
    else:
        care_free = [p for p in range(1 << len(codes)) if p not in offs]
        primes = _primes(care_free, len(codes))
        cover = _cover(primes, ons)
    return _text(codes, cover)


def _primes(points: list[int], width: int) -> list[Cube]:
    full = (1 << width) - 1
    current = {Cube(p, full) for p in points}
    primes: set[Cube] = set()
    while current:
        merged: set[Cube] = set()
        used: set[Cube] = set()
        by_mask: dict[int, list[Cube]] = {}
        for cube in current:
            by_mask.setdefault(cube.mask, []).append(cube)
        for mask, cubes in by_mask.items():
            present = {c.bits for c in cubes}
            for cube in cubes:
                for bit in range(width):
                    flag = 1 << bit
                    if mask & flag and not cube.bits & flag and cube.bits | flag in present:
                        merged.add(Cube(cube.bits, mask & ~flag))
                        used.add(cube)
                        used.add(Cube(cube.bits | flag, mask))
        primes |= current - used
        current = merged
    return sorted(primes, key=lambda c: (c.literals, c.mask, c.bits))


def _cover(primes: list[Cube], ons: set[int]) -> list[Cube]:
    useful = [p for p in primes if any(p.covers(o) for o in ons)]
    chosen: list[Cube] = []
    left = set(ons)
    for o in sorted(ons):  # essential primes first
        covering = [p for p in useful if p.covers(o)]
        if len(covering) == 1 and covering[0] not in chosen:
            chosen.append(covering[0])
    left -= {o for o in ons if any(p.covers(o) for p in chosen)}
    rest = [p for p in useful if p not in chosen and any(p.covers(o) for o in left)]
    if left and len(rest) <= EXACT_COVER_LIMIT:
        for size in range(1, len(rest) + 1):
            options = [
                combo
                for combo in itertools.combinations(rest, size)
                if all(any(p.covers(o) for p in combo) for o in left)
            ]
            if options:
                best = min(options, key=lambda combo: sum(p.literals for p in combo))
                return chosen + list(best)
    while left:  # greedy: most points covered, then fewest literals
        best_cube = max(rest, key=lambda p: (sum(p.covers(o) for o in left), -p.literals))
        chosen.append(best_cube)
        left -= {o for o in left if best_cube.covers(o)}
    return chosen


def _text(codes: tuple[str, ...], cover: list[Cube]) -> str:
    terms = []
    for cube in sorted(cover, key=lambda c: (c.literals, [-(c.bits >> i & 1) for i in range(len(codes))])):
        literals = [code if cube.bits >> i & 1 else f"not {code}" for i, code in enumerate(codes) if cube.mask >> i & 1]
        terms.append(" and ".join(literals))
    if any(not t for t in terms):
        return "true"  # cannot happen while the off-set is not empty
    if len(terms) == 1:
        return terms[0]
    return " or ".join(f"({t})" if " and " in t else t for t in terms)
