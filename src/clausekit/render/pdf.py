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
- **CJK text** (a document whose language is Chinese, Japanese or Korean): Noto
  Serif CJK SC from Debian's `fonts-noto-cjk`, also declared by file path, after
  Plex (which sets the Latin letters and digits); first cut down to the document's
  characters (`cjk_font_files`), then subset by weasyprint like Plex. When
  the font is missing the PDF is refused (`CjkFontMissing`), never set in whatever
  fontconfig would substitute. CJK paragraphs are justified and never hyphenated;
  weasyprint has no `line-break` property, but Pango breaks lines by UAX #14, which
  keeps closing punctuation off a line's start and opening punctuation off its end.
- **Only those fonts**: weasyprint is given a fontconfig configuration without the
  machine's fonts (`typeset.font_configuration`), and a document with a character
  none of them has is refused, naming the character and the fragment it is in
  (`unprintable_characters`), rather than set in tofu or a fallback font.
- **Tagged PDF/UA-1** (`pdf_variant="pdf/ua-1"`): structure tags, the language
  and the title in XMP, for screen readers and reflow.
- **Metadata**: Title (license name and version), Subject (a one-sentence
  description with the identifier), Keywords (the identifier and the options),
  Lang (the document's language, from `<html lang>`), Creator (clausekit) and custom
  `/Identifier` and `/URL` (the canonical URL, when the family declares `addresses:`)
  entries in the document information dictionary; the title block prints the URL too.
  The footer's words ("Page 1 of 3") come from the document's labels.
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
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

from clausekit.document.types import Document, block_paragraphs
from clausekit.render.html import html_page
from clausekit.render.typeset import (
    FONT_FACES,
    FONT_FAMILY,
    FONT_PACKAGE,
    FONT_PIP_NAME,
    PAGE_SIZES,
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

PDF_VARIANT = "pdf/ua-1"

__all__ = [
    "FONT_FACES",
    "FONT_FAMILY",
    "FONT_PACKAGE",
    "FONT_PIP_NAME",
    "PAGE_SIZES",
    "PDF_VARIANT",
    "cjk_font_identity",
    "css_page_size",
    "date_meta",
    "file_identifier",
    "font_face_css",
    "font_files",
    "harfbuzz_can_subset",
    "pdf_html",
    "render_pdf",
    "unprintable_characters",
]


# The CJK face, from Debian's fonts-noto-cjk: (CSS weight, file). The collections hold the
# JP, KR, SC, TC and HK faces; @font-face gives SC's family name, which selects that face.
CJK_FONT_PACKAGE = "fonts-noto-cjk"
CJK_FONT_FAMILY = "Noto Serif CJK SC"
CJK_FONT_DIR = Path("/usr/share/fonts/opentype/noto")
CJK_FONT_FACES = ((400, "NotoSerifCJK-Regular.ttc"), (600, "NotoSerifCJK-Bold.ttc"), (700, "NotoSerifCJK-Bold.ttc"))
CJK_LANGUAGES = ("zh", "ja", "ko")


class CjkFontMissing(RuntimeError):
    """The document needs the CJK font and this machine lacks it: name the package to install."""


def cjk_font_identity(font_dir: Path | None = None) -> str:
    """Which CJK font is installed: each face file's name, size and mtime (ns), or that it is missing.

    A CJK PDF embeds a subset of these files, so an upgrade of fonts-noto-cjk must typeset
    it again: the identity is part of its input digest. An upgrade changes the files' size
    or mtime (dpkg keeps the package's own mtimes, so machines with the same version agree).
    A stat costs microseconds; hashing the two 26 MB collections took 0.12 s (warm cache),
    added to every build with PDFs, even one that typesets nothing.
    """
    font_dir = font_dir if font_dir is not None else CJK_FONT_DIR
    found = []
    for name in sorted({name for _, name in CJK_FONT_FACES}):
        try:
            stat = (font_dir / name).stat()
        except OSError:
            found.append(f"{name}:missing")
            continue
        found.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return " ".join(found)


def needs_cjk(language: str) -> bool:
    """Whether text in this language (a BCP 47 tag) is set in the CJK font."""
    return language.split("-")[0].lower() in CJK_LANGUAGES


def missing_cjk_font(document: Document, font_dir: Path | None = None) -> str | None:
    """Why this document's PDF cannot be made here; None when nothing is missing (CJK_FONT_FIX says how)."""
    if not needs_cjk(document.language):
        return None
    font_dir = font_dir if font_dir is not None else CJK_FONT_DIR
    missing = sorted({name for _, name in CJK_FONT_FACES if not (font_dir / name).is_file()})
    if not missing:
        return None
    files = ", ".join(str(font_dir / name) for name in missing)
    return f"the PDF of {document.variant_id} ({document.language}) needs the font {CJK_FONT_FAMILY}, and {files} is missing"


# How to get the CJK font; nox installs it when run as root on Debian.
CJK_FONT_FIX = (
    f"install Debian's {CJK_FONT_PACKAGE} (apt-get install {CJK_FONT_PACKAGE}), or build without --format pdf"
)


# How to mend a character the PDF fonts lack.
UNPRINTABLE_FIX = (
    f"write it another way (the PDF sets text only in {FONT_FAMILY}, and {CJK_FONT_FAMILY} for "
    f"{', '.join(CJK_LANGUAGES)}, never in a font of this machine), or build without --format pdf"
)


def glyph_coverage(language: str) -> frozenset[int]:
    """The code points a PDF in this language can show: Plex's, and the CJK face's for a CJK language."""
    with font_files() as fonts:
        covered = face_characters(sorted(set(fonts.values())))
    if needs_cjk(language):
        covered |= face_characters([CJK_FONT_DIR / name for _, name in CJK_FONT_FACES[:1]], CJK_FONT_FAMILY)
    return covered


def unprintable_characters(document: Document, covered: frozenset[int]) -> dict[str, list[str]]:
    """The characters of the PDF's text that `covered` lacks, by the fragment they first occur in.

    A character found in no clause or section title comes from the family's own words
    (titles, options, labels, notices): those are listed under "".
    """
    missing = unprintable(html_page(document, stylesheets=()) + _footer(document), covered)
    found: dict[str, list[str]] = {}
    for character in missing:
        found.setdefault(_first_source(document, character), []).append(character)
    return found


def _footer(document: Document) -> str:
    """The footer's words as page text: print.css sets them with `content:`, which `unprintable` does not read."""
    return f"<p>{escape(document.labels('Page {page} of {pages}'))}</p>"


def _first_source(document: Document, character: str) -> str:
    """The fragment (or, for a section title, the family file) where the character first occurs; "" for none."""
    for section, clause in document.clauses():
        if character in section.title:
            return section.source
        if any(character in text for text in (clause.title, *(p.text for p in block_paragraphs(clause.blocks)))):
            return clause.source
    return ""


def unprintable_message(language: str, characters: Sequence[str]) -> str:
    return cannot_show(f"the PDF edition ({language})", characters)


def render_pdf(document: Document, *, page_size: str = "A4", source_date_epoch: int | None = None) -> bytes:
    """The PDF edition of one variant: A4 (or "Letter"), tagged, with fixed dates or none."""
    import weasyprint  # type: ignore[import-untyped]  # deferred: it costs more to import than the package

    problem = missing_cjk_font(document)
    if problem is not None:
        raise CjkFontMissing(f"{problem}: {CJK_FONT_FIX}")
    size = css_page_size(page_size)
    with font_files() as fonts, font_configuration() as font_config:
        html = pdf_html(document, size, fonts, source_date_epoch)
        with cjk_font_files(html if needs_cjk(document.language) else "") as cjk:
            html = pdf_html(document, size, fonts, source_date_epoch, cjk)
            # The build refuses these first, naming the fragment; this guards every other caller,
            # with the page and the faces already at hand.
            lacking = unprintable(html + _footer(document), face_characters(sorted({*fonts.values(), *cjk.values()})))
            if lacking:
                message = unprintable_message(document.language, lacking)
                raise UnprintableText(f"{document.variant_id}: {message}: {UNPRINTABLE_FIX}")
            return weasyprint.HTML(string=html).write_pdf(  # type: ignore[no-any-return]
                pdf_variant=PDF_VARIANT,
                pdf_identifier=file_identifier(document, size),
                full_fonts=not harfbuzz_can_subset(),
                finisher=partial(_finish, document.variant_id, document.url),
                font_config=font_config,
            )


def pdf_html(
    document: Document,
    size: str,
    fonts: dict[str, Path],
    source_date_epoch: int | None,
    cjk: dict[str, Path] | None = None,
) -> str:
    """The page weasyprint typesets: the HTML edition plus print.css, the fonts, the page size and the dates.

    `cjk` (file name -> cut-down face, from `cjk_font_files`) declares the CJK faces; without
    it a CJK document is laid out in Plex alone (the first pass, whose text picks the glyphs).
    """
    stylesheets = (
        read_style("license.css"),
        read_style("print.css"),
        font_face_css(fonts),
        *((cjk_font_face_css(cjk),) if cjk else ()),
        f"@page {{ size: {size}; }}",
        *((footer_css(document),) if document.labels("Page {page} of {pages}") != ENGLISH_FOOTER else ()),
        *((cjk_css(),) if needs_cjk(document.language) else ()),
    )
    return html_page(document, stylesheets=stylesheets, meta=date_meta(source_date_epoch))


ENGLISH_FOOTER = "Page {page} of {pages}"  # what print.css says itself; another wording overrides it


def footer_css(document: Document) -> str:
    """The footer's "Page X of Y" in the document's words, as a CSS `content` value."""
    parts = []
    for piece in re.split(r"(\{pages?\})", document.labels("Page {page} of {pages}")):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"')
    return f"@page {{ @bottom-right {{ content: {' '.join(parts) or 'none'}; }} }}"


def cjk_css() -> str:
    """CJK text: the CJK face after Plex, justified lines, no hyphenation (a CJK line breaks between characters)."""
    family = f'"{FONT_FAMILY}", "{CJK_FONT_FAMILY}", serif'
    footer = f"font-family: {family};"
    return (
        f"html {{ font-family: {family}; }}\n"
        "p, li, dd, dt, h1, h2, h3, h4, h5, h6 { hyphens: none; }\n"
        "p { text-align: justify; }\n"
        f"@page {{ @bottom-left {{ {footer} }} @bottom-right {{ {footer} }} }}"
    )


def file_identifier(document: Document, size: str) -> bytes:
    """The permanent half of the PDF file identifier: the same for every rebuild of this variant and page size."""
    return hashlib.sha256(f"{document.variant_id}\0{size}".encode()).hexdigest()[:32].encode()


def cjk_font_face_css(faces: dict[str, Path]) -> str:
    """@font-face rules for the CJK faces, by file path; CJK has no italics, so an italic run uses the upright face."""
    return "\n".join(
        f'@font-face {{ font-family: "{CJK_FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{faces[name].as_uri()}"); }}'
        for weight, name in CJK_FONT_FACES
        for style in ("normal", "italic")
    )


@contextmanager
def cjk_font_files(text: str) -> Iterator[dict[str, Path]]:
    """The CJK faces cut down to the characters of `text` (and ASCII), as files for the duration.

    Each Noto CJK collection is 26 MB. Handed to weasyprint whole, it is copied for
    every @font-face rule and loaded whole into every font object, so a Chinese PDF
    peaked at 300 MB where an English one takes 80. HarfBuzz (uharfbuzz) cuts the SC face
    down to the few hundred characters the document uses, in milliseconds and the same
    way every time, and weasyprint then works on files of some hundred kilobytes. Nothing
    is made for a text without CJK (`text` empty).
    """
    if not text:
        yield {}
        return
    import uharfbuzz as hb  # type: ignore[import-untyped]

    wanted = {ord(c) for c in text} | set(range(0x20, 0x7F))
    with tempfile.TemporaryDirectory(prefix="clausekit-cjk-") as folder:
        made: dict[str, Path] = {}
        for name in sorted({name for _, name in CJK_FONT_FACES}):
            blob = hb.Blob.from_file_path(str(CJK_FONT_DIR / name))
            face = _face_named(hb, blob, CJK_FONT_FAMILY, CJK_FONT_DIR / name)
            request = hb.SubsetInput()
            for codepoint in sorted(wanted):
                request.unicode_set.add(codepoint)
            target = Path(folder) / f"{Path(name).stem}-SC.otf"
            target.write_bytes(hb.subset(face, request).blob.data)
            made[name] = target
            del face, blob  # unmapped now: weasyprint must never see the collections
        yield made


def _face_named(hb: Any, blob: Any, family: str, file: Path) -> Any:
    """The face of a collection whose family name is `family` (the collections hold JP, KR, SC, TC and HK)."""
    for index in range(hb.Face(blob).count):
        face = hb.Face(blob, index)
        if face.get_name(hb.OTNameIdPredefined.FONT_FAMILY) == family:
            return face
    raise CjkFontMissing(f"{file} has no face named {family}: {CJK_FONT_FIX}")


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
