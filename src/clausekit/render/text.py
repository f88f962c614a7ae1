"""Canonical plain text: UTF-8, LF line ends, wrapped at 78 columns.

The text edition is what people diff, paste and attach, so it is fully
deterministic and uses no markup: emphasis is dropped, ordered list items are
marked (a), (b), ... and nested ones (i), (ii), ...
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from functools import partial

from clausekit.document.types import Block, Clause, Document, Paragraph, Section
from clausekit.sources.types import NO_HEADING, TextLayout

WIDTH = 78
INDENT = 4
GLUE = "\x00"  # stands for a space that wrapping must not break


def reference_glue(document: Document) -> re.Pattern[str]:
    """Matches the space in "Section 2.4" (any label the outline uses), to keep the pair on one line."""
    labels = sorted({re.escape(s.label) for s in document.sections}, key=len, reverse=True)
    return re.compile(rf"\b((?:{'|'.join(labels)})s?) (?=[0-9A-Z])")


def render_text(document: Document, layout: TextLayout | None = None) -> str:
    """The text edition, laid out as `layout` says (by default the family's, from the document)."""
    layout = layout or document.layout
    wrap = partial(_wrap, reference_glue(document), layout.wrap)
    out: list[str] = []
    if layout.title_block:
        out += [document.title, *_underline("=", document.title, layout), ""]
        out += [
            line for label, value in header_fields(document) for line in wrap(f"{label + ':':<12}{value}", "", " " * 12)
        ]
    for section in document.sections:
        heading = section_heading(section, layout)
        if heading is not None:
            out += ["", "", heading, *_underline("-", heading, layout)]
        for clause in section.clauses:
            out += _clause(clause, section, wrap, layout, 2)
    return "\n".join(out).rstrip().lstrip("\n") + "\n"


def section_heading(section: Section, layout: TextLayout) -> str | None:
    """A section's heading line in the text edition, or None when its format is `none`."""
    if section.heading_format == NO_HEADING:
        return None
    if section.number is None and section.heading_format is None:
        return section.title
    form = section.heading_format or layout.heading_format(1)
    return form.format(label=section.label, number=section.number or "", title=section.title)


def _underline(char: str, heading: str, layout: TextLayout) -> list[str]:
    return [char * min(len(heading), layout.wrap or WIDTH)] if layout.underline else []


DRAFT_STATUS = "draft, not released"


def header_fields(document: Document) -> list[tuple[str, str]]:
    """The header of every edition (text, Markdown, HTML and PDF title blocks).

    A draft says so right under its version: its text may still change under the same
    identifier, which a released text never does. A released text has no status line,
    so marking drafts leaves every released text as it was.
    """
    options = ", ".join(f"{name} ({code})" for code, name in document.options) or "none"
    status = [("Status", DRAFT_STATUS)] if document.draft else []
    return [("Version", document.version), *status, ("Identifier", document.variant_id), ("Options", options)]


Wrap = Callable[[str, str, str], list[str]]


def _clause(clause: Clause, section: Section, wrap: Wrap, layout: TextLayout, level: int) -> list[str]:
    """A clause as chunks (heading, paragraphs, lists), each preceded by a blank line."""
    blocks = list(clause.blocks)
    number = f"{clause.number} " if clause.number else ""
    chunks: list[list[str]] = []
    if section.layout != "inline":
        heading = clause.title
        if clause.number:
            heading = layout.heading_format(level).format(label=section.label, number=clause.number, title=clause.title)
        chunks.append([heading])
    elif blocks and isinstance(first := blocks[0], Paragraph):
        blocks.pop(0)
        chunks.append(wrap(number + first.text, "", ""))
    elif number:
        chunks.append([number.strip()])
    chunks += [_block(block, 0, wrap) for block in blocks]
    out = [line for chunk in chunks for line in ["", *chunk]]
    for child in clause.children:
        out += _clause(child, section, wrap, layout, level + 1)
    return out


def _block(block: Block, depth: int, wrap: Wrap) -> list[str]:
    indent = " " * (INDENT * depth)
    if isinstance(block, Paragraph):
        return wrap(block.text, indent, indent)
    out: list[str] = []
    markers = [list_marker(block.ordered, n, depth) for n in range(1, len(block.items) + 1)]
    width = max(len(m) for m in markers) + 1
    for marker, item in zip(markers, block.items, strict=True):
        if out:
            out.append("")
        first = True
        for inner in item:
            if not first:
                out.append("")
            if isinstance(inner, Paragraph):
                lead = indent + marker.ljust(width) if first else indent + " " * width
                out += wrap(inner.text, lead, indent + " " * width)
            else:
                if first:
                    out.append(indent + marker)
                out += _block(inner, depth + 1, wrap)
            first = False
    return out


def list_marker(ordered: bool, n: int, depth: int) -> str:
    if not ordered:
        return "-"
    if depth % 2 == 0:
        return f"({_letters(n)})"
    return f"({_roman(n)})"


def _letters(n: int) -> str:
    text = ""
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def _roman(n: int) -> str:
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    text = ""
    for value, numeral in numerals:
        while n >= value:
            text += numeral
            n -= value
    return text


def _wrap(glue: re.Pattern[str], width: int, text: str, first: str, rest: str) -> list[str]:
    """Wrap at `width` columns; 0 keeps the paragraph on one line."""
    if width == 0:
        return [(first + " ".join(text.split())).rstrip()]
    lines = textwrap.wrap(
        glue.sub(rf"\1{GLUE}", text),
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
    return [line.replace(GLUE, " ") for line in lines]
