"""Defined terms: which imported clauses define a term, and which of those a lint will accept.

A definition clause opens with its term in quotes (straight or curly) and a defining verb:
`"Licensed Materials" means ...`, `“Output” refers to ...`, `"You" or "Your" means ...`.
Other forms of the term named in the clause ("`"Distribution" and "Distributed" have
corresponding meanings`") are its aliases. A quoted word anywhere but at the paragraph's
start is a quotation, not a definition.

Setting `term:` changes no word of the built text, but it does arm the defined-term check,
which refuses a term defined twice, a term a variant never uses, and a term a variant uses
without including its definition. An import must always lint, so `usable` keeps only the
definitions that pass those rules, scanning the texts the way the check scans the built
documents (whole words, longest phrase first, names of the family and its variants as
phrases of their own).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from clausekit.checks.terms import TOKEN

QUOTED = r"(?:\"[^\"\u201c\u201d]+\"|\u201c[^\"\u201c\u201d]+\u201d|\u2018[^\u2018\u2019]+\u2019)"
VERB = (
    r"(?:shall\s+)?(?:means?|refers?\s+to|describes|includes|(?:has|have)\s+the\s+meanings?|"
    r"(?:is|are)\s+defined\s+as)"
)
HEAD = re.compile(rf"(?P<names>{QUOTED}(?:(?:\s*,\s*|\s+)(?:(?:and|or)\s+)?{QUOTED})*)\s+{VERB}(?![\w-])")
CORRESPONDING = re.compile(
    rf"(?P<names>{QUOTED}(?:(?:\s*,\s*|\s+)(?:(?:and|or)\s+)?{QUOTED})*)\s+(?:has|have|shall\s+have)\s+"
    r"(?:a\s+)?(?:corresponding|correlative|similar)\s+meanings?(?![\w-])"
)
NAME = re.compile(QUOTED)
POSSESSIVE = ("'s", "\u2019s")  # `checks.terms.POSSESSIVE`, as endings: the check reads "Licensor's" as "Licensor"
MAX_WORDS = 6  # a defined term is a short name; a longer quotation opening a paragraph is not one


@dataclass(frozen=True)
class Definition:
    """The term a clause defines and the other forms it names."""

    term: str
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


def _names(found: str) -> list[str]:
    return [m[0][1:-1] for m in NAME.finditer(found)]


def _is_term(name: str) -> bool:
    """A capitalised name the term check reads as the same words: whole tokens, one space apart."""
    tokens = name.split(" ")
    return 0 < len(tokens) <= MAX_WORDS and name[0].isupper() and all(TOKEN.fullmatch(t) for t in tokens)


def definition(paragraph: str) -> Definition | None:
    """The definition a paragraph opens with, if it opens with one (its text on one line)."""
    head = HEAD.match(paragraph)
    if head is None:
        return None
    names = _names(head["names"])
    if not all(_is_term(n) for n in names):
        return None
    rest = paragraph[head.end() :]
    for m in CORRESPONDING.finditer(rest):
        names.extend(n for n in _names(m["names"]) if _is_term(n))
    forms = list(dict.fromkeys(names))
    return Definition(forms[0], tuple(forms[1:]))


@dataclass(frozen=True)
class Candidate:
    """A definition found in a fragment, and the variants that include that fragment."""

    fragment: str
    definition: Definition
    variants: frozenset[str]


def usable(
    candidates: Sequence[Candidate],
    paragraphs: Mapping[str, Sequence[tuple[str, str]]],
    names: Iterable[str],
) -> tuple[Candidate, ...]:
    """The candidates the term check will accept, given every variant's (fragment, paragraph text) pairs.

    A term is kept when no other definition names any of its forms, and the variants
    that use it outside its own definition are exactly those that include the definition.
    `names` are phrases the check reads as names (the family's, the variants' titles):
    a term inside one is not a use of it. Dropping one definition can change how the
    others' words are read, so the rules are applied until nothing more is dropped.
    """
    forms = Counter(f for c in candidates for f in set(c.definition.forms))
    kept = [c for c in candidates if all(forms[f] == 1 for f in c.definition.forms)]
    # variants share most paragraphs: each distinct text is read once
    scanned = [(v, fid, text) for v, paras in paragraphs.items() for fid, text in paras]
    tokens = {text: _words(text) for _, _, text in scanned}
    fixed = [tuple(n.split()) for n in names if n.strip()]
    while True:
        uses = _uses(kept, scanned, tokens, fixed)
        accepted = [c for c in kept if uses.get(c.definition.term, set()) == c.variants]
        if len(accepted) == len(kept):
            return tuple(kept)
        kept = accepted


Phrases = Mapping[str, Sequence[tuple[tuple[str, ...], str | None]]]
Word = tuple[str, int, int]  # a word as the term check reads it (possessive removed), its start and end


def _words(text: str) -> list[Word]:
    """`checks.terms.words` without what only the capitalisation rule needs (where sentences open)."""
    return [(m[0][:-2] if m[0].endswith(POSSESSIVE) else m[0], m.start(), m.end()) for m in TOKEN.finditer(text)]


def _uses(
    kept: Sequence[Candidate],
    scanned: Sequence[tuple[str, str, str]],
    tokens: Mapping[str, list[Word]],
    names: Sequence[tuple[str, ...]],
) -> dict[str, set[str]]:
    """Each term to the variants that use it outside its own definition (where the check ignores it)."""
    phrases: dict[str, list[tuple[tuple[str, ...], str | None]]] = {}
    for c in kept:
        for form in c.definition.forms:
            for spelled in (form, form + "s"):
                key = tuple(spelled.split())
                phrases.setdefault(key[0], []).append((key, c.definition.term))
    for name in names:
        phrases.setdefault(name[0], []).append((name, None))
    ordered: Phrases = {k: sorted(v, key=lambda p: (-len(p[0]), p[1] is None)) for k, v in phrases.items()}
    home = {c.definition.term: c.fragment for c in kept}
    uses: dict[str, set[str]] = {}
    found = {text: set(_terms_in(text, read, ordered)) for text, read in tokens.items()}
    for variant, fid, text in scanned:
        for term in found[text]:
            if home[term] != fid:
                uses.setdefault(term, set()).add(variant)
    return uses


def _terms_in(text: str, tokens: list[Word], phrases: Phrases) -> Iterable[str]:
    """The terms a paragraph uses, read as `checks.terms` reads them: longest phrase first, words adjacent."""
    i = 0
    while i < len(tokens):
        found = None
        for phrase, term in phrases.get(tokens[i][0], ()):
            window = tokens[i : i + len(phrase)]
            if (
                len(window) == len(phrase)
                and all(w[0] == p for w, p in zip(window, phrase, strict=True))
                and all(text[a[2] : b[1]] == " " for a, b in itertools.pairwise(window))
            ):
                found = (len(phrase), term)
                break
        if found is None:
            i += 1
            continue
        i += found[0]
        if found[1] is not None:
            yield found[1]
