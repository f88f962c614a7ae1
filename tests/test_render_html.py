"""The HTML edition: structure, anchors, references, metadata and escaping, over the real corpus."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from types import MappingProxyType

import pytest

from clausekit.document.types import Block, Clause, Document, ListBlock, Paragraph, Section, Span, number_anchor
from clausekit.render.html import render_html
from clausekit.render.text import render_text
from clausekit.render.typeset import read_style


class Page(HTMLParser):
    """What a test needs from a page: elements in order (with attributes), text, ids and links."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.texts_in: dict[str, list[str]] = {}
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in {"meta", "br", "link"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for tag in set(self.stack):
            self.texts_in.setdefault(tag, []).append(data)

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.elements if tag == name]

    @property
    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.elements if "id" in attrs]

    def meta(self, name: str) -> str:
        (content,) = [m["content"] for m in self.tags("meta") if m.get("name") == name]
        return content


def test_every_variant_renders_a_complete_page(documents: tuple[Document, ...]) -> None:
    for document in documents:
        markup = render_html(document)
        assert markup.startswith('<!DOCTYPE html>\n<html lang="en">\n')
        page = Page(markup)
        assert page.stack == [], f"{document.variant_id}: unclosed elements {page.stack}"
        duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
        assert not duplicates, f"{document.variant_id}: duplicate ids {duplicates}"
        assert [h for h in page.texts_in.get("h1", [])] == [document.title]
        headings = "".join(page.texts_in["h2"])
        for section in document.sections:
            assert section.heading in headings


def test_the_head_carries_title_and_metadata(documents: tuple[Document, ...]) -> None:
    for document in documents:
        page = Page(render_html(document))
        assert "".join(page.texts_in["title"]) == f"{document.title}, version {document.version}"
        assert page.tags("html")[0]["lang"] == "en"
        assert page.tags("meta")[0] == {"charset": "utf-8"}
        assert page.meta("viewport").startswith("width=device-width")
        assert page.meta("dc.identifier") == document.variant_id
        assert page.meta("license.version") == document.version
        assert page.meta("license.family") == document.family
        assert page.meta("license.options") == " ".join(code for code, _ in document.options)
        keywords = page.meta("keywords").split(", ")
        assert keywords == [document.variant_id, *(f"{name} ({code})" for code, name in document.options)]
        assert document.variant_id in page.meta("description")
        # Standalone: the stylesheets are inlined, nothing is fetched; the only link is to the permanent address.
        assert page.tags("link") == ([{"rel": "canonical", "href": document.url}] if document.url else [])
        assert not page.tags("script")
        assert read_style("license.css").strip() in render_html(document)


def test_every_section_and_clause_has_its_anchors(documents: tuple[Document, ...]) -> None:
    for document in documents:
        page = Page(render_html(document))
        ids = set(page.ids)
        for section in document.sections:
            expected = f"section-{section.number.lower()}" if section.number else section.id
            assert expected in ids, f"{document.variant_id}: no #{expected}"
        for _, clause in document.clauses():
            assert clause.id in ids, f"{document.variant_id}: no #{clause.id}"
            if clause.number:
                anchor = "section-" + clause.number.lower().replace(".", "-")
                assert anchor in ids, f"{document.variant_id}: no #{anchor} for {clause.number}"


def test_the_anchor_scheme() -> None:
    assert number_anchor("2") == "section-2"
    assert number_anchor("2.4") == "section-2-4"
    assert number_anchor("2.3.1") == "section-2-3-1"
    assert number_anchor("A") == "section-a"
    assert number_anchor("A.1") == "section-a-1"


def test_every_reference_in_the_canonical_text_has_its_anchor(documents: tuple[Document, ...]) -> None:
    """ "Section 2.4" in the text edition -> #section-2-4 exists, and the HTML links to it."""
    for document in documents:
        labels = "|".join(sorted({re.escape(s.label) for s in document.sections}))
        references = re.findall(rf"\b(?:{labels}) ([0-9A-Z]+(?:\.[0-9]+)*)", render_text(document))
        assert references, f"{document.variant_id}: the corpus does refer to its sections"
        page = Page(render_html(document))
        ids = set(page.ids)
        links = {a["href"] for a in page.tags("a")}
        for number in references:
            anchor = number_anchor(number)
            assert anchor in ids, f"{document.variant_id}: the text refers to {number}, but #{anchor} is missing"
        for href in links - {document.url}:  # and no link points nowhere (but the permanent address)
            assert href.startswith("#") and href[1:] in ids, f"{document.variant_id}: dangling link {href}"
        body_refs = {number_anchor(n) for n in re.findall(r"Section ([0-9]+\.[0-9.]+)", render_text(document))}
        assert body_refs <= {h[1:] for h in links}, "clause references in the text are links"


def _document(*blocks: Block, title: str = "Heading", layout: str = "headings", term: str | None = None) -> Document:
    clause = Clause("c", "1.1", title, term, tuple(blocks), (), "c.md", "Section 1.1", "section-1-1")
    other = Clause(
        "d",
        "1.2",
        "Other",
        None,
        (Paragraph((Span("See Section 1.1 and Section 9.9."),)),),
        (),
        "d.md",
        "Section 1.2",
        "section-1-2",
    )
    section = Section("s", "1", "Section", "Part", layout, (clause, other), "f.yaml", "Section 1", "section-1")
    return Document("X-1.0", "X", "Title", "Family", "1.0", (("A", "Able"),), MappingProxyType({}), (section,))


SCRIPT = "<script>alert(1)</script>"


def test_markup_in_a_fragment_renders_as_text() -> None:
    document = _document(
        Paragraph((Span(f"Before {SCRIPT} after"), Span(' & "quoted" <b>', strong=True))),
        ListBlock(False, ((Paragraph((Span(SCRIPT),)),),)),
        title=f"Title {SCRIPT}",
    )
    markup = render_html(document)
    page = Page(markup)
    assert not page.tags("script") and not page.tags("b")
    text = "".join(page.text)
    assert f"Before {SCRIPT} after" in text
    assert f"Title {SCRIPT}" in text
    assert ' & "quoted" <b>' in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup


def test_lists_are_ol_and_ul_lettered_like_the_text_edition() -> None:
    inner = ListBlock(True, ((Paragraph((Span("inner one"),)),), (Paragraph((Span("inner two"),)),)))
    outer = ListBlock(True, ((Paragraph((Span("outer"),)), inner),))
    bullets = ListBlock(False, ((Paragraph((Span("bullet"),)),),))
    page = Page(render_html(_document(Paragraph((Span("You must:"),)), outer, bullets)))
    ols = [attrs.get("class") for attrs in page.tags("ol")]
    assert ols[1:] == ["alpha", "roman"]  # the first <ol> is the contents list
    assert len(page.tags("ul")) == 1 and len(page.tags("li")) == 4 + 1  # + one contents entry
    assert {"class": "lead-in"} in page.tags("p")  # kept with its list in print
    css = read_style("license.css")
    assert 'prefix: "("' in css and 'suffix: ") "' in css and "system: extends lower-roman" in css


def test_the_corpus_lists_are_ordered_and_bulleted_lists(documents: tuple[Document, ...]) -> None:
    def count(blocks: tuple[Block, ...], counts: Counter[str]) -> None:
        for block in blocks:
            if isinstance(block, ListBlock):
                counts["ol" if block.ordered else "ul"] += 1
                for item in block.items:
                    count(item, counts)

    for document in documents:
        counts: Counter[str] = Counter()
        for _, clause in document.clauses():
            count(clause.blocks, counts)
        page = Page(render_html(document))
        assert len(page.tags("ol")) - 1 == counts["ol"]
        assert len(page.tags("ul")) == counts["ul"]


def test_definitions_are_a_definition_list_with_visible_numbers(documents: tuple[Document, ...]) -> None:
    document = next(d for d in documents if any(s.layout == "inline" for s in d.sections))
    section = next(s for s in document.sections if s.layout == "inline")
    page = Page(render_html(document))
    assert {"class": "items"} in page.tags("dl")
    numbers = [c.number for c in section.clauses]
    assert [t for t in page.texts_in["dt"] if t in numbers] == numbers
    terms = page.texts_in["dfn"]
    assert terms == [c.term for c in section.clauses]


def test_only_references_that_exist_become_links() -> None:
    page = Page(render_html(_document(Paragraph((Span("text"),)))))
    assert [a["href"] for a in page.tags("a") if a.get("class") == "ref"] == ["#section-1-1"]
    assert "Section 9.9" in "".join(page.text)


def test_colliding_ids_are_refused() -> None:
    clause = Clause(
        "section-1-1",
        None,
        "Looks like an anchor",
        None,
        (),
        (),
        "x.md",
        '"Looks like an anchor"',
        "section-1-1-heading",
    )
    numbered = Clause("real", "1.1", "Real", None, (), (), "y.md", "Section 1.1", "section-1-1")
    section = Section("s", "1", "Section", "Part", "headings", (numbered, clause), "f.yaml", "Section 1", "section-1")
    document = Document("X-1.0", "X", "Title", "Family", "1.0", (), MappingProxyType({}), (section,))
    with pytest.raises(ValueError, match="section-1-1"):
        render_html(document)


def test_output_is_deterministic(documents: tuple[Document, ...]) -> None:
    for document in documents:
        assert render_html(document) == render_html(document)
    assert "\r" not in render_html(documents[0])
