"""The artifacts a build can produce, by format name (what `--format` takes): one typed registry.

A format is variant-scoped (its files render from one variant's Document and go
to `<out>/<variant id>/`) or family-scoped (its files render from the Family and
go to `<out>/`, like the compatibility matrix). A format may write several files
(a sheet comes as .md, .txt, .json and .html).

A variant format may declare that it `uses` other formats: it then renders after
them and reads the sha256 entries of their files (license.json records the
variant's other artifacts this way). The build renders formats in this
dependency order; nothing else about any format is special to the build.

Typeset formats (`html`, `pdf`) are not committed: they depend on the installed
weasyprint and fonts. They are rendered only when their inputs changed, PDFs in
parallel, and listed in typeset.json instead of the committed index.json.

Every renderer is a small function that imports its module inside its body, so a
build that renders nothing (a no-op build) loads no renderer and no typesetter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from clausekit.document.types import Document
from clausekit.version import __version__

if TYPE_CHECKING:
    from clausekit.sources.types import Family


@dataclass(frozen=True)
class Settings:
    """Build settings that change typeset output (and so belong in its input digest)."""

    page_size: str = "A4"
    source_date_epoch: int | None = None


@dataclass(frozen=True)
class Inputs:
    """What a variant file renders from."""

    document: Document
    settings: Settings = Settings()
    # The sha256 entries (file name -> entry) of the variant's files of the formats this one `uses`.
    artifacts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class VariantFile:
    name: str  # file name in <out>/<variant id>/
    render: Callable[[Inputs], bytes]


@dataclass(frozen=True)
class FamilyFile:
    name: str  # file name in <out>/
    render: Callable[[Family], bytes]


def _versions(*packages: str) -> Callable[[], str]:
    """What besides the document decides a typeset file's bytes: our version and the typesetter's."""

    def versions() -> str:
        from importlib import metadata

        return " ".join([f"clausekit=={__version__}", *(f"{p}=={metadata.version(p)}" for p in packages)])

    return versions


OUR_VERSION = _versions()


def _nothing_to_warm() -> None:
    return None


def _nothing_local(document: Document) -> str:
    return ""


@dataclass(frozen=True)
class VariantFormat:
    name: str
    description: str
    files: tuple[VariantFile, ...]
    applies: Callable[[Document], bool] = lambda document: True
    uses: tuple[str, ...] = ()  # formats rendered first, whose files' sha256 entries this one reads
    typeset: bool = False  # not committed; rendered only when its inputs changed
    parallel: bool = False  # slow enough to be worth a worker process
    warm: Callable[[], None] = _nothing_to_warm  # loads the renderer before forking workers, so they start warm
    versions: Callable[[], str] = OUR_VERSION
    # What else of this machine decides one document's file (the PDF's CJK font, for CJK text):
    # part of the input digest of that document's typeset file only.
    local_inputs: Callable[[Document], str] = _nothing_local


@dataclass(frozen=True)
class FamilyFormat:
    name: str
    description: str
    files: tuple[FamilyFile, ...]
    typeset: bool = False
    uses: tuple[str, ...] = ()


Format = VariantFormat | FamilyFormat


# --- the renderers, each importing its module only when called ------------------------------


def _txt(inputs: Inputs) -> bytes:
    from clausekit.render.text import render_text

    return render_text(inputs.document).encode("utf-8")


def _md(inputs: Inputs) -> bytes:
    from clausekit.render.markdown import render_markdown

    return render_markdown(inputs.document).encode("utf-8")


def _sheet_md(inputs: Inputs) -> bytes:
    from clausekit.render.sheet import render_sheet_markdown

    return render_sheet_markdown(inputs.document).encode("utf-8")


def _sheet_txt(inputs: Inputs) -> bytes:
    from clausekit.render.sheet import render_sheet_text

    return render_sheet_text(inputs.document).encode("utf-8")


def _sheet_json(inputs: Inputs) -> bytes:
    from clausekit.render.sheet import render_sheet_json

    return render_sheet_json(inputs.document).encode("utf-8")


def _sheet_html(inputs: Inputs) -> bytes:
    from clausekit.render.sheet import render_sheet_html

    return render_sheet_html(inputs.document).encode("utf-8")


def _html(inputs: Inputs) -> bytes:
    from clausekit.render.html import render_html

    return render_html(inputs.document).encode("utf-8")


def _pdf(inputs: Inputs) -> bytes:
    from clausekit.render.pdf import render_pdf  # weasyprint loads only when a PDF is wanted

    settings = inputs.settings
    return render_pdf(inputs.document, page_size=settings.page_size, source_date_epoch=settings.source_date_epoch)


def _pdf_fonts(document: Document) -> str:
    """The CJK font's identity (and the cutter's version) for a document set in it; nothing for Latin text.

    So an upgrade of the CJK font typesets the CJK PDFs again, and a Latin-only family
    never re-typesets because that font changed or is missing (it never embeds it).
    """
    from importlib import metadata

    from clausekit.render.pdf import cjk_font_identity, needs_cjk  # no weasyprint: a stat of the font files

    if not needs_cjk(document.language):
        return ""
    # The face is cut down by uharfbuzz first, whose version decides those bytes too.
    return f"{cjk_font_identity()} uharfbuzz=={metadata.version('uharfbuzz')}"


def _warm_pdf() -> None:
    import weasyprint  # type: ignore[import-untyped]  # noqa: F401

    import clausekit.render.pdf  # noqa: F401


def _license_json(inputs: Inputs) -> bytes:
    from clausekit.render.metadata import render_license_json

    return render_license_json(inputs.document, inputs.artifacts).encode("utf-8")


def _badge(inputs: Inputs) -> bytes:
    from clausekit.render.badge import render_badge

    return render_badge(inputs.document).encode("utf-8")


def _compat_json(family: Family) -> bytes:
    from clausekit.render.compat import render_compat_json

    return render_compat_json(family).encode("utf-8")


def _compat_md(family: Family) -> bytes:
    from clausekit.render.compat import render_compat_markdown

    return render_compat_markdown(family).encode("utf-8")


# --- the registry ----------------------------------------------------------------------------

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        VariantFormat("txt", "canonical plain text", (VariantFile("license.txt", _txt),)),
        VariantFormat("md", "canonical Markdown", (VariantFile("license.md", _md),)),
        VariantFormat(
            "sheet",
            "summary sheet",
            (
                VariantFile("sheet.md", _sheet_md),
                VariantFile("sheet.txt", _sheet_txt),
                VariantFile("sheet.json", _sheet_json),
                VariantFile("sheet.html", _sheet_html),
            ),
            applies=lambda document: document.sheet is not None,  # the family may declare no sheet
        ),
        VariantFormat(
            "badge",
            "SVG badge for READMEs and model cards",
            (VariantFile("badge.svg", _badge),),
            applies=lambda document: document.badge_colour is not None,  # the family may declare no addresses
        ),
        VariantFormat("html", "HTML edition", (VariantFile("license.html", _html),), typeset=True),
        VariantFormat(
            "pdf",
            "PDF edition",
            (VariantFile("license.pdf", _pdf),),
            typeset=True,
            parallel=True,
            warm=_warm_pdf,
            versions=_versions("weasyprint", "pydyf", "fontpkg-ibm-plex-serif"),
            local_inputs=_pdf_fonts,
        ),
        VariantFormat(
            "json",
            "machine-readable record with the sha256 of the variant's other artifacts",
            (VariantFile("license.json", _license_json),),
            uses=("txt", "md", "sheet"),
        ),
        FamilyFormat(
            "compat",
            "remix compatibility matrix",
            (FamilyFile("compat.json", _compat_json), FamilyFile("compat.md", _compat_md)),
        ),
    )
}
FORMAT_NAMES = tuple(FORMATS)
DEFAULT_FORMATS = FORMAT_NAMES
COMMITTED_FORMATS = tuple(name for name, f in FORMATS.items() if not f.typeset)
SHEET_FORMAT = "sheet"


_LANGUAGE_TAG = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def artifact_name(name: str, language: str, default_language: str) -> str:
    """A variant file's name in a language: `license.txt` in the default one, `license.zh-Hans.txt` in another.

    The one place that names per-language artifacts: the build, typeset.json, index.json and
    the site all go through it (and `artifact_language` reads it back). The tag is checked
    again here, since it becomes part of a path.
    """
    if not _LANGUAGE_TAG.fullmatch(language):
        raise ValueError(f"{language!r} is not a language tag")
    if language == default_language:
        return name
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{language}.{extension}" if dot else f"{name}.{language}"


def artifact_language(name: str, default_language: str) -> str:
    """The language of a variant file named by `artifact_name` (registry names hold one dot)."""
    parts = name.rsplit("/", 1)[-1].split(".")
    return parts[-2] if len(parts) >= 3 else default_language


def variant_format(name: str) -> VariantFormat | None:
    found = FORMATS.get(name)
    return found if isinstance(found, VariantFormat) else None


def in_dependency_order(names: Iterable[str]) -> tuple[str, ...]:
    """The formats, each after the formats it `uses` (registry order otherwise).

    The registry declares no cycles; a format used but not requested is simply
    not rendered, and its previous files' entries are what the user reads.
    """
    wanted = list(dict.fromkeys(names))
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered or name not in wanted:
            return
        assert name not in path, f"formats used in a cycle: {' -> '.join((*path, name))}"
        for used in FORMATS[name].uses if name in FORMATS else ():
            visit(used, (*path, name))
        ordered.append(name)

    for name in wanted:
        visit(name, ())
    return tuple(ordered)


def render_file(format_name: str, filename: str, document: Document, settings: Settings) -> bytes:
    """Render one file of a variant format that uses no other; a top-level function, so a worker process can run it."""
    fmt = variant_format(format_name)
    assert fmt is not None and not fmt.uses
    found = next(f for f in fmt.files if f.name == filename)
    return found.render(Inputs(document, settings))
