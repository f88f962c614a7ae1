"""The PDF edition: the HTML edition's markup typeset by weasyprint with `styles/print.css`.

What the file holds, and why:

- **Same markup as the HTML edition** (`render_html.html_page`), with the print
  stylesheet, the font faces and the page size added to the head, so the two
  editions cannot say different things.
- **Fonts**: IBM Plex Serif (SIL OFL 1.1) from the `fontpkg-ibm-plex-serif`
  package, declared with @font-face by file path. The PDF therefore looks the same
  on every machine and never depends on what fontconfig falls back to. Plex Serif
  ships as static Regular/SemiBold/Bold (+ italics) files: a variable font (Source
  Serif 4, say) makes weasyprint instantiate a font per weight and size, which was
  five times slower here.
- **Tagged PDF/UA-1** (`pdf_variant="pdf/ua-1"`): structure tags, the language
  and the title in XMP, for screen readers and reflow.
- **Metadata**: Title (license name and version), Subject (a one-sentence
  description with the identifier), Keywords (the identifier and the options),
  Lang (en), Creator (clausekit) and a custom `/Identifier` entry in the document
  information dictionary.
- **Outline**: one bookmark per top-level section (and attachment), per clause
  and per run-in item (definitions), from print.css's `bookmark-level`.
- **Byte-identical rebuilds**: nothing depends on the clock. Fonts are subset
  with HarfBuzz when weasyprint finds libharfbuzz-subset (Debian:
  libharfbuzz-subset0), and embedded whole otherwise, because weasyprint's
  fontTools fallback writes the current time into each font. The
  creation and modification dates are `source_date_epoch` (the caller reads
  `SOURCE_DATE_EPOCH` or derives it from the sources); with None the PDF carries no
  dates at all. The file identifier's first half is a hash of the variant
  identifier and page size (the same for every rebuild of that variant); the
  second half is pydyf's hash of the file's content, so it changes exactly when
  the content (or a date) does.

`render_pdf` is a plain top-level function whose other arguments are an int and a
string, so a process pool can call it with a picklable Document; weasyprint is
imported on first use, not when the package is.
"""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path
from typing import Any

from clausekit.document.types import Document
from clausekit.render.html import html_page
from clausekit.render.typeset import (
    FONT_FACES,
    FONT_FAMILY,
    FONT_PACKAGE,
    FONT_PIP_NAME,
    PAGE_SIZES,
    css_page_size,
    date_meta,
    font_face_css,
    font_files,
    harfbuzz_can_subset,
    read_style,
)

PDF_VARIANT = "pdf/ua-1"

__all__ = [
    "FONT_FACES",
    "FONT_FAMILY",
    "FONT_PACKAGE",
    "FONT_PIP_NAME",
    "PAGE_SIZES",
    "PDF_VARIANT",
    "css_page_size",
    "date_meta",
    "file_identifier",
    "font_face_css",
    "font_files",
    "harfbuzz_can_subset",
    "pdf_html",
    "render_pdf",
]


def render_pdf(document: Document, *, page_size: str = "A4", source_date_epoch: int | None = None) -> bytes:
    """The PDF edition of one variant: A4 (or "Letter"), tagged, with fixed dates or none."""
    import weasyprint  # type: ignore[import-untyped]  # deferred: it costs more to import than the package

    size = css_page_size(page_size)
    with font_files() as fonts:
        html = pdf_html(document, size, fonts, source_date_epoch)
        return weasyprint.HTML(string=html).write_pdf(  # type: ignore[no-any-return]
            pdf_variant=PDF_VARIANT,
            pdf_identifier=file_identifier(document, size),
            full_fonts=not harfbuzz_can_subset(),
            finisher=partial(_add_identifier, document.variant_id),
        )


def pdf_html(document: Document, size: str, fonts: dict[str, Path], source_date_epoch: int | None) -> str:
    """The page weasyprint typesets: the HTML edition plus print.css, the fonts, the page size and the dates."""
    stylesheets = (
        read_style("license.css"),
        read_style("print.css"),
        font_face_css(fonts),
        f"@page {{ size: {size}; }}",
    )
    return html_page(document, stylesheets=stylesheets, meta=date_meta(source_date_epoch))


def file_identifier(document: Document, size: str) -> bytes:
    """The permanent half of the PDF file identifier: the same for every rebuild of this variant and page size."""
    return hashlib.sha256(f"{document.variant_id}\0{size}".encode()).hexdigest()[:32].encode()


def _add_identifier(variant_id: str, rendered: Any, pdf: Any) -> None:
    """weasyprint finisher: record the license identifier in the document information dictionary.

    (weasyprint and pydyf ship no type information, hence Any.)
    """
    import pydyf  # type: ignore[import-untyped]

    pdf.info["Identifier"] = pydyf.String(variant_id)
