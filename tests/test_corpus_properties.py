"""Properties every assembled MG variant must have.

The expectations here come from ../shared/FACTS.md (the published facts of the
family), not from the build: they check that variants.yaml and the clauses say
what the family really is.
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from clausekit import lint_root, render_markdown, render_text
from clausekit.document.types import Document
from conftest import REPO

# FACTS.md, "The nine variants of edition 2.0 and their grants".
FACTS_TABLE = {
    "MG0-2.0": ((), False, "sublicensable"),
    "MG-BY-2.0": (("BY",), False, "sublicensable"),
    "MG-BY-OS-2.0": (("BY", "OS"), False, "sublicensable"),
    "MG-BY-NC-OS-2.0": (("BY", "NC", "OS"), False, "auto"),
    "MG-BY-RAI-2.0": (("BY", "RAI"), True, "sublicensable"),
    "MG-BY-NC-2.0": (("BY", "NC"), True, "auto"),
    "MG-BY-ND-2.0": (("BY", "ND"), True, "auto"),
    "MG-BY-NC-ND-2.0": (("BY", "NC", "ND"), True, "auto"),
    "MG-BY-NC-RAI-2.0": (("BY", "NC", "RAI"), True, "auto"),
}
REFERENCE = re.compile(r"\b(Section|Attachment)s? ([0-9A-Z]+(?:\.[0-9]+)*)")


def by_id(documents: tuple[Document, ...]) -> dict[str, Document]:
    return {d.variant_id: d for d in documents}


def clause_ids(document: Document) -> set[str]:
    return {clause.id for _, clause in document.clauses()}


def numbers(document: Document) -> dict[str, str]:
    """number -> clause id, plus section numbers -> section id."""
    found = {s.number: s.id for s in document.sections if s.number}
    found.update({c.number: c.id for _, c in document.clauses() if c.number})
    return found


def test_the_family_is_the_nine_variants_of_the_facts(documents: tuple[Document, ...]) -> None:
    assert [d.variant_id for d in documents] == list(FACTS_TABLE)
    for document in documents:
        options, revocable, sublicensing = FACTS_TABLE[document.variant_id]
        assert tuple(code for code, _ in document.options) == options
        assert document.facts["revocable"] is revocable
        assert document.facts["sublicensing"] == sublicensing
        assert document.facts["copyright_grant"] is True and document.facts["patent_grant"] is True


def test_each_variant_has_exactly_the_option_clauses_its_options_select(documents: tuple[Document, ...]) -> None:
    result = lint_root(REPO).value
    assert result is not None
    family = result.library.family
    all_option_clauses = {c for o in family.options for c in o.clauses}
    for document in documents:
        chosen = {code for code, _ in document.options}
        expected = {c for o in family.options if o.code in chosen for c in o.clauses}
        assert clause_ids(document) & all_option_clauses == expected, document.variant_id


@pytest.mark.parametrize("variant", list(FACTS_TABLE))
def test_numbering_has_no_gaps(documents: tuple[Document, ...], variant: str) -> None:
    document = by_id(documents)[variant]
    for section in document.sections:
        if section.number is None:
            assert all(c.number is None for c in section.clauses)
            continue
        assert [c.number for c in section.clauses] == [
            f"{section.number}.{i}" for i in range(1, len(section.clauses) + 1)
        ]
        for clause in section.clauses:
            assert [c.number for c in clause.children] == [
                f"{clause.number}.{i}" for i in range(1, len(clause.children) + 1)
            ]


def test_top_level_sections_are_the_same_in_every_variant(documents: tuple[Document, ...]) -> None:
    for document in documents:
        numbered = [s for s in document.sections if s.label == "Section" and s.number]
        assert [s.heading for s in numbered] == [
            s.heading for s in documents[0].sections if s.label == "Section" and s.number
        ]
        assert [s.number for s in numbered] == ["1", "2", "3", "4", "5", "6", "7"]


@pytest.mark.parametrize("variant", list(FACTS_TABLE))
def test_every_reference_resolves(documents: tuple[Document, ...], variant: str) -> None:
    document = by_id(documents)[variant]
    text = render_text(document)
    assert "ref(" not in text and "{{" not in text and "{%" not in text
    known = numbers(document)
    cited = [m.group(2) for m in REFERENCE.finditer(text.replace("\n", " "))]
    assert cited, "the corpus cites no section at all"
    for number in cited:
        assert number in known, f"{variant} cites {number}, which it does not have"


def test_section_2_4_is_output_and_section_7_is_modification_everywhere(documents: tuple[Document, ...]) -> None:
    for document in documents:
        known = numbers(document)
        assert known["2.4"] == "output"
        assert known["7"] == "modification"
        assert known["2.3"] == "conditions"
        assert ("A" in known) == any(code == "RAI" for code, _ in document.options)


def test_grants_state_revocability_and_sublicensing_as_the_facts_say(documents: tuple[Document, ...]) -> None:
    for document in documents:
        _, revocable, sublicensing = FACTS_TABLE[document.variant_id]
        grant = (
            render_text(document)
            .split("2.1 Grant for Licensed Materials", 1)[1]
            .split("\n2.2 ", 1)[0]
            .replace("\n", " ")
        )
        assert (" revocable," in grant) is revocable, document.variant_id
        assert (" irrevocable," in grant) is not revocable, document.variant_id
        assert ("non-sublicensable" in grant) is (sublicensing == "auto"), document.variant_id
        assert ("automatic licensing" in grant) is (sublicensing == "auto"), document.variant_id
        has_revocation = "revocation" in clause_ids(document)
        assert has_revocation is revocable, document.variant_id


@pytest.mark.parametrize("variant", list(FACTS_TABLE))
def test_plain_text_is_canonical(documents: tuple[Document, ...], variant: str) -> None:
    text = render_text(by_id(documents)[variant])
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text and "\t" not in text
    for line in text.split("\n"):
        assert len(line) <= 78, line
        assert line == line.rstrip(), repr(line)


def plain_words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text)


@pytest.mark.parametrize("variant", list(FACTS_TABLE))
def test_markdown_says_the_same_as_the_text(documents: tuple[Document, ...], variant: str) -> None:
    """Render the Markdown to HTML, strip tags, and compare words with the text edition.

    Normalisation: words are runs of letters, digits, apostrophes and hyphens; the
    text edition's list markers (a), (i) and underlines are dropped.
    """
    document = by_id(documents)[variant]
    html = MarkdownIt("commonmark").render(render_markdown(document))
    from_markdown = plain_words(re.sub(r"<[^>]+>", " ", html).replace("&quot;", '"').replace("&amp;", "&"))
    text = re.sub(r"^\s*\([a-z]+\) ", "", render_text(document), flags=re.MULTILINE)
    text = re.sub(r"^[=-]+$", "", text, flags=re.MULTILINE)
    from_text = plain_words(text)
    assert from_markdown == from_text
