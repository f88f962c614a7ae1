"""The whole validation pipeline; `mgl lint` and every build run it first.

load -> check the family -> compile fragments -> assemble every variant -> check
the assembled documents. Each stage runs only when the one before found nothing,
since later checks would only repeat earlier problems in noisier words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clausekit.checks.documents import check_option_clauses, check_stable_numbers
from clausekit.checks.family import check_family
from clausekit.checks.placement import check_placement
from clausekit.checks.sheet import check_evidence, check_sheet_spec
from clausekit.checks.terms import LineFinder, check_terms
from clausekit.diagnostics import Diagnostic, merge_by_variant
from clausekit.document.assemble import assemble
from clausekit.document.blocks import make_parser
from clausekit.document.compile import compile_library
from clausekit.document.types import Block, Document
from clausekit.sources.library import load_library
from clausekit.sources.types import Library


@dataclass(frozen=True)
class LintResult:
    library: Library | None
    documents: tuple[Document, ...]
    problems: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def lint_root(root: Path) -> LintResult:
    library = load_library(root)
    if isinstance(library, list):
        return LintResult(None, (), merge_by_variant(library))
    return lint_library(library)


def lint_library(library: Library) -> LintResult:
    problems = check_family(library.family) + check_sheet_spec(library.family) + check_placement(library)
    if problems:
        return LintResult(library, (), merge_by_variant(problems))
    compiled = compile_library(library)
    if isinstance(compiled, list):
        return LintResult(library, (), merge_by_variant(compiled))
    parser = make_parser()
    parsed: dict[str, tuple[Block, ...]] = {}
    documents: list[Document] = []
    for variant in library.family.variants:
        assembly = assemble(compiled, variant, parser, parsed)
        problems.extend(assembly.problems)
        if assembly.document is not None:
            documents.append(assembly.document)
    if not problems:
        problems.extend(check_option_clauses(library, documents))
        problems.extend(check_stable_numbers(library, documents))
        problems.extend(check_terms(library, documents, _line_finder(library)))
        problems.extend(check_evidence(compiled, documents))
    merged = merge_by_variant(problems)
    return LintResult(library, tuple(documents) if not merged else (), merged)


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
