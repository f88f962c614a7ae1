"""Turn a fragment's rendered Markdown into document blocks.

markdown-it-py parses (with raw HTML off, so `<script>` stays text); this module
walks its token stream into `Paragraph`/`ListBlock` values. Only what a license
needs is accepted: paragraphs, lists, emphasis. Anything else (headings, tables,
code, links, quotes) is rejected with its line, because no renderer should have to
guess what a heading inside a clause means.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from clausekit.document.types import Block, ListBlock, Paragraph, Span

SPACES = re.compile(r"\s+")
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|{}])")
ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_inline(text: str) -> str:
    """Text that a Markdown reader shows as it is: no emphasis, link, HTML, entity or attribute list.

    One escaper for both directions: values printed into a fragment before it is parsed,
    and text written into the Markdown edition.
    """
    return ENTITY.sub("\\&", INLINE_SPECIAL.sub(r"\\\1", text))


@dataclass(frozen=True)
class Unsupported(Exception):
    construct: str
    line: int  # 1-based line in the Markdown text


def make_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def parse_blocks(parser: MarkdownIt, markdown: str) -> tuple[Block, ...]:
    tokens = parser.parse(markdown)
    blocks, end = _blocks(tokens, 0, None)
    assert end == len(tokens)
    return blocks


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _blocks(tokens: Sequence[Token], i: int, closer: str | None) -> tuple[tuple[Block, ...], int]:
    """Read blocks from tokens[i] until `closer` (or the end); return them and the index after."""
    blocks: list[Block] = []
    while i < len(tokens):
        token = tokens[i]
        if token.type == closer:
            return tuple(blocks), i + 1
        if token.type == "paragraph_open":
            blocks.append(Paragraph(_spans(tokens[i + 1])))
            i += 3  # paragraph_open, inline, paragraph_close
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items: list[tuple[Block, ...]] = []
            close = token.type.replace("_open", "_close")
            i += 1
            while tokens[i].type == "list_item_open":
                item, i = _blocks(tokens, i + 1, "list_item_close")
                items.append(item)
            if tokens[i].type != close:  # pragma: no cover - markdown-it guarantees nesting
                raise Unsupported(tokens[i].type, _line(tokens[i]))
            blocks.append(ListBlock(token.type == "ordered_list_open", tuple(items)))
            i += 1
        else:
            raise Unsupported(_construct(token), _line(token))
    return tuple(blocks), i


def _spans(inline: Token) -> tuple[Span, ...]:
    spans: list[Span] = []
    strong = emphasis = False
    for child in inline.children or ():
        kind = child.type
        if kind == "text":
            _append(spans, Span(child.content, strong, emphasis))
        elif kind in ("softbreak", "hardbreak"):
            _append(spans, Span(" ", strong, emphasis))
        elif kind in ("strong_open", "strong_close"):
            strong = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            emphasis = kind == "em_open"
        else:
            raise Unsupported(_construct(child), _line(inline))
    return _normalise(spans)


def _append(spans: list[Span], span: Span) -> None:
    if spans and (spans[-1].strong, spans[-1].emphasis) == (span.strong, span.emphasis):
        spans[-1] = Span(spans[-1].text + span.text, span.strong, span.emphasis)
    else:
        spans.append(span)


def _normalise(spans: list[Span]) -> tuple[Span, ...]:
    """Collapse runs of white space, so rewrapping a source line changes nothing."""
    out: list[Span] = []
    for span in spans:
        text = SPACES.sub(" ", span.text)
        if out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            out.append(Span(text, span.strong, span.emphasis))
    if out:
        out[0] = Span(out[0].text.lstrip(), out[0].strong, out[0].emphasis)
        out[-1] = Span(out[-1].text.rstrip(), out[-1].strong, out[-1].emphasis)
    return tuple(s for s in out if s.text)


CONSTRUCTS = {
    "heading_open": "a heading (the clause title comes from `title:` in the front matter)",
    "code_block": "an indented code block (is a line indented by four spaces?)",
    "fence": "a fenced code block",
    "code_inline": "inline code (backticks)",
    "blockquote_open": "a block quote",
    "hr": "a horizontal rule",
    "html_block": "raw HTML",
    "link_open": "a link",
    "image": "an image",
    "table_open": "a table",
}


def _construct(token: Token) -> str:
    return CONSTRUCTS.get(token.type, f"Markdown element {token.type!r}")
