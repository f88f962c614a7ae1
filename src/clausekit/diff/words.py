"""Word-level differences and text similarity.

A license reviewer reads changes as words, not lines: a rewrapped paragraph has
new lines but the same words. Tokens are words (letters and digits, with inner
apostrophes), dotted numbers ("2.3.1", one token so that a changed reference reads
as one) and single punctuation marks; each keeps the whitespace before it
only for display, so spacing never counts as a change. A paragraph break is a
token of its own ("\\n"), because splitting or joining paragraphs is a real edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

_TOKEN = re.compile(r"(\s*)(\d+(?:[.,]\d+)+|\w+(?:['’]\w+)*|[^\w\s])")
TOKEN_PATTERN = _TOKEN  # for writers that must know where each token stands in its text
BREAK = "\n"  # paragraph separator inside a normalised clause text

Op = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class Token:
    space: str  # "" or " " before the word, for display only; "" after a paragraph break
    word: str  # a word, a punctuation mark, or BREAK

    @property
    def shown(self) -> str:
        return self.space + self.word


@dataclass(frozen=True)
class Segment:
    """A run of tokens that both sides share, or that one side lacks."""

    op: Op
    tokens: tuple[Token, ...]

    @property
    def text(self) -> str:
        return "".join(t.shown for t in self.tokens)


@dataclass(frozen=True)
class WordDiff:
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return any(s.op != "equal" for s in self.segments)

    def edits(self) -> tuple[tuple[Op, tuple[str, ...]], ...]:
        """The insertions and deletions alone: equal for two diffs that make the same edit."""
        return tuple((s.op, tuple(t.word for t in s.tokens)) for s in self.segments if s.op != "equal")


def normalise(paragraphs: list[str]) -> str:
    """Paragraphs with whitespace collapsed, one per line: the form texts are compared in."""
    return BREAK.join(" ".join(p.split()) for p in paragraphs if p.strip())


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    for number, paragraph in enumerate(text.split(BREAK)):
        if number:
            tokens.append(Token("", BREAK))
        for index, (space, word) in enumerate(_TOKEN.findall(paragraph)):
            tokens.append(Token(" " if space and index else "", word))
    return tuple(tokens)


def words(text: str) -> tuple[str, ...]:
    return tuple(t.word for t in tokenize(text))


def same_words(old: str, new: str) -> bool:
    """True when only spacing differs; cheaper than a diff for the common unchanged case."""
    return old == new or words(old) == words(new)


def word_diff(old: str, new: str) -> WordDiff:
    """Deletions and insertions that turn `old` into `new`; equal runs show `new`'s spacing."""
    a, b = tokenize(old), tokenize(new)
    matcher = SequenceMatcher(None, [t.word for t in a], [t.word for t in b], autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(segments, "equal", b[j1:j2])
            continue
        if i2 > i1:
            _append(segments, "delete", a[i1:i2])
        if j2 > j1:
            _append(segments, "insert", b[j1:j2])
    return WordDiff(tuple(segments))


def _append(segments: list[Segment], op: Op, tokens: tuple[Token, ...]) -> None:
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].tokens + tokens)
    else:
        segments.append(Segment(op, tokens))


def text_ratio(old: str, new: str) -> float:
    """Share of words two texts have in common, in order (difflib's ratio over word tokens)."""
    if old == new:
        return 1.0
    a, b = words(old.lower()), words(new.lower())
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def title_ratio(old: str, new: str) -> float:
    return 1.0 if old == new else SequenceMatcher(None, old.lower(), new.lower()).ratio()


MATCH_THRESHOLD = 0.6
"""Pairs scoring below this are not the same item. The score weighs the text three
times as much as the title, so a retitled clause with the same text (0.75 at least)
still matches, and two different texts under the same title (such as the definition
"Output" and the section "Output", whose texts share perhaps a fifth of their words,
about 0.4) do not."""


def similarity(old_title: str, old_text: str, new_title: str, new_text: str) -> float:
    """The matching score; two items without text (bare headings) are compared by title alone."""
    if not old_text.strip() and not new_text.strip():
        return title_ratio(old_title, new_title)
    return (title_ratio(old_title, new_title) + 3 * text_ratio(old_text, new_text)) / 4


def best_pairs(
    old: list[tuple[str, str, str]], new: list[tuple[str, str, str]], threshold: float = MATCH_THRESHOLD
) -> list[tuple[str, str, float]]:
    """Greedy best-first pairing of (key, title, text) items by `similarity`.

    The highest-scoring pair is taken first and both items leave the pool, so each
    item pairs at most once. Candidates whose upper bound (difflib's quick ratio)
    cannot reach the threshold are skipped without the quadratic comparison.
    """
    scored: list[tuple[float, int, int]] = []
    for i, (_, old_title, old_text) in enumerate(old):
        old_words = words(old_text.lower())
        for j, (_, new_title, new_text) in enumerate(new):
            title = title_ratio(old_title, new_title)
            if not old_words and not new_text.strip():
                if title >= threshold:
                    scored.append((title, i, j))
                continue
            matcher = SequenceMatcher(None, old_words, words(new_text.lower()), autojunk=False)
            if (title + 3 * matcher.quick_ratio()) / 4 < threshold:
                continue
            score = (title + 3 * (1.0 if old_text == new_text else matcher.ratio())) / 4
            if score >= threshold:
                scored.append((score, i, j))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs: list[tuple[str, str, float]] = []
    for score, i, j in scored:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((old[i][0], new[j][0], round(score, 3)))
    return pairs
