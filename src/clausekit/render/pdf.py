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
  Lang (en), Creator (clausekit) and custom `/Identifier` and `/URL` (the canonical
  URL, when the family declares `addresses:`) entries in the document information
  dictionary; the title block prints the URL too.
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
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from functools import partial
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from clausekit.document.types import Document
from clausekit.render.html import html_page, read_style

PAGE_SIZES = {"a4": "A4", "letter": "letter"}  # what `page_size` accepts (any case) -> CSS page size
PDF_VARIANT = "pdf/ua-1"
FONT_PACKAGE = "fontpkg_ibm_plex_serif"
FONT_PIP_NAME = "fontpkg-ibm-plex-serif"
FONT_FAMILY = "IBM Plex Serif"
# (CSS weight, CSS style, file name stem suffix): only the faces the stylesheets use.
FONT_FACES = (
    (400, "normal", "Regular"),
    (400, "italic", "Italic"),
    (600, "normal", "SemiBold"),
    (600, "italic", "SemiBoldItalic"),
    (700, "normal", "Bold"),
    (700, "italic", "BoldItalic"),
)


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
            finisher=partial(_finish, document.variant_id, document.url),
        )


def harfbuzz_can_subset() -> bool:
    """Whether weasyprint subsets fonts with HarfBuzz (libharfbuzz-subset >= 4.1), which is deterministic.

    Without it weasyprint falls back to fontTools, which stamps the current time into
    every subset font's `head` table; so then the fonts are embedded whole instead:
    the same bytes on every run, at about 300 kB per PDF instead of 80 kB.
    """
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a weasyprint that moved its internals: play safe
        return False
    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def css_page_size(page_size: str) -> str:
    try:
        return PAGE_SIZES[page_size.lower()]
    except KeyError:
        raise ValueError(f"unknown page size {page_size!r}: use A4 or Letter") from None


def pdf_html(document: Document, size: str, fonts: dict[str, Path], source_date_epoch: int | None) -> str:
    """The page weasyprint typesets: the HTML edition plus print.css, the fonts, the page size and the dates."""
    stylesheets = (
        read_style("license.css"),
        read_style("print.css"),
        font_face_css(fonts),
        f"@page {{ size: {size}; }}",
    )
    return html_page(document, stylesheets=stylesheets, meta=date_meta(source_date_epoch))


def date_meta(source_date_epoch: int | None) -> list[tuple[str, str]]:
    """The `<meta>` elements weasyprint turns into CreationDate/ModDate (and XMP dates); none without an epoch."""
    if source_date_epoch is None:
        return []
    stamp = datetime.fromtimestamp(source_date_epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return [("dcterms.created", stamp), ("dcterms.modified", stamp)]


def file_identifier(document: Document, size: str) -> bytes:
    """The permanent half of the PDF file identifier: the same for every rebuild of this variant and page size."""
    return hashlib.sha256(f"{document.variant_id}\0{size}".encode()).hexdigest()[:32].encode()


@contextmanager
def font_files() -> Iterator[dict[str, Path]]:
    """The font files as real paths (extracted for the duration if the package is zipped), by face name."""
    try:
        root = files(FONT_PACKAGE) / "files"
    except ModuleNotFoundError:
        raise RuntimeError(
            f"the PDF edition needs the font package {FONT_PIP_NAME} (pip install {FONT_PIP_NAME})"
        ) from None
    with ExitStack() as stack:
        yield {name: stack.enter_context(as_file(root / f"IBMPlexSerif-{name}.ttf")) for _, _, name in FONT_FACES}


def font_face_css(fonts: dict[str, Path]) -> str:
    """@font-face rules naming each face's file, so no face is left to fontconfig to find or fake."""
    rules = [
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{fonts[name].resolve().as_uri()}"); }}'
        for weight, style, name in FONT_FACES
    ]
    return "\n".join(rules)


def _finish(variant_id: str, url: str | None, rendered: Any, pdf: Any) -> None:
    """weasyprint finisher: record the license identifier and canonical URL, and open with the bookmarks shown.

    (weasyprint and pydyf ship no type information, hence Any.)
    """
    import pydyf  # type: ignore[import-untyped]

    pdf.info["Identifier"] = pydyf.String(variant_id)
    if url:
        pdf.info["URL"] = pydyf.String(url)
    # Open with the bookmarks panel shown: a reader finds Section 5 from the outline, not by paging.
    pdf.catalog["PageMode"] = "/UseOutlines"
