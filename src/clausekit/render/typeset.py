"""What every typeset PDF shares, whatever it typesets: the font, page sizes, dates and the house stylesheets.

The license PDFs (pdf.py) and the diff's blackline (diff/render/blackline.py) both use
these, so a blackline looks like the edition it reviews and is reproducible the same
way. Nothing here knows the document model.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from html import escape
from html.parser import HTMLParser
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
    """A weasyprint font configuration that knows only clausekit's own fonts, removed when the PDF is done.

    **Only our fonts.** weasyprint starts from the system's fontconfig configuration, so
    every installed font is a candidate beside the @font-face ones, and one with the same
    family name can win the match (weasyprint's own "TODO: mask local fonts with the same
    name"). With Debian's fonts-noto-cjk installed, that loaded the 26 MB Noto CJK
    collections into every Chinese PDF's process (290 MB where the same PDFs take 120 MB
    without them), and let the machine's fonts decide how a PDF looks. weasyprint takes
    no configuration of our choosing, but fontconfig reads `FONTCONFIG_FILE` when a
    configuration is created, so for exactly that call it names one whose only font
    directory is Plex's. (A configuration with no font at all crashes Pango on a page
    without @font-face.) A character our fonts lack is refused before typesetting
    (`unprintable`), never left to a fallback font.

    **The folder.** weasyprint copies the file of every @font-face rule into a folder
    under the system's temporary directory and removes it only in the configuration's
    finaliser. A pool worker leaves without running finalisers, so every build left a
    folder behind until the disk filled. The finaliser is the only cleanup weasyprint
    offers, so it is called here, at once; calling it again when the object is collected
    does nothing.
    """
    # Imported first: importing the module checks the system's configuration once, by its design.
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    with font_files() as fonts, tempfile.TemporaryDirectory(prefix="clausekit-fontconfig-") as folder:
        config_file = Path(folder) / "fonts.conf"
        directories = "".join(f"<dir>{escape(str(d))}</dir>" for d in sorted({p.parent for p in fonts.values()}))
        config_file.write_text(FONTCONFIG.format(directories=directories), encoding="utf-8")
        with _environment("FONTCONFIG_FILE", config_file):
            config = FontConfiguration()
    try:
        yield config
    finally:
        config.__del__()


# The configuration a PDF's fonts come from: the given font directories, nothing of the system's.
FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>{directories}</fontconfig>
"""


@contextmanager
def _environment(name: str, value: Path) -> Iterator[None]:
    """One environment variable set for the duration, then restored as it was."""
    before = os.environ.get(name)
    os.environ[name] = str(value)
    try:
        yield
    finally:
        if before is None:
            del os.environ[name]
        else:
            os.environ[name] = before


def face_characters(paths: Iterable[Path], family: str | None = None) -> frozenset[int]:
    """The code points the font files have glyphs for (of a collection, the face named `family`)."""
    import uharfbuzz as hb  # type: ignore[import-untyped]  # deferred: only PDFs need it

    found: set[int] = set()
    for path in paths:
        blob = hb.Blob.from_file_path(str(path))
        faces = [hb.Face(blob, index) for index in range(hb.Face(blob).count)]
        chosen = [f for f in faces if family is None or f.get_name(hb.OTNameIdPredefined.FONT_FAMILY) == family]
        for face in chosen[:1]:
            found.update(face.unicodes)
    return frozenset(found)


class _PageText(HTMLParser):
    """The characters of a page's text, as it is set (entities decoded; no markup, and not the head's)."""

    UNSET = frozenset({"head", "style", "script", "title"})  # elements whose text is not typeset

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.characters: set[str] = set()
        self._unset = 0  # depth inside UNSET elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.UNSET:
            self._unset += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.UNSET and self._unset:
            self._unset -= 1

    def handle_data(self, data: str) -> None:
        if not self._unset:
            self.characters.update(data)


class UnprintableText(ValueError):
    """A page has characters no declared face can show (the message names them)."""


NO_GLYPH = frozenset({"Cc", "Cf", "Cs"})  # control, format and surrogate: nothing to draw


def unprintable(html: str, covered: frozenset[int]) -> list[str]:
    """The characters of the page's text that no declared face can show, in code point order.

    Spaces, line ends, control and format characters (a zero-width space, a soft
    hyphen) need no glyph, so they never count; a private-use or unassigned code point
    does, and no face of ours has one.
    """
    reader = _PageText()
    reader.feed(html)
    reader.close()
    return sorted(
        (
            c
            for c in reader.characters
            if ord(c) not in covered and not c.isspace() and unicodedata.category(c) not in NO_GLYPH
        ),
        key=ord,
    )


def cannot_show(what: str, characters: Sequence[str]) -> str:
    """The message for characters no font has: "<what> cannot show '✗' (U+2717, BALLOT X): none of its fonts has it"."""
    named = ", ".join(f"'{c}' (U+{ord(c):04X}, {unicodedata.name(c, 'unnamed')})" for c in characters)
    return f"{what} cannot show {named}: none of its fonts has {'it' if len(characters) == 1 else 'them'}"
