"""Properties every assembled variant of the real corpus must have.

The expectations come from the family file (variants.yaml): the tests check that
what each variant declares (options, facts, outline) is what its assembled text
says, so a new edition of the corpus needs no edit here.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from clausekit import render_markdown, render_text
from clausekit.document.types import Document
from clausekit.sources.types import Family

REFERENCE = re.compile(r"\b(Section|Attachment)s? ([0-9A-Z]+(?:\.[0-9]+)*)")
NEXT_HEADING = re.compile(r"\n(?=[0-9A-Z]+(?:\.[0-9]+)+ )")
ITEM = re.compile(r"^([0-9A-Z]+(?:\.[0-9]+)*)\.([0-9]+) ", re.MULTILINE)


def holds(when: str | None, options: set[str]) -> bool:
    """An outline section's `when`, for the simple forms outlines use (a code, or `not` a code)."""
    if when is None:
        return True
    negated = when.startswith("not ")
    code = when.removeprefix("not ").strip()
    assert re.fullmatch(r"\w+", code), f"extend holds() for the condition {when!r}"
    return (code in options) is not negated


def by_id(documents: tuple[Document, ...]) -> dict[str, Document]:
    return {d.variant_id: d for d in documents}


def clause_ids(document: Document) -> set[str]:
    return {clause.id for _, clause in document.clauses()}


def numbers(document: Document) -> dict[str, str]:
    """number -> clause id, plus section numbers -> section id."""
    found = {s.number: s.id for s in document.sections if s.number}
    found.update({c.number: c.id for _, c in document.clauses() if c.number})
    return found


def test_each_document_carries_its_variants_options_and_facts(documents: tuple[Document, ...], family: Family) -> None:
    assert [d.variant_id for d in documents] == [v.id for v in family.variants]
    for document, variant in zip(documents, family.variants, strict=True):
        assert tuple(code for code, _ in document.options) == variant.options
        assert dict(document.facts) == dict(variant.facts)
        assert document.title == variant.title and document.version == family.version


def test_each_variant_has_exactly_the_option_clauses_its_options_select(
    documents: tuple[Document, ...], family: Family
) -> None:
    all_option_clauses = {c for o in family.options for c in o.clauses}
    for document in documents:
        chosen = {code for code, _ in document.options}
        expected = {c for o in family.options if o.code in chosen for c in o.clauses}
        assert clause_ids(document) & all_option_clauses == expected, document.variant_id


def test_the_text_numbers_items_without_gaps(documents: tuple[Document, ...]) -> None:
    """In the text edition, the items of each section and clause count 1, 2, 3 ... whatever was left out."""
    for document in documents:
        found: dict[str, list[int]] = {}
        for parent, item in ITEM.findall(render_text(document)):
            found.setdefault(parent, []).append(int(item))
        assert found, document.variant_id
        for parent, items in found.items():
            assert items == list(range(1, len(items) + 1)), (document.variant_id, parent, items)


def test_top_level_sections_follow_the_outline_in_every_variant(
    documents: tuple[Document, ...], family: Family
) -> None:
    for document in documents:
        options = {code for code, _ in document.options}
        expected = [(s.id, s.number, s.label) for s in family.outline if holds(s.when, options)]
        assert [(s.id, s.number, s.label) for s in document.sections] == expected, document.variant_id


def test_every_reference_resolves(documents: tuple[Document, ...]) -> None:
    for document in documents:
        check_references(document)


def check_references(document: Document) -> None:
    variant = document.variant_id
    text = render_text(document)
    assert "ref(" not in text and "{{" not in text and "{%" not in text
    known = numbers(document)
    cited = [m.group(2) for m in REFERENCE.finditer(text.replace("\n", " "))]
    assert cited, "the corpus cites no section at all"
    for number in cited:
        assert number in known, f"{variant} cites {number}, which it does not have"


def test_grants_state_revocability_and_sublicensing_as_the_facts_say(documents: tuple[Document, ...]) -> None:
    for document in documents:
        revocable, sublicensing = document.facts["revocable"], document.facts["sublicensing"]
        clause = next(c for _, c in document.clauses() if c.id == "grant-licensed-materials")
        after = render_text(document).split(f"\n{clause.number} {clause.title}\n", 1)[1]
        grant = " ".join(NEXT_HEADING.split(after, maxsplit=1)[0].split())
        assert (" revocable," in grant) is revocable, document.variant_id
        assert (" irrevocable," in grant) is not revocable, document.variant_id
        assert ("non-sublicensable" in grant) is (sublicensing == "auto"), document.variant_id
        assert ("automatic licensing" in grant) is (sublicensing == "auto"), document.variant_id
        has_revocation = "revocation" in clause_ids(document)
        assert has_revocation is revocable, document.variant_id


def test_plain_text_is_canonical(documents: tuple[Document, ...]) -> None:
    for document in documents:
        check_canonical(render_text(document))


def check_canonical(text: str) -> None:
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text and "\t" not in text
    for line in text.split("\n"):
        assert len(line) <= 78, line
        assert line == line.rstrip(), repr(line)


def plain_words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text)


def test_markdown_says_the_same_as_the_text(documents: tuple[Document, ...]) -> None:
    """Render the Markdown to HTML, strip tags, and compare words with the text edition.

    Normalisation: words are runs of letters, digits, apostrophes and hyphens; the
    text edition's list markers (a), (i) and underlines are dropped.
    """
    for document in documents:
        assert markdown_words(document) == text_words(document), document.variant_id


def markdown_words(document: Document) -> list[str]:
    html = MarkdownIt("commonmark").render(render_markdown(document))
    from_markdown = plain_words(re.sub(r"<[^>]+>", " ", html).replace("&quot;", '"').replace("&amp;", "&"))
    return from_markdown


def text_words(document: Document) -> list[str]:
    text = re.sub(r"^\s*\([a-z]+\) ", "", render_text(document), flags=re.MULTILINE)
    text = re.sub(r"^[=-]+$", "", text, flags=re.MULTILINE)
    return plain_words(text)
