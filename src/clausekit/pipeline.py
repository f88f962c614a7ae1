"""The whole validation pipeline; `mgl lint` and every build run it first.

load -> check the family -> compile fragments -> assemble every variant -> check
the assembled documents. Every stage runs with what the earlier ones left sound, so
one run reports every problem: a broken fragment is replaced by a stand-in, a broken
variant is not assembled, and later problems in a file that already has one are
dropped, since they would only repeat it in noisier words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from clausekit.checks.documents import check_element_ids, check_option_clauses, check_stable_numbers
from clausekit.checks.family import check_family
from clausekit.checks.placement import check_placement
from clausekit.checks.sheet import check_evidence, check_sheet_spec
from clausekit.checks.terms import LineFinder, check_terms
from clausekit.checks.translations import (
    WARNING,
    check_alignment,
    check_glossary,
    check_label_placeholders,
    check_staleness,
    check_strings,
    missing_clauses,
    missing_strings,
    usable_translations,
)
from clausekit.diagnostics import Checked, Diagnostic, SourceError, merge_by_variant
from clausekit.document.assemble import assemble
from clausekit.document.blocks import make_parser
from clausekit.document.compile import compile_library
from clausekit.document.types import Block, Document
from clausekit.sources.library import load_sources
from clausekit.sources.localize import localize
from clausekit.sources.translations import strings_name
from clausekit.sources.types import Library

T = TypeVar("T")


@dataclass(frozen=True)
class Localized:
    """One non-default language: its library, the variants complete in it, and why the others are not built.

    `missing` maps each variant id left out to what it lacks: the clause files without a
    translation, or the translations file when family strings are missing.
    """

    language: str
    library: Library | None
    documents: tuple[Document, ...]
    missing: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Linted:
    """A family's sources and one assembled document per variant (none unless everything is sound).

    `languages` holds the other languages' variants; `warnings` what is reported but
    fails only `mgl lint --strict` (stale translations, incomplete languages).
    """

    library: Library
    documents: tuple[Document, ...]
    languages: tuple[Localized, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()

    def language(self, language: str) -> Localized | None:
        return next((found for found in self.languages if found.language == language), None)


def require(checked: Checked[T]) -> T:
    """The value, or SourceError with every problem: for callers that want an exception."""
    if checked.problems or checked.value is None:
        raise SourceError(checked.problems)
    return checked.value


def lint_root(root: Path, *, translations: bool = True) -> Checked[Linted]:
    """Load, check and assemble the sources at `root`; without `translations`, the default language alone.

    A diff compares the governing texts, so it need not localize and check every language.
    """
    loaded = load_sources(root)
    assert loaded.value is not None
    family, fragments, found = loaded.value
    if family is None:
        return Checked(None, merge_by_variant(loaded.problems))
    library = Library(family, fragments, found if translations else ())
    complete = all(p.file == family.file for p in loaded.problems)
    return _lint(library, loaded.problems, complete=complete)


def lint_library(library: Library) -> Checked[Linted]:
    return _lint(library, (), complete=True)


def _lint(library: Library, earlier: Iterable[Diagnostic], *, complete: bool) -> Checked[Linted]:
    found = _lint_language(library, earlier, complete=complete)
    if found.problems or found.value is None or not library.translations:
        return found
    english = found.value
    alignment = check_alignment(library)
    problems: list[Diagnostic] = [p for p in alignment if p.severity != WARNING]
    warnings = [
        *check_staleness(library),
        *(p for p in alignment if p.severity == WARNING),
        *check_strings(library),
        *check_label_placeholders(library),
    ]
    library = usable_translations(library)
    languages = []
    terms = [f.term for f in library.fragments if f.term]
    for translation in library.translations:
        localized = localize(library, translation.language)
        if localized.value is None:
            missing = {v.id: (strings_name(translation.language),) for v in library.family.variants}
            languages.append(Localized(translation.language, None, (), missing))
            continue
        lacking = missing_clauses(english.documents, translation)
        if missing_strings(library.family, translation.strings, terms):
            lacking = {v.id: (strings_name(translation.language),) for v in library.family.variants}
        built = _lint_language(replace(localized.value, translations=()), (), complete=True)
        problems.extend(built.problems)
        if built.value is None:
            continue
        assert translation.strings is not None
        documents = tuple(d for d in built.value.documents if d.variant_id not in lacking)
        problems.extend(check_glossary(english.documents, documents, library, translation.strings))
        languages.append(Localized(translation.language, built.value.library, documents, lacking))
    if problems:
        return Checked(None, merge_by_variant(problems))
    return Checked(replace(english, languages=tuple(languages), warnings=merge_by_variant(warnings)))


def _lint_language(library: Library, earlier: Iterable[Diagnostic], *, complete: bool) -> Checked[Linted]:
    """Every check of one language's library: the default, or a localized one (whose term check is its own)."""
    family = library.family
    problems = [*earlier]
    family_problems = check_family(family) + check_sheet_spec(family)
    problems.extend(family_problems)
    problems.extend(check_placement(library))
    variant_lines = {v.line for v in family.variants}
    broken_lines = {p.line for p in family_problems}
    compiled = compile_library(library, complete=complete)
    problems.extend(compiled.problems)
    assert compiled.value is not None
    # A problem in the family's shared parts (options, outline, sheet) touches every variant.
    if any(line not in variant_lines for line in broken_lines):
        return _result(library, problems, ())
    reported = {p.file for p in problems}
    parser = make_parser()
    parsed: dict[str, tuple[Block, ...]] = {}
    later: list[Diagnostic] = []
    documents: list[Document] = []
    for variant in family.variants:
        if variant.line in broken_lines:
            continue
        assembly = assemble(compiled.value, variant, parser, parsed)
        if complete:  # else a missing clause would show up as empty sections and dangling refs
            later.extend(assembly.problems)
        assert assembly.value is not None
        documents.append(assembly.value)
    if family.language == family.default_language or family.undefined_capitalised:
        later.extend(check_terms(library, documents, _line_finder(library)))
    if complete:
        later.extend(check_option_clauses(library, documents))
        later.extend(check_stable_numbers(library, documents))
        later.extend(check_element_ids(library, documents))
    if complete and not compiled.problems:  # a stand-in establishes no sheet row
        later.extend(check_evidence(compiled.value, documents))
    problems.extend(p for p in later if p.file not in reported)
    return _result(library, problems, documents)


def _result(library: Library, problems: list[Diagnostic], documents: Iterable[Document]) -> Checked[Linted]:
    merged = merge_by_variant(problems)
    return Checked(Linted(library, () if merged else tuple(documents)), merged)


def _line_finder(library: Library) -> LineFinder:
    bodies = {f.file: f for f in library.fragments}

    def find(file: str, word: str) -> int | None:
        fragment = bodies.get(file)
        if fragment is None:
            return None
        for offset, line in enumerate(fragment.body.split("\n")):
            if word in line:
                return fragment.body_line + offset
        return fragment.body_line

    return find
