"""A redline as a blackline PDF: the reviewer's paper copy.

Typeset by weasyprint in the house style of the PDF edition (license.css and print.css,
IBM Plex Serif embedded, the same page and footer), with the marks a blackline reader
expects: insertions underlined in colour, deletions struck through, a moved clause
double-underlined where it now stands and struck through where it stood, numbers that
changed only by renumbering in grey, and a change bar in the left margin beside every
paragraph that changed. A legend and the summary sit at the top.

Reproducible like the license PDFs: dates from the caller (NEW's commit or
SOURCE_DATE_EPOCH), a file identifier derived from the content's labels, fonts subset
by HarfBuzz or embedded whole, never stamped with the clock.
"""

from __future__ import annotations

import hashlib
from html import escape

from clausekit.diff.redline import (
    BODY,
    FIELD,
    HEADING1,
    HEADING2,
    HEADING3,
    ITEM,
    NOTE,
    TITLE,
    Piece,
    Redline,
    RedParagraph,
    RedTable,
)
from clausekit.render.typeset import (
    FONT_FAMILY,
    UnprintableText,
    cannot_show,
    css_page_size,
    date_meta,
    face_characters,
    font_configuration,
    font_face_css,
    font_files,
    harfbuzz_can_subset,
    read_style,
    unprintable,
)

TAGS = {TITLE: "h1", HEADING1: "h2", HEADING2: "h3", HEADING3: "h4"}
CLASSES = {FIELD: "field", BODY: "body", ITEM: "item", NOTE: "note"}

BLACKLINE_CSS = """
/* Words stay whole: a blackline reader (and a text search) must never meet half a changed word. */
p, h1, h2, h3, h4, td { hyphens: manual; }
ins { color: #0b5394; text-decoration: underline; text-decoration-color: #0b5394; }
del { color: #a61c00; text-decoration: line-through; }
ins.renumbering, del.renumbering { color: #666; text-decoration-color: #666; }
.move-to { color: #38761d; text-decoration: underline double; }
.move-from { color: #38761d; text-decoration: line-through double; }
.cover { border: 0.6pt solid #999; padding: 3mm 4mm; margin-bottom: 6mm; font-size: 9pt; }
.cover p { margin: 0 0 1.5mm; text-align: left; }
.note { font-style: italic; font-size: 9pt; }
.field { margin: 0; }
table { border-collapse: collapse; font-size: 8.5pt; margin-bottom: 4mm; width: 100%; }
th, td { border: 0.5pt solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
.item { margin-left: calc(var(--level, 1) * 6mm); }
.changed { border-left: 2pt solid #a61c00; margin-left: -7mm; padding-left: calc(7mm - 2pt); }
.changed.item { margin-left: calc(var(--level, 1) * 6mm - 7mm); }
"""


def render_blackline(
    redline: Redline, *, author: str, date: int | None, full_text: bool, page_size: str = "A4"
) -> bytes:
    """The blackline PDF of a redline; `date` None: the PDF carries no date."""
    import weasyprint  # type: ignore[import-untyped]  # deferred: costly to import

    size = css_page_size(page_size)
    with font_files() as fonts, font_configuration() as font_config:
        html = blackline_html(redline, author, date, extra=(font_face_css(fonts), f"@page {{ size: {size}; }}"))
        lacking = unprintable(html, face_characters(sorted(set(fonts.values()))))
        if lacking:
            raise UnprintableText(cannot_show(f"the blackline (set in {FONT_FAMILY})", lacking))
        identifier = hashlib.sha256(
            f"blackline\0{redline.title}\0{redline.old_label}\0{redline.new_label}\0{size}".encode()
        )
        pdf = weasyprint.HTML(string=html).write_pdf(
            pdf_identifier=identifier.hexdigest()[:32].encode(),
            full_fonts=not harfbuzz_can_subset(),
            font_config=font_config,
        )
        return bytes(pdf)


def blackline_html(redline: Redline, author: str, date: int | None, extra: tuple[str, ...] = ()) -> str:
    """The page weasyprint typesets; every piece of text escaped."""
    styles = (read_style("license.css"), read_style("print.css"), BLACKLINE_CSS, *extra)
    meta = [("author", author), ("description", " ".join(redline.summary)), *date_meta(date)]
    head = [
        '<meta charset="utf-8">',
        f"<title>{escape(f'Blackline: {redline.title}')}</title>",
        *(f'<meta name="{escape(name)}" content="{escape(value)}">' for name, value in meta),
        *(f"<style>{style}</style>" for style in styles),
    ]
    legend = (
        "<p><strong>Legend:</strong> <ins>inserted words</ins>, <del>deleted words</del>, "
        '<span class="move-to">moved here</span>, <span class="move-from">moved away</span>, '
        '<ins class="renumbering">numbers</ins> <del class="renumbering">changed</del> only by renumbering; '
        "a bar in the margin marks each changed paragraph.</p>"
    )
    cover = [
        f"<p><strong>{escape(line)}</strong></p>" if n == 0 else f"<p>{escape(line)}</p>"
        for n, line in enumerate(redline.summary)
    ]
    body = [f'<div class="cover">{"".join(cover)}{legend}<p>Prepared by {escape(author)}.</p></div>']
    for block in redline.blocks:
        body.append(_table(block) if isinstance(block, RedTable) else _paragraph(block))
    return f'<!DOCTYPE html><html lang="en"><head>{"".join(head)}</head><body>{"".join(body)}</body></html>'


def _piece(piece: Piece, move: str | None) -> str:
    text = escape(piece.text)
    if piece.term:
        text = f"<strong>{text}</strong>"
    if piece.emphasis:
        text = f"<em>{text}</em>"
    if move is not None:
        return f'<span class="move-{move}">{text}</span>'
    renumbering = ' class="renumbering"' if piece.renumbering else ""
    if piece.op == "insert":
        return f"<ins{renumbering}>{text}</ins>"
    if piece.op == "delete":
        return f"<del{renumbering}>{text}</del>"
    return text


def _paragraph(block: RedParagraph) -> str:
    tag = TAGS.get(block.style, "p")
    classes = [CLASSES.get(block.style, "")]
    changed = (
        block.move is not None
        or block.mark != "equal"
        or any(p.op != "equal" and not p.renumbering for p in block.pieces)
    )
    if changed:
        classes.append("changed")
    inner = "".join(_piece(p, block.move) for p in block.pieces)
    if block.mark == "delete" and block.move is None:
        inner += "<del> ¶</del>" if inner and all(p.op == "equal" for p in block.pieces) else ""
    style = f' style="--level: {block.level - 1}"' if block.style == ITEM and block.level > 1 else ""
    shown = " ".join(c for c in classes if c)
    return f'<{tag} class="{shown}"{style}>{inner}</{tag}>'


def _table(block: RedTable) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows)
    return f"<h2>{escape(block.title)}</h2><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
