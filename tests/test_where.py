"""`mgl where`: from a number in one variant back to the fragment, and to its number elsewhere."""

from __future__ import annotations

import json
import re

import pytest

from clausekit import lint_root
from clausekit.diagnostics import Diagnostic
from clausekit.document.types import Document
from clausekit.document.where import Whereabouts, where
from clausekit.sources.types import Library
from conftest import REPO, TINY, RunCli


@pytest.fixture(scope="module")
def library() -> Library:
    checked = lint_root(REPO)
    assert checked.value is not None
    return checked.value.library


def front_matter(file: str, key: str) -> tuple[int, str] | None:
    """The line and value of a front-matter key, read from the file itself."""
    lines = (REPO / file).read_text(encoding="utf-8").split("\n")
    return next(
        ((n, line.split(":", 1)[1].strip()) for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None
    )


def test_every_numbered_clause_leads_back_to_its_fragment(library: Library, documents: tuple[Document, ...]) -> None:
    for document in documents:
        checked = 0
        for _, clause in document.clauses():
            if clause.number is None:
                continue
            found = where(library, documents, document.variant_name, clause.number).value
            assert isinstance(found, Whereabouts)
            assert (found.kind, found.id, found.file, found.title) == ("clause", clause.id, clause.source, clause.title)
            id_line = front_matter(found.file, "id")
            assert id_line is not None and found.line == id_line[0]
            when = front_matter(found.file, "when")
            assert found.when == (when[1] if when else None)
            containing = [d for d in documents if any(c.id == clause.id for _, c in d.clauses())]
            assert [p.variant_id for p in found.placements] == [d.variant_id for d in containing]
            for placement, other in zip(found.placements, containing, strict=True):
                assert placement.number == next(c.number for _, c in other.clauses() if c.id == clause.id)
            checked += 1
        assert checked, f"{document.variant_id} has numbered clauses"


def test_a_label_or_a_section_number_is_understood(library: Library, documents: tuple[Document, ...]) -> None:
    document = documents[-1]
    section, clause = next((s, c) for s, c in document.clauses() if c.number and c.number.count(".") == 2)
    by_label = where(library, documents, document.variant_id, f"{section.label.lower()} {clause.number}").value
    assert isinstance(by_label, Whereabouts) and by_label.id == clause.id
    lettered = next((s for d in documents for s in d.sections if s.number and not s.number.isdigit()), None)
    assert lettered is not None and lettered.number_label is not None
    variant = next(d for d in documents if lettered in d.sections)
    part = where(library, documents, variant.variant_id, lettered.number_label).value
    assert isinstance(part, Whereabouts)
    assert (part.kind, part.id, part.file) == ("section", lettered.id, "variants.yaml")
    assert re.match(rf"\s*- id: {lettered.id}\b", (REPO / part.file).read_text().split("\n")[part.line - 1])


def test_unknown_variant_or_number_names_what_exists(library: Library, documents: tuple[Document, ...]) -> None:
    unknown = where(library, documents, "NO-SUCH", "1").problems[0]
    assert isinstance(unknown, Diagnostic) and documents[0].variant_id in unknown.hint
    missing = where(library, documents, documents[0].variant_id, "99.1").problems[0]
    assert isinstance(missing, Diagnostic) and "99.1" in missing.file
    assert all(s.number_label in missing.hint for s in documents[0].sections if s.number_label)


def test_the_cli_prints_the_file_and_each_variant(mgl: RunCli, documents: tuple[Document, ...]) -> None:
    document = documents[-1]
    _, clause = next((s, c) for s, c in document.clauses() if c.number and c.number.count(".") == 2)
    assert clause.number is not None
    text = mgl("where", "--root", REPO, document.variant_name, clause.number)
    assert text.code == 0, text.err
    assert clause.source in text.out and clause.title in text.out and document.variant_id in text.out
    data = json.loads(mgl("where", "--root", REPO, document.variant_id, clause.number, "--json").out)
    assert data["id"] == clause.id and data["file"] == clause.source
    assert {"id": document.variant_id, "number": clause.number, "reference": clause.reference} in data["variants"]


def test_the_cli_refuses_an_unknown_number_with_exit_2(mgl: RunCli) -> None:
    result = mgl("where", "--root", TINY, "NO-SUCH", "1")
    assert result.code == 2 and "no variant has this id or name" in result.err and "Traceback" not in result.err
    names = json.loads(mgl("list", "--root", TINY, "--json").out)
    result = mgl("where", "--root", TINY, names[0]["id"], "42.42")
    assert result.code == 2 and "has no clause or section with this number" in result.err
