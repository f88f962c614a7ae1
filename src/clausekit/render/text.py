"""Canonical plain text: UTF-8, LF line ends, wrapped at 78 columns.

The text edition is what people diff, paste and attach, so it is fully
deterministic and uses no markup: emphasis is dropped, ordered list items are
marked (a), (b), ... and nested ones (i), (ii), ...
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Callable
from functools import partial

from clausekit.document.types import Block, Clause, Document, Paragraph, Section, reference_pattern
from clausekit.sources.types import CANONICAL_LAYOUT, NO_HEADING, TextLayout

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
    wrap = partial(_wrap, reference_glue(document), _references(document), layout.wrap)
    words = document.labels
    out: list[str] = []
    if layout.title_block:
        out += [document.title, *_underline("=", document.title, layout), ""]
        for _, label, value in header_fields(document):
            lead = pad(words("{label}:", label=label), 12)
            out += wrap(value, lead, " " * 12)
    for notice in document.notices:  # a translation: the default language governs; stale clauses
        out += ["", *wrap(notice, "", "")]
    for section in document.sections:
        heading = section_heading(section, layout)
        if heading is not None:
            out += ["", "", heading, *_underline("-", heading, layout)]
        for clause in section.clauses:
            out += _clause(clause, section, wrap, layout, 2, document.stale_notice)
    return "\n".join(out).rstrip().lstrip("\n") + "\n"


def section_heading(section: Section, layout: TextLayout) -> str | None:
    """A section's heading line in the text edition, or None when its format is `none`.

    Unless the family gives its own format, the heading is the document's own, in its
    language's words ("Section 2. License Rights", "第2条 许可权利").
    """
    if section.heading_format == NO_HEADING:
        return None
    canonical = layout.headings[:1] == CANONICAL_LAYOUT.headings[:1]
    if section.heading_format is None and (section.number is None or canonical):
        return section.heading
    form = section.heading_format or layout.heading_format(1)
    return form.format(label=section.label, number=section.number or "", title=section.title)


def _underline(char: str, heading: str, layout: TextLayout) -> list[str]:
    return [char * min(display_width(heading), layout.wrap or WIDTH)] if layout.underline else []


def header_fields(document: Document, *, url: bool = False) -> list[tuple[str, str, str]]:
    """The header of every edition (text, Markdown, HTML and PDF title blocks): (English key, label, value).

    The English key names the field in markup (`field-version`) whatever the language.
    A draft says so right under its version: its text may still change under the same
    identifier, which a released text never does. A released text has no status line,
    so marking drafts leaves every released text as it was.

    The canonical URL follows the identifier where the edition's family file says so
    (`addresses.header_url`), or where the caller asks for it (`url`: the typeset
    editions, which no release digest covers); so adding an address to a released
    edition changes none of its texts.
    """
    words = document.labels
    options = words.join([words("{name} ({code})", name=name, code=code) for code, name in document.options])
    fields = [("Version", document.version)]
    if document.draft:
        fields.append(("Status", words("draft, not released")))
    fields.append(("Identifier", document.variant_id))
    if document.url and (url or document.url_in_text):
        fields.append(("URL", document.url))
    fields.append(("Options", options or words("none")))
    return [(key, words(key), value) for key, value in fields]


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: a wide or fullwidth (CJK) character takes two."""
    return sum(_char_width(c) for c in text)


def pad(text: str, width: int) -> str:
    """The text padded with spaces to `width` display columns (never cut)."""
    return text + " " * max(0, width - display_width(text))


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


Wrap = Callable[[str, str, str], list[str]]


def _clause(
    clause: Clause, section: Section, wrap: Wrap, layout: TextLayout, level: int, stale_notice: str = ""
) -> list[str]:
    """A clause as chunks (heading, paragraphs, lists), each preceded by a blank line; a stale one with the notice."""
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
    if clause.stale:
        chunks.append(wrap(f"[{stale_notice}]", "", ""))
    chunks += [_block(block, 0, wrap) for block in blocks]
    out = [line for chunk in chunks for line in ["", *chunk]]
    for child in clause.children:
        out += _clause(child, section, wrap, layout, level + 1, stale_notice)
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


def _references(document: Document) -> re.Pattern[str] | None:
    """Every reference this document can make ("第2.4条"): CJK wrapping keeps each on one line."""
    return reference_pattern(
        [s.number_label for s in document.sections if s.number_label]
        + [c.number_label for _, c in document.clauses() if c.number_label]
    )


def _wrap(
    glue: re.Pattern[str], references: re.Pattern[str] | None, width: int, text: str, first: str, rest: str
) -> list[str]:
    """Wrap at `width` columns (display columns for CJK text); 0 keeps the paragraph on one line."""
    if width == 0:
        return [(first + " ".join(text.split())).rstrip()]
    if any(_char_width(c) == 2 for c in text):
        return wrap_wide(text, first, rest, references, width)
    lines = textwrap.wrap(
        glue.sub(rf"\1{GLUE}", text),
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]
    return [line.replace(GLUE, " ") for line in lines]


# Kinsoku shori: what may not start a line (closing punctuation) and what may not end one (opening).
NO_LINE_START = frozenset("，。；：、）」』”’！？》〉】〕…‥・ー々〉,.;:!?)]}%")
NO_LINE_END = frozenset("（「『“‘《〈【〔([{")


def wrap_wide(
    text: str, first: str, rest: str, references: re.Pattern[str] | None = None, columns: int = WIDTH
) -> list[str]:
    """Wrap text holding CJK characters at `columns` display columns, by the CJK rules.

    CJK text has no spaces, so a line may break between any two characters of which one
    is wide, and at a space; never before closing punctuation or after opening
    punctuation (kinsoku), never inside a run of other characters (a Latin word, a
    number, an identifier such as MG-BY-NC-2.1) nor inside a reference ("第2.4条").
    A unit wider than a line stands alone on its line, as textwrap leaves long words.
    """
    text = " ".join(text.split())
    glued = _glued(text, references)
    units: list[tuple[str, bool]] = []  # (text, a space comes before it)
    current, space = "", False
    for i, char in enumerate(text):
        if char == " ":
            if current:
                units.append((current, space))
            current, space = "", True
            continue
        if current and _may_break(text[i - 1], char) and i not in glued:
            units.append((current, space))
            current, space = "", False
        current += char
    if current:
        units.append((current, space))
    lines: list[str] = []
    line, width = first, display_width(first)
    empty = True
    for unit, spaced in units:
        needed = display_width(unit) + (1 if spaced and not empty else 0)
        if not empty and width + needed > columns:
            lines.append(line.rstrip())
            line, width, empty = rest, display_width(rest), True
            needed = display_width(unit)
        line += (" " if spaced and not empty else "") + unit
        width += needed
        empty = False
    lines.append(line.rstrip())
    return lines


def _may_break(before: str, after: str) -> bool:
    """A break between two non-space characters: beside a wide character, and not against kinsoku."""
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return _char_width(before) == 2 or _char_width(after) == 2


def _glued(text: str, references: re.Pattern[str] | None) -> set[int]:
    """Positions inside a reference, before which no break may fall."""
    if references is None:
        return set()
    return {i for match in references.finditer(text) for i in range(match.start() + 1, match.end())}
