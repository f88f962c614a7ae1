"""The HTML edition: one standalone, semantic HTML5 page per variant.

The page is a pure function of the `Document`: the same document gives the same
bytes, with no timestamps, and its stylesheets (`styles/license.css`, the
structure both editions share, and `styles/screen.css`) are inlined so the file
works on its own, offline. The PDF edition (render_pdf.py) typesets this same
markup with `license.css` and `styles/print.css`.

Every span is plain text and is escaped here (`html.escape`, quotes included), so
a clause that says `<script>` shows those characters; the only markup on the page
is what this module writes.

Anchors (stable across builds and, for clause ids, across variants):

- a numbered top-level section: ``#section-<number>``, lower case, e.g.
  ``#section-2``, ``#section-a`` (the heading is ``#section-2-heading``);
- an unnumbered section: its outline id, e.g. ``#preamble``;
- every clause: its clause id, e.g. ``#output`` (the clause's container);
- a numbered clause also: ``#section-<number with dots as dashes>``, e.g.
  ``#section-2-4``, ``#section-2-3-1``, ``#section-a-1`` (its heading, or the
  number of a run-in item such as a definition); an unnumbered clause's heading
  is ``#<clause id>-heading``.

The same "section-" prefix is used whatever the outline's label, so an anchor
never changes when a label is renamed. References in the text such as
"Section 2.4" or "Attachment A" (any label the outline uses, with a number that
exists in this document) become links to those anchors. A document whose ids
would collide (a clause id that looks like a numeric anchor) is refused with
ValueError rather than rendered with a duplicate id.

Head metadata (`<meta name=...>`), read by search engines, tools and weasyprint:

- ``description``: one sentence naming the license, its identifier and edition
  (the PDF's Subject);
- ``keywords``: the identifier, then each option as "Name (CODE)" (the PDF's Keywords);
- ``dc.identifier``: the variant identifier, e.g. ``MG-BY-NC-2.0``;
- ``license.family``, ``license.version``: the family name and edition;
- ``license.status``: ``released``, or ``draft`` while versions.yaml does not list the edition;
- ``license.options``: the option codes, space separated, in family order
  (empty for a variant without options);
- ``generator``: ``clausekit``.

With a canonical URL (the family's `addresses:`), the head links it as
``<link rel="canonical">`` and the title block shows it as a link.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from clausekit.document.types import Block, Clause, Document, ListBlock, Paragraph, Section, Span, reference_pattern
from clausekit.render.text import header_fields
from clausekit.render.typeset import read_style

GENERATOR = "clausekit"


def render_html(document: Document) -> str:
    """The HTML edition of one variant, with its stylesheets (license.css, screen.css) inlined."""
    return html_page(document, stylesheets=(read_style("license.css"), read_style("screen.css")))


def html_page(document: Document, *, stylesheets: Sequence[str], meta: Sequence[tuple[str, str]] = ()) -> str:
    """The page with the given stylesheets inlined (in order) and extra `<meta>` elements.

    render_pdf uses this to add the print stylesheet and the fixed dates to the
    same markup, so the two editions cannot drift apart.
    """
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(page_title(document))}</title>",
        *canonical_links(document),
        *(_meta(name, content) for name, content in (*head_metadata(document), *meta)),
        *(f"<style>\n{css.strip()}\n</style>" for css in stylesheets),
    ]
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{_esc(document.language)}">',
        "<head>",
        *head,
        "</head>",
        "<body>",
        render_html_body(document),
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def canonical_links(document: Document) -> list[str]:
    """`<link rel="canonical">` to the variant's permanent address, so copies of the page point to it."""
    return [f'<link rel="canonical" href="{_esc(document.url)}">'] if document.url else []


def render_html_body(document: Document, *, embedded: bool = False) -> str:
    """The markup inside the page's `<body>`: title block, contents and sections (no trailing newline).

    `embedded` is for a page that already has its own title and main element (a site's
    page): the title block is left out, the sections sit in `<div class="license-sections">`
    and every heading is one level down. Both come from here, so they cannot drift apart.
    """
    page = _Page(document, top=3 if embedded else 2)
    if embedded:
        body = [*page.contents(), '<div class="license-sections">', *page.sections(), "</div>"]
    else:
        body = [*page.title_block(), *page.contents(), "<main>", *page.sections(), "</main>"]
    page.check_ids()
    return "\n".join(body)


def page_title(document: Document) -> str:
    """The page (and PDF) title: the license name with its edition."""
    return document.labels("{title}, version {version}", title=document.title, version=document.version)


def keywords(document: Document) -> list[str]:
    """The identifier, then each option as "Name (CODE)"; commas would split a keyword, so none remain."""
    labels = document.labels
    words = [document.variant_id, *(labels("{name} ({code})", name=name, code=code) for code, name in document.options)]
    return [word.replace(",", " ").replace("，", " ") for word in words]


def description(document: Document) -> str:
    return document.labels(
        "{title} ({id}), edition {version} of the {family} licenses.",
        title=document.title,
        id=document.variant_id,
        version=document.version,
        family=document.family,
    )


def head_metadata(document: Document) -> list[tuple[str, str]]:
    """(name, content) of the page's `<meta>` elements; the module docstring documents each name."""
    return [
        ("description", description(document)),
        ("keywords", ", ".join(keywords(document))),
        ("dc.identifier", document.variant_id),
        ("license.family", document.family),
        ("license.version", document.version),
        ("license.status", document.status),
        ("license.options", " ".join(code for code, _ in document.options)),
        ("generator", GENERATOR),
    ]


def reference_targets(document: Document) -> dict[str, str]:
    """Every reference the text can make to this document ("Section 2.4") and its anchor."""
    targets: dict[str, str] = {}
    for section in document.sections:
        if section.number_label is not None:
            targets[section.number_label] = section.anchor
    for _, clause in document.clauses():
        if clause.number_label is not None:
            targets[clause.number_label] = clause.anchor
    return targets


# An identifier or code such as MG-BY-NC-2.1: a browser or typesetter may break a line at any of
# its hyphens, which splits what a reader must copy whole; such runs are kept on one line.
IDENTIFIER = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*(?:-[A-Z0-9][A-Z0-9.]*[A-Z0-9])+(?![\w-])")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _meta(name: str, content: str) -> str:
    return f'<meta name="{_esc(name)}" content="{_esc(content)}">'


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class _Piece:
    """A run of text inside one span: plain, a defining instance (dfn) or a link to an anchor."""

    text: str
    dfn: bool = False
    href: str | None = None


class _Page:
    """Writes the body of one page; records every id it hands out, to refuse duplicates."""

    def __init__(self, document: Document, top: int = 2) -> None:
        self.document = document
        self.top = top  # the heading level of a section; a clause is one below its parent
        self.targets = reference_targets(document)
        self.reference = reference_pattern(self.targets)
        self.ids: list[str] = []

    def _id(self, value: str) -> str:
        self.ids.append(value)
        return _esc(value)

    def check_ids(self) -> None:
        duplicates = sorted(i for i, n in Counter(self.ids).items() if n > 1)
        if duplicates:
            raise ValueError(
                f"{self.document.variant_id}: the HTML ids {', '.join(duplicates)} would appear twice; "
                "rename the clause whose id collides with a section, a numeric anchor or another clause"
            )

    # Title block and contents

    def title_block(self) -> list[str]:
        out = ['<header class="title-block">', f"<h1>{_esc(self.document.title)}</h1>", '<dl class="fields">']
        for key, label, value in header_fields(self.document, url=True):
            shown = _esc(value)
            if value == self.document.url:  # the permanent address, as a link (also in the PDF)
                shown = f'<a href="{shown}" rel="license">{shown}</a>'
            out.append(f'<div class="field field-{_slug(key)}"><dt>{_esc(label)}</dt><dd>{shown}</dd></div>')
        out.append("</dl>")
        out += [f'<p class="notice" role="note">{_esc(notice)}</p>' for notice in self.document.notices]
        out.append("</header>")
        return out

    def contents(self) -> list[str]:
        out = [f'<nav class="contents" aria-label="{_esc(self.document.labels("Contents"))}">', "<ol>"]
        for section in self.document.sections:
            out.append(f'<li><a href="#{_esc(section.anchor)}">{_esc(section.heading)}</a></li>')
        out += ["</ol>", "</nav>"]
        return out

    # Sections and clauses

    def sections(self) -> list[str]:
        out: list[str] = []
        for section in self.document.sections:
            anchor = section.anchor
            heading = f"{anchor}-heading"
            kind = f"part-{_slug(section.label)}" if section.number is not None else "part-unnumbered"
            out.append(f'<section class="part {kind}" id="{self._id(anchor)}" aria-labelledby="{_esc(heading)}">')
            tag = f"h{min(self.top, 6)}"
            out.append(f'<{tag} id="{self._id(heading)}">{_section_heading(section)}</{tag}>')
            if section.layout == "inline":
                out.append('<dl class="items">')
                for clause in section.clauses:
                    out += self.inline_clause(clause)
                out.append("</dl>")
            else:
                for clause in section.clauses:
                    out += self.clause(clause, self.top + 1)
            out.append("</section>")
        return out

    def clause(self, clause: Clause, level: int) -> list[str]:
        heading = clause.anchor
        tag = f"h{min(level, 6)}"
        number = f'<span class="number">{_esc(clause.number)}</span> ' if clause.number else ""
        out = [
            f'<section class="clause" id="{self._id(clause.id)}" aria-labelledby="{_esc(heading)}">',
            f'<{tag} id="{self._id(heading)}">{number}{_esc(clause.title)}</{tag}>',
            *self._stale(clause),
            *self.blocks(clause.blocks, 0, None),
        ]
        for child in clause.children:
            out += self.clause(child, level + 1)
        out.append("</section>")
        return out

    def _stale(self, clause: Clause) -> list[str]:
        """The notice at a clause whose translation follows an earlier source text."""
        if not clause.stale:
            return []
        return [f'<p class="notice stale" role="note">{_esc(self.document.stale_notice)}</p>']

    def inline_clause(self, clause: Clause) -> list[str]:
        """A run-in item (a definition): the number as the term of a `<dl>` group, the text as its description.

        The stylesheets run the number into the first line of the text (not a float), so a page
        break can never separate them. The defined term's first appearance in the text is marked
        `<dfn>`; sub-items follow as groups of their own, so the list stays flat like the text edition.
        """
        label = f"{clause.number} {clause.term or clause.title}" if clause.number else (clause.term or clause.title)
        number_id = f' id="{self._id(clause.anchor)}"' if clause.number else ""
        body = [*self._stale(clause), *self.blocks(clause.blocks, 0, clause.term)] or [""]
        # No white space between the number and the text: the number is run into the first line.
        out = [
            f'<div class="item" id="{self._id(clause.id)}">',
            f'<dt{number_id} data-label="{_esc(label)}">{_esc(clause.number or "")}</dt><dd>{body[0]}',
            *body[1:],
            "</dd>",
            "</div>",
        ]
        for child in clause.children:
            out += self.inline_clause(child)
        return out

    def blocks(self, blocks: Sequence[Block], depth: int, term: str | None) -> list[str]:
        out: list[str] = []
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                lead_in = i + 1 < len(blocks) and isinstance(blocks[i + 1], ListBlock)
                attrs = ' class="lead-in"' if lead_in else ""  # kept on the page with the list it opens
                out.append(f"<p{attrs}>{self.inline(block, term)}</p>")
                term = None
            else:
                out += self.list_block(block, depth)
        return out

    def list_block(self, block: ListBlock, depth: int) -> list[str]:
        """`<ol class="alpha">` (a), (b), … and nested `<ol class="roman">` (i), (ii), …, as the text edition."""
        if block.ordered:
            tag, attrs = "ol", f' class="{"alpha" if depth % 2 == 0 else "roman"}"'
        else:
            tag, attrs = "ul", ""
        out = [f"<{tag}{attrs}>"]
        for item in block.items:
            out.append("<li>")
            out += self.blocks(item, depth + 1, None)
            out.append("</li>")
        out.append(f"</{tag}>")
        return out

    # Inline text

    def inline(self, paragraph: Paragraph, term: str | None) -> str:
        pieces = _mark_term(paragraph.spans, term)
        return "".join(self._span(span, parts) for span, parts in pieces)

    def _span(self, span: Span, parts: list[_Piece]) -> str:
        text = "".join(self._piece(piece) for piece in self._link(parts))
        if span.emphasis:
            text = f"<em>{text}</em>"
        if span.strong:
            text = f"<strong>{text}</strong>"
        return text

    def _link(self, parts: list[_Piece]) -> Iterator[_Piece]:
        for part in parts:
            if part.dfn or self.reference is None:
                yield part
                continue
            at = 0
            for match in self.reference.finditer(part.text):
                if match.start() > at:
                    yield _Piece(part.text[at : match.start()])
                yield _Piece(match.group(0), href=self.targets[match.group(1)])
                at = match.end()
            if at < len(part.text):
                yield _Piece(part.text[at:])

    @staticmethod
    def _piece(piece: _Piece) -> str:
        text = IDENTIFIER.sub(r'<span class="nowrap">\g<0></span>', _esc(piece.text))
        if piece.dfn:
            return f"<dfn>{text}</dfn>"
        if piece.href is not None:
            return f'<a class="ref" href="#{_esc(piece.href)}">{text}</a>'
        return text


def _section_heading(section: Section) -> str:
    if section.numbering is None:
        return _esc(section.title)
    return f'<span class="number">{_esc(section.numbering)}</span> {_esc(section.title)}'


def _mark_term(spans: Sequence[Span], term: str | None) -> list[tuple[Span, list[_Piece]]]:
    """Split the spans into pieces, marking the first whole-word occurrence of `term` as its defining instance."""
    out: list[tuple[Span, list[_Piece]]] = []
    pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)") if term else None
    for span in spans:
        match = pattern.search(span.text) if pattern else None
        if match is None:
            out.append((span, [_Piece(span.text)]))
            continue
        parts = [_Piece(span.text[: match.start()]), _Piece(match.group(0), dfn=True), _Piece(span.text[match.end() :])]
        out.append((span, [p for p in parts if p.text]))
        pattern = None
    return out
