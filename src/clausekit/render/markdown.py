"""Canonical Markdown (CommonMark): one line per paragraph, so edits diff cleanly.

Every character that Markdown would read as markup is escaped, so a clause's text
comes out exactly as written. Ordered lists are plain CommonMark lists (`1.`);
the plain-text edition letters them (a), (b), ...
"""

from __future__ import annotations

import re

from clausekit.document.blocks import escape_inline
from clausekit.document.types import Block, Clause, Document, ListBlock, Paragraph, Section, Span
from clausekit.render.text import header_fields

# What would start a block if it opened a line: heading, quote, list, fence, setext line.
LINE_START = re.compile(r"^([#>+\-=~]|\d+(?=[.)]))")


def render_markdown(document: Document) -> str:
    out = [f"# {escape(document.title)}", ""]
    words = document.labels
    out += [
        f"- {escape(words('{label}:', label=label))} {_value(value, document)}"
        for _, label, value in header_fields(document)
    ]
    for notice in document.notices:  # a translation: the default language governs; stale clauses
        out += ["", f"> {escape(notice)}"]
    for section in document.sections:
        out += ["", f"## {escape(section.heading)}"]
        for clause in section.clauses:
            out += _clause(clause, section, 3, document.stale_notice)
    return "\n".join(out).rstrip() + "\n"


def _value(value: str, document: Document) -> str:
    """A header value, escaped; the canonical URL as an autolink (no escape applies inside one, and the
    loader lets no space, angle bracket or control character into the URL)."""
    return f"<{value}>" if value == document.url else escape(value)


def _clause(clause: Clause, section: Section, level: int, stale_notice: str = "") -> list[str]:
    out: list[str] = []
    blocks = list(clause.blocks)
    if section.layout == "inline" and blocks and isinstance(first := blocks[0], Paragraph):
        blocks.pop(0)
        number = f"**{clause.number}** " if clause.number else ""
        out += ["", number + _paragraph(first)]
    else:
        heading = f"{clause.number} {clause.title}" if clause.number else clause.title
        out += ["", f"{'#' * level} {escape(heading)}"]
    if clause.stale:
        out += ["", f"> {escape(stale_notice)}"]
    for block in blocks:
        out += ["", *_block(block, "")]
    for child in clause.children:
        out += _clause(child, section, level + 1, stale_notice)
    return out


def _block(block: Block, indent: str) -> list[str]:
    if isinstance(block, Paragraph):
        return [indent + _paragraph(block)]
    return _list(block, indent)


def _list(block: ListBlock, indent: str) -> list[str]:
    out: list[str] = []
    for n, item in enumerate(block.items, start=1):
        marker = f"{n}. " if block.ordered else "- "
        inner_indent = indent + " " * len(marker)
        for i, inner in enumerate(item):
            lines = _block(inner, inner_indent)
            if i == 0:
                lines[0] = indent + marker + lines[0][len(inner_indent) :]
            else:
                out.append("")
            out += lines
    return out


def _paragraph(paragraph: Paragraph) -> str:
    text = "".join(_span(span) for span in paragraph.spans)
    # A backslash escapes punctuation only, so "1." becomes "1\." and "#" becomes "\#".
    return LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1).isdigit() else "\\" + m.group(1), text, count=1)


def _span(span: Span) -> str:
    text = escape(span.text)
    marks = ("**" if span.strong else "") + ("*" if span.emphasis else "")
    if not marks:
        return text
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{marks}{core}{marks[::-1]}{trail}" if core else text


escape = escape_inline
