"""Properties of the renderers over generated documents (hypothesis)."""

from __future__ import annotations

import re
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from clausekit.document.types import Clause, Document, ListBlock, Paragraph, Section, Span
from clausekit.render.markdown import render_markdown
from clausekit.render.text import WIDTH, render_text

# Printable ASCII (every Markdown metacharacter included) plus a few non-ASCII letters.
ALPHABET = st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("éßøλ’“”—")
# Openings that make Markdown start a block, so generated text hits them often.
TRAPS = st.sampled_from(
    ["", "1. ", "2026) ", "# ", "> ", "- ", "+ ", "* ", "~~~", "```", "===", "---", "<div>", "&amp;", "    "]
)
TEXT = st.builds(
    lambda trap, text: " ".join((trap + text).split()), TRAPS, st.text(ALPHABET, min_size=1, max_size=120)
).filter(bool)
WORDS = st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=30), min_size=1, max_size=80)


def document(*blocks: Paragraph | ListBlock, layout: str = "headings") -> Document:
    clause = Clause("c", "1.1", "Heading", None, tuple(blocks), (), "c.md", "Section 1.1", "section-1-1")
    section = Section("s", "1", "Section", "Part", layout, (clause,), "f.yaml", "Section 1", "section-1")
    return Document("X-1.0", "X", "Title", "Family", "1.0", (), MappingProxyType({}), (section,))


def markdown_body_text(markdown: str) -> str:
    """The text of the clause body as a CommonMark parser reads it back."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    inline = [t for t in tokens if t.type == "inline"]
    body = inline[-1]  # title, header fields and headings come first
    return "".join(child.content for child in body.children or () if child.type == "text")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_markdown_escaping_keeps_any_text_exactly(text: str) -> None:
    rendered = render_markdown(document(Paragraph((Span(text),))))
    assert markdown_body_text(rendered) == text


@settings(max_examples=100, deadline=None)
@given(TEXT, TEXT)
def test_a_fragment_cannot_inject_structure_into_markdown(first: str, second: str) -> None:
    """Whatever the text, one paragraph stays one paragraph: no heading, list, quote or code appears."""
    tokens = MarkdownIt("commonmark").parse(render_markdown(document(Paragraph((Span(first + " " + second),)))))
    last_heading = max(i for i, t in enumerate(tokens) if t.type == "heading_close")
    assert [t.type for t in tokens[last_heading + 1 :]] == ["paragraph_open", "inline", "paragraph_close"]


@settings(max_examples=200, deadline=None)
@given(WORDS, st.booleans())
def test_text_wrapping_keeps_every_word_within_the_width(words: list[str], as_list: bool) -> None:
    paragraph = Paragraph((Span(" ".join(words)),))
    block = ListBlock(True, ((paragraph,), (paragraph,))) if as_list else paragraph
    rendered = render_text(document(block))
    body = rendered.split("1.1 Heading\n", 1)[1]
    for line in body.split("\n"):
        assert len(line) <= WIDTH or " " not in line.strip()
    expected = words * (2 if as_list else 1)
    assert re.findall(r"[a-z]+", re.sub(r"\([a-z]+\)", "", body)) == expected


@given(WORDS)
def test_inline_layout_runs_the_number_into_the_first_paragraph(words: list[str]) -> None:
    rendered = render_text(document(Paragraph((Span(" ".join(words)),)), layout="inline"))
    assert f"\n1.1 {words[0]}" in rendered
    assert "Heading" not in rendered
