"""What the variants share, what differs a little and what differs a lot.

Everything here works on tokens (a paragraph's words); a reference ("Section 2.4"),
the variant's title and its identifier are single placeholder tokens, so a paragraph
that cites a clause by a number that differs between variants is still shared.

- `merge_order` merges the variants' sequences (of sections, clauses) into one order.
- `group_bodies` splits one clause's variants into groups whose texts are close: each
  group becomes a fragment ("larger differences become separate fragments").
- `slots` aligns the paragraphs of a group; `merge_words` finds, inside one paragraph,
  the words every variant shares and the phrases that differ (in-line conditionals).
"""

from __future__ import annotations

import difflib
import heapq
import itertools
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
Tokens = tuple[str, ...]

SIMILAR = 0.5  # share of words two texts must have in common to be one text with small differences
SHARED_AT_LEAST = 0.3  # and the words every variant shares, of the longest text, for in-line alternatives


def merge_order(sequences: Sequence[Sequence[K]]) -> list[K]:
    """One order holding every key that keeps every sequence's order (a topological order).

    Among keys free to come next, the one that sits earliest on average in its sequences
    goes first; when the sequences contradict each other (a cycle), the earliest such key
    breaks it, so the result is always complete and deterministic.
    """
    first = {k: i for i, k in enumerate(dict.fromkeys(k for s in sequences for k in s))}
    places: dict[K, list[float]] = {}
    successors: dict[K, set[K]] = {k: set() for k in first}
    waiting: Counter[K] = Counter()
    for sequence in sequences:
        for index, key in enumerate(sequence):
            places.setdefault(key, []).append(index / max(1, len(sequence) - 1))
        for a, b in itertools.pairwise(sequence):
            if b not in successors[a]:
                successors[a].add(b)
                waiting[b] += 1
    priority = {k: (sum(places[k]) / len(places[k]), first[k]) for k in first}
    ready = [(priority[k], first[k], k) for k in first if waiting[k] == 0]
    heapq.heapify(ready)
    order: list[K] = []
    done: set[K] = set()
    while len(order) < len(first):
        if not ready:  # contradictory orders: release the earliest key still waiting
            key = min((k for k in first if k not in done), key=lambda k: priority[k])
            waiting[key] = 0
            heapq.heappush(ready, (priority[key], first[key], key))
        _, _, key = heapq.heappop(ready)
        if key in done:
            continue
        done.add(key)
        order.append(key)
        for after in successors[key]:
            waiting[after] -= 1
            if waiting[after] == 0 and after not in done:
                heapq.heappush(ready, (priority[after], first[after], after))
    return order


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of words in common (as multisets): cheap, and enough to tell a phrase edit from a rewrite."""
    if not a and not b:
        return 1.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


V = TypeVar("V", bound=Hashable)


def group_bodies(bodies: dict[V, Tokens]) -> list[list[V]]:
    """Variants in groups of close texts; each group's first member is its representative."""
    groups: list[list[V]] = []
    for variant, body in bodies.items():
        best = max(groups, key=lambda g: similarity(bodies[g[0]], body), default=None)
        if best is not None and (bodies[best[0]] == body or similarity(bodies[best[0]], body) >= SIMILAR):
            best.append(variant)
        else:
            groups.append([variant])
    return groups


def slots(paragraphs: dict[V, list[Tokens]]) -> list[dict[V, Tokens]]:
    """Align the variants' paragraphs: each slot holds one paragraph's text in each variant that has it."""
    merged: list[dict[V, Tokens]] = []
    distinct: dict[tuple[Tokens, ...], list[V]] = {}
    for variant, paras in paragraphs.items():
        distinct.setdefault(tuple(paras), []).append(variant)
    for texts, variants in distinct.items():
        paras = list(texts)
        if not merged:
            merged = [dict.fromkeys(variants, p) for p in paras]
            continue
        reps = [" ".join(next(iter(slot.values()))) for slot in merged]
        matcher = difflib.SequenceMatcher(None, reps, [" ".join(p) for p in paras], autojunk=False)
        result: list[dict[V, Tokens]] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for slot, para in zip(merged[i1:i2], paras[j1:j2], strict=True):
                    slot.update(dict.fromkeys(variants, para))
                result += merged[i1:i2]
                continue
            old, i = merged[i1:i2], 0
            for para in paras[j1:j2]:
                at = next(
                    (k for k in range(i, len(old)) if similarity(next(iter(old[k].values())), para) >= SIMILAR), None
                )
                if at is None:
                    result.append(dict.fromkeys(variants, para))
                else:
                    result += old[i:at]
                    old[at].update(dict.fromkeys(variants, para))
                    result.append(old[at])
                    i = at + 1
            result += old[i:]
        merged = result
    return merged


@dataclass(frozen=True)
class Alternatives:
    """Where variants differ inside a paragraph: each phrase with the variants that write it."""

    choices: tuple[tuple[frozenset[Hashable], Tokens], ...]


Piece = str | Alternatives


def merge_words(texts: dict[Tokens, frozenset[Hashable]]) -> list[Piece] | None:
    """One paragraph's distinct texts as shared words and alternatives; None when they differ too much."""
    items = list(texts.items())
    base = items[0][0]
    maps: list[dict[int, int]] = []
    for tokens, _ in items[1:]:
        matcher = difflib.SequenceMatcher(None, base, tokens, autojunk=False)
        mapping = {}
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                mapping[block.a + k] = block.b + k
        maps.append(mapping)
    anchors = [i for i in range(len(base)) if all(i in m for m in maps)]
    lengths = [len(t) for t, _ in items]
    if len(anchors) < SIMILAR * min(lengths) or len(anchors) < SHARED_AT_LEAST * max(lengths):
        return None  # too little in common: whole alternative paragraphs read better
    pieces: list[Piece] = []
    previous = [-1] * len(items)

    def gap(until: list[int]) -> None:
        phrases: dict[Tokens, set[Hashable]] = {}
        for k, (tokens, variants) in enumerate(items):
            phrases.setdefault(tokens[previous[k] + 1 : until[k]], set()).update(variants)
        if len(phrases) > 1:
            pieces.append(Alternatives(tuple((frozenset(v), p) for p, v in phrases.items())))
        else:
            pieces.extend(next(iter(phrases)))

    for anchor in anchors:
        here = [anchor, *(m[anchor] for m in maps)]
        gap(here)
        pieces.append(base[anchor])
        previous = here
    gap([len(t) for t, _ in items])
    return pieces
