"""A redline as a Word document (.docx) with real tracked changes.

Why python-docx: it is the well-kept, widely used library for WordprocessingML in
Python (MIT, typed, on PyPI since 2013), and its default template brings Word's own
built-in styles (Title, Heading 1-3, Body Text, List Paragraph), so the redline uses
real styles and the theme's standard fonts, never manual formatting. It has no API for
tracked changes, so `w:ins`, `w:del`, `w:moveFrom`/`w:moveTo` (with their range
markers) and the paragraph-mark revisions are written through its oxml layer, each
with `w:id`, `w:author` and `w:date` (ECMA-376 Part 1, 17.13.5).

Determinism: revision ids count up in reading order; the date is the caller's (NEW's
commit or SOURCE_DATE_EPOCH); the core properties carry that date as created and
modified; and the package is written here through zipfile, not python-docx's save,
which stamps each entry with the clock: fixed entry order, fixed timestamps, fixed
permissions, deflate at a fixed level.

Number changes that only follow renumbering are signed by "<author> (renumbering)":
a reviewer can hide them (Review > Show Markup > Specific People) or accept them at
once, while accepting or rejecting everything still gives NEW's or OLD's exact text.
The document turns on Track Changes, so the reviewer's own edits are tracked too.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

from clausekit.diff.redline import HEADING1, NOTE, Piece, Redline, RedParagraph, RedTable

RENUMBERING = " (renumbering)"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
TERM_STYLE = "Defined Term"
LEGEND = (
    "Tracked changes: insertions and deletions show as Word revisions (Review > Tracking); accepting all of "
    "them gives the new text, rejecting all of them the old. A moved clause shows as a move. Numbers that "
    "changed only because of renumbering are signed “{author}{renumbering}”."
)
_SETTINGS_AFTER = (
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:characterSpacingControl",
    "w:compat",
    "w:rsids",
    "m:mathPr",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:shapeDefaults",
    "w:decimalSymbol",
    "w:listSeparator",
)


def render_docx(redline: Redline, *, author: str, date: int | None, full_text: bool) -> bytes:
    """The redline as .docx bytes; `full_text`: a variant's whole license (the cover note goes in the page header).

    `date` None (no commit and no SOURCE_DATE_EPOCH to go by): 1980-01-01, the zip format's first day,
    never the clock.
    """
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    stamp = datetime(*ZIP_DATE) if date is None else datetime.fromtimestamp(date, UTC).replace(tzinfo=None)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    document = docx.Document()
    styles = document.styles
    term = styles.add_style(TERM_STYLE, WD_STYLE_TYPE.CHARACTER)
    term.base_style = styles["Default Paragraph Font"]
    term.font.bold = True
    note = styles.add_style(NOTE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.italic = True
    note.font.size = Pt(9)
    core = document.core_properties
    core.author = author
    core.last_modified_by = author
    core.title = redline.title[:255]
    core.subject = f"Redline: {redline.old_label} → {redline.new_label}"[:255]
    core.created = stamp
    core.modified = stamp
    core.revision = 1
    core.comments = redline.summary[0][:255]  # the core properties hold at most 255 characters each
    _track_revisions(document)
    legend = LEGEND.format(author=author, renumbering=RENUMBERING)
    writer = _Writer(document, author, iso)
    if full_text:
        header = document.sections[0].header
        header.paragraphs[0].text = redline.summary[0]
        for line in (*redline.summary[1:], legend):
            header.add_paragraph(line)
    else:
        writer.paragraph(RedParagraph("Title", (Piece(redline.title, "equal"),)))
        for line in (*redline.summary, legend):
            writer.paragraph(RedParagraph(NOTE, (Piece(line, "equal"),)))
    for block in redline.blocks:
        if isinstance(block, RedTable):
            writer.table(block)
        else:
            writer.paragraph(block)
    return _package(document)


def _track_revisions(document: Any) -> None:
    from docx.oxml import OxmlElement

    settings = document.settings.element
    if settings.find(_qn("w:trackRevisions")) is None:
        settings.insert_element_before(OxmlElement("w:trackRevisions"), *_SETTINGS_AFTER)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


class _Writer:
    """Appends paragraphs and tables to the body; numbers revisions in reading order."""

    def __init__(self, document: Any, author: str, date: str) -> None:
        self.document = document
        self.author = author
        self.date = date
        self.next_id = 1
        self.style_ids = {s.name: s.style_id for s in document.styles}
        self.term_id = self.style_ids[TERM_STYLE]
        self.ranges: dict[tuple[str, str], str] = {}  # (move name, side) -> the id its range start took

    def _revision(self, tag: str, renumbering: bool = False, **extra: str) -> Any:
        from docx.oxml import OxmlElement

        element = OxmlElement(tag)
        element.set(_qn("w:id"), str(self.next_id))
        self.next_id += 1
        for name, value in extra.items():
            element.set(_qn(f"w:{name}"), value)
        element.set(_qn("w:author"), self.author + (RENUMBERING if renumbering else ""))
        element.set(_qn("w:date"), self.date)
        return element

    def _run(self, piece: Piece, deleted: bool) -> Any:
        from docx.oxml import OxmlElement

        run = OxmlElement("w:r")
        if piece.term or piece.emphasis:
            properties = OxmlElement("w:rPr")
            if piece.term:
                style = OxmlElement("w:rStyle")
                style.set(_qn("w:val"), self.term_id)
                properties.append(style)
            if piece.emphasis:
                properties.append(OxmlElement("w:i"))
            run.append(properties)
        text = OxmlElement("w:delText" if deleted else "w:t")
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        text.text = piece.text
        run.append(text)
        return run

    def paragraph(self, block: RedParagraph) -> None:
        from docx.oxml import OxmlElement
        from docx.shared import Pt

        paragraph = self.document.add_paragraph()
        p = paragraph._p
        p.get_or_add_pPr().style = self.style_ids[block.style]  # by id: python-docx's lookup by name is slow
        if block.level > 1:
            paragraph.paragraph_format.left_indent = Pt(18 * (block.level - 1))
        mark_tag = {"insert": "w:ins", "delete": "w:del"}.get(block.mark)
        if block.move is not None:
            mark_tag = "w:moveFrom" if block.move == "from" else "w:moveTo"
        if mark_tag is not None:
            properties = p.get_or_add_pPr()
            marks = OxmlElement("w:rPr")
            marks.append(self._revision(mark_tag))
            properties.append(marks)
        if block.move is not None:
            range_tag = "w:moveFromRange" if block.move == "from" else "w:moveToRange"
            range_id = f"range-{block.move_name}"
            if block.move_first:
                start = self._revision(range_tag + "Start", name=block.move_name or "")
                self.ranges[(range_id, block.move)] = start.get(_qn("w:id"))
                p.append(start)
            wrapper = self._revision(mark_tag or "")
            for piece in block.pieces:
                wrapper.append(self._run(piece, False))
            if block.pieces:
                p.append(wrapper)
            if block.move_last:
                end = OxmlElement(range_tag + "End")
                end.set(_qn("w:id"), self.ranges[(range_id, block.move)])
                p.append(end)
            return
        for piece in block.pieces:
            if piece.op == "equal":
                p.append(self._run(piece, False))
                continue
            wrapper = self._revision("w:ins" if piece.op == "insert" else "w:del", piece.renumbering)
            wrapper.append(self._run(piece, piece.op == "delete"))
            p.append(wrapper)

    def table(self, block: RedTable) -> None:
        self.paragraph(RedParagraph(HEADING1, (Piece(block.title, "equal"),)))
        table = self.document.add_table(rows=1, cols=len(block.header), style="Table Grid")
        for cell, text in zip(table.rows[0].cells, block.header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text


def _package(document: Any) -> bytes:
    """The package through zipfile: the parts in python-docx's order, every entry with one fixed date."""
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    for key, relationship in list(package.rels.items()):  # the template's thumbnail would show another document
        if relationship.reltype.endswith("/thumbnail"):
            del package.rels[key]
    parts = list(package.iter_parts())
    entries: list[tuple[str, bytes]] = [
        (CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob),  # type: ignore[no-untyped-call]
        (PACKAGE_URI.rels_uri.membername, package.rels.xml),
    ]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, blob in entries:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, blob, compresslevel=6)
    return buffer.getvalue()
