"""What every typeset PDF shares, whatever it typesets: the font, page sizes, dates and the house stylesheets.

The license PDFs (pdf.py) and the diff's blackline (diff/render/blackline.py) both use
these, so a blackline looks like the edition it reviews and is reproducible the same
way. Nothing here knows the document model.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any


def read_style(name: str) -> str:
    """A stylesheet shipped in the package (`clausekit/styles/<name>`), wherever it is installed."""
    return (files("clausekit.render") / "styles" / name).read_text(encoding="utf-8")


PAGE_SIZES = {"a4": "A4", "letter": "letter"}  # what `page_size` accepts (any case) -> CSS page size
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


def date_meta(source_date_epoch: int | None) -> list[tuple[str, str]]:
    """The `<meta>` elements weasyprint turns into CreationDate/ModDate (and XMP dates); none without an epoch."""
    if source_date_epoch is None:
        return []
    stamp = datetime.fromtimestamp(source_date_epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return [("dcterms.created", stamp), ("dcterms.modified", stamp)]


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


@contextmanager
def font_configuration() -> Iterator[Any]:
    """A weasyprint font configuration whose temporary folder is removed when the PDF is done.

    weasyprint copies the file of every @font-face rule into a folder under the system's
    temporary directory (the CJK faces alone are 160 MB) and removes it only in the
    configuration's finaliser. A pool worker leaves without running finalisers, so
    every build left a folder behind until the disk filled. The finaliser is the
    only cleanup weasyprint offers, so it is called here, at once; calling it again
    when the object is collected does nothing.
    """
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    config = FontConfiguration()
    try:
        yield config
    finally:
        config.__del__()
