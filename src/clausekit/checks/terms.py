"""Defined terms: each one used, and no capitalised word left undefined.

Licenses lean on capitalised defined terms; a term that a variant uses without
defining (or defines and never uses) is a drafting error a reviewer easily misses,
because the nine texts are never read side by side. The check runs on the
assembled documents, so it sees exactly the text each variant publishes.

A capitalised word is fine when it opens a sentence, paragraph or list item, is
written in capitals only (AS IS, GPL), is part of a defined term selected in that
variant (plural with "s" and possessive "'s" included), is listed under `words:`
in the family file, belongs to the family's or a variant's name, or is a section label. Matching is a dictionary lookup per word, so the cost grows
linearly with the text, not with text times terms.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from clausekit.diagnostics import Diagnostic
from clausekit.document.types import Clause, Document, block_paragraphs
from clausekit.sources.types import Library

# A word of any script ("Datensätzen" is one word, not "Datens" and "tzen"), with inner apostrophes and hyphens.
TOKEN = re.compile(r"[^\W\d_]\w*(?:['\u2019-]\w+)*")
OPENERS = " \t\"'\u201c\u2018("
SENTENCE_ENDS = ".!?:;"
POSSESSIVE = re.compile(r"['\u2019]s$")

LineFinder = Callable[[str, str], int | None]  # (file, word) -> line of its first use


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    term: str | None  # the defined term this phrase is a form of; None for an allowed word
    definition: str | None  # id of the defining clause


@dataclass(frozen=True)
class Vocabulary:
    """Every multi-word form indexed by its first word, longest first."""

    by_first_word: dict[str, tuple[Phrase, ...]]

    @classmethod
    def of(cls, library: Library) -> Vocabulary:
        phrases: list[Phrase] = []
        for fragment in library.fragments:
            if fragment.term:
                for form in (fragment.term, *fragment.aliases):
                    for variant in (form, form + "s"):
                        phrases.append(Phrase(tuple(variant.split()), fragment.term, fragment.id))
        family = library.family
        # Names of the family and its variants are proper names, not undefined terms.
        # So are the labels ref() writes ("Section 2.4"), and their plurals.
        labels = {s.label for s in family.outline}
        allowed = [
            *family.words,
            family.name,
            *(v.title for v in family.variants),
            *labels,
            *(f"{label}s" for label in labels),
        ]
        phrases.extend(Phrase(tuple(word.split()), None, None) for word in allowed)
        index: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            index.setdefault(phrase.words[0], []).append(phrase)
        # Longest first; at equal length a defined term wins, so its use is counted.
        return cls({k: tuple(sorted(v, key=lambda p: (-len(p.words), p.term is None))) for k, v in index.items()})


@dataclass(frozen=True)
class Word:
    text: str  # possessive removed
    start: int
    end: int
    opens_sentence: bool


def words(text: str) -> list[Word]:
    found = []
    for match in TOKEN.finditer(text):
        before = text[: match.start()].rstrip(OPENERS)
        found.append(
            Word(
                POSSESSIVE.sub("", match.group()), match.start(), match.end(), not before or before[-1] in SENTENCE_ENDS
            )
        )
    return found


def match_phrase(vocabulary: Vocabulary, tokens: list[Word], i: int, text: str) -> Phrase | None:
    for phrase in vocabulary.by_first_word.get(tokens[i].text, ()):
        n = len(phrase.words)
        window = tokens[i : i + n]
        if len(window) != n or any(w.text != p for w, p in zip(window, phrase.words, strict=True)):
            continue
        # the words must be adjacent: "Licensed, Materials" is not the term
        if all(text[a.end : b.start] == " " for a, b in itertools.pairwise(window)):
            return phrase
    return None


def check_terms(library: Library, documents: Iterable[Document], find_line: LineFinder) -> list[Diagnostic]:
    vocabulary = Vocabulary.of(library)
    by_id = {f.id: f for f in library.fragments}
    capitalised = library.family.undefined_capitalised  # a setting per language: an English drafting rule
    problems: list[Diagnostic] = []
    for document in documents:
        clauses = [clause for _, clause in document.clauses()]
        defined = {c.term: c for c in clauses if c.term}
        used: set[str] = set()
        for clause in clauses:
            for paragraph in _paragraphs(clause):
                _scan(
                    paragraph, clause, defined, vocabulary, used, problems, document.variant_id, find_line, capitalised
                )
        for term, clause in defined.items():
            if term not in used:
                fragment = by_id[clause.id]
                problems.append(
                    Diagnostic(
                        fragment.file,
                        fragment.line_of("term"),
                        f"the defined term {term!r} is never used",
                        "use the term, remove the definition, or narrow its `when:` to the variants that use it",
                        (document.variant_id,),
                    )
                )
    return problems


def _paragraphs(clause: Clause) -> Iterable[str]:
    return (p.text for p in block_paragraphs(clause.blocks))


def _scan(
    text: str,
    clause: Clause,
    defined: dict[str, Clause],
    vocabulary: Vocabulary,
    used: set[str],
    problems: list[Diagnostic],
    variant_id: str,
    find_line: LineFinder,
    capitalised: bool = True,
) -> None:
    tokens = words(text)
    i = 0
    while i < len(tokens):
        word = tokens[i]
        phrase = match_phrase(vocabulary, tokens, i, text)
        if phrase is not None:
            i += len(phrase.words)
            if phrase.term is None or phrase.term == clause.term:
                continue  # an allowed word, or the term inside its own definition
            if phrase.term in defined:
                used.add(phrase.term)
            else:
                problems.append(
                    Diagnostic(
                        clause.source,
                        find_line(clause.source, phrase.words[0]),
                        f"uses the defined term {phrase.term!r}, but this variant does not include its definition ({phrase.definition!r})",
                        "widen the definition's `when:`, or put this text under the same condition as the definition",
                        (variant_id,),
                    )
                )
            continue
        i += 1
        if capitalised and word.text[0].isupper() and not word.text.isupper() and not word.opens_sentence:
            problems.append(
                Diagnostic(
                    clause.source,
                    find_line(clause.source, word.text),
                    f"the capitalised word {word.text!r} is not a defined term",
                    "define it (a fragment with `term:`), write it in lower case, or list it under `words:` in the family file",
                    (variant_id,),
                )
            )
