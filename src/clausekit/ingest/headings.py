"""Recognise headings and numbered paragraphs, in the styles real license texts use.

Styles: `1. Definitions`, `1.1 Grant`, `1.1. Grant`, `Section 2. Rights`, `ARTICLE IV`,
`ANNEX A`, a line underlined with `=` or `-`, and Markdown `#` headings. A paragraph that
opens with a number (`2.1 "Model" means ...`) is a clause whose number runs into its text.
A lettered `(a)` item stays text: its letter is a word of the paragraph, and lists keep
their letters as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clausekit.ingest.paragraphs import MARKDOWN_HEADING, UNDERLINE, Block

LABELS = (
    "Section|SECTION|Article|ARTICLE|Part|PART|Chapter|CHAPTER|Annex|ANNEX|Appendix|APPENDIX|"
    "Schedule|SCHEDULE|Attachment|ATTACHMENT|Exhibit|EXHIBIT|Clause|CLAUSE"
)
LABELLED = re.compile(rf"(?P<label>{LABELS})\s+(?P<number>[0-9]+|[A-Z]|[IVXLC]+)(?P<dot>\.?)(?:\s+(?P<title>\S.*))?\Z")
TOP = re.compile(r"(?P<number>[0-9]+)\.\s+(?P<title>\S.*)\Z")
NESTED = re.compile(r"(?P<number>(?:[0-9]+|[IVXLC]+|[A-Z])(?:\.[0-9]+)+)(?P<dot>\.?)\s+(?P<title>\S.*)\Z")
TITLE_MAX = 100  # characters: longer lines are sentences, not headings


@dataclass(frozen=True)
class Heading:
    """A heading line: its outline level (1 section, 2 clause, 3 sub-clause), number, title and format."""

    level: int
    number: str | None
    title: str
    label: str | None  # the word before a section number ("Section", "ANNEX"), if any
    form: str  # how it is written, e.g. "{label} {number}. {title}", "{number} {title}"
    marked: bool  # underlined or a Markdown heading: certainly a heading


@dataclass(frozen=True)
class Numbered:
    """A paragraph whose clause number runs into its text: `1.1 "Model" means ...`."""

    level: int
    number: str
    text: str


def _title_like(text: str) -> bool:
    return len(text) <= TITLE_MAX and not text.rstrip().endswith((".", ",", ";", ":"))


def classify(block: Block) -> Heading | Numbered | None:
    lines = list(block.lines)
    marked = False
    if len(lines) == 2 and UNDERLINE.match(lines[1]):
        lines, marked = lines[:1], True
    elif block.markdown and len(lines) == 1 and (m := MARKDOWN_HEADING.match(lines[0])):
        lines, marked = [lines[0][m.end() :]], True
    text = " ".join(" ".join(line.split()) for line in lines)
    single = len(lines) == 1
    if single and (m := LABELLED.match(text)) and (marked or m["title"] is None or _title_like(m["title"])):
        title = m["title"]
        form = "{label} {number}" + m["dot"] + (" {title}" if title else "")
        return Heading(1, m["number"], title or text, m["label"], form, marked)
    if single and (m := NESTED.match(text)) and (marked or _title_like(m["title"])):
        return Heading(
            m["number"].count(".") + 1, m["number"], m["title"], None, "{number}" + m["dot"] + " {title}", marked
        )
    if single and (m := TOP.match(text)) and (marked or _title_like(m["title"])):
        return Heading(1, m["number"], m["title"], None, "{number}. {title}", marked)
    if marked:
        return Heading(1, None, text, None, "{title}", True)
    if (m := NESTED.match(text)) and not m["dot"]:
        return Numbered(m["number"].count(".") + 1, m["number"], m["title"])
    return None
