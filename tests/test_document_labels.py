"""Every assembled section and clause carries its number, reference, anchor and source file."""

from __future__ import annotations

import re
from pathlib import Path

from clausekit.document.types import Document, reference_pattern
from clausekit.render.html import render_html
from clausekit.sources.files import read_text_file

ROOT = Path(__file__).resolve().parents[1]


def test_references_are_the_outline_word_and_the_number(documents: tuple[Document, ...]) -> None:
    for document in documents:
        for section in document.sections:
            if section.number is None:
                assert section.reference == f"the {section.title}" and section.number_label is None
            else:
                assert section.reference == section.number_label == f"{section.label} {section.number}"
            assert section.source == "variants.yaml"
        for section, clause in document.clauses():
            if clause.number is None:
                assert clause.reference == f'"{clause.title}"' and clause.number_label is None
            else:
                assert clause.reference == clause.number_label == f"{section.label} {clause.number}"


def test_each_clause_names_the_fragment_that_declares_it(documents: tuple[Document, ...]) -> None:
    for _, clause in documents[0].clauses():
        text = (ROOT / clause.source).read_text(encoding="utf-8")
        assert re.search(rf"^id: {re.escape(clause.id)}$", text, re.M), clause.source


def test_the_html_uses_the_anchors_the_document_carries(documents: tuple[Document, ...]) -> None:
    for document in documents:
        ids = set(re.findall(r' id="([^"]+)"', render_html(document)))
        for section in document.sections:
            assert section.anchor in ids
        for _, clause in document.clauses():
            assert clause.anchor in ids
            if clause.number is not None:
                assert clause.anchor == "section-" + clause.number.lower().replace(".", "-")


def test_the_reference_pattern_takes_the_longest_label_and_stops_at_a_longer_number() -> None:
    pattern = reference_pattern(["Section 2", "Section 2.3"])
    assert pattern is not None
    assert [m.group(1) for m in pattern.finditer("see Section 2.3, Section 2 and Section 2.35")] == [
        "Section 2.3",
        "Section 2",
    ]
    assert reference_pattern([]) is None


def test_source_text_drops_a_byte_order_mark_and_carriage_returns(tmp_path: Path) -> None:
    good, broken = tmp_path / "good.md", tmp_path / "broken.md"
    good.write_bytes("\ufeffone\r\ntwo\n".encode())
    broken.write_bytes(b"one\ntwo \xff\n")
    assert read_text_file(good, "f.md").value == "one\ntwo\n"
    (bad,) = read_text_file(broken, "f.md").problems
    assert bad.line == 2 and bad.file == "f.md"
