"""The artifacts a build can produce, by format name (what `--format` takes).

Variant formats are pure functions of a Document and the build settings; a format
may write several files (a sheet comes as .md, .txt, .json and .html). Some
formats are special:
- `json` (license.json) is rendered last because it records the sha256 of the
  variant's other artifacts, and `compat` is one matrix for the whole family;
- typeset formats (`html`, `pdf`) are not committed: they depend on the installed
  weasyprint and fonts. They are rendered only when their inputs changed, PDFs in
  parallel, and listed in typeset.json instead of the committed index.json.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from clausekit.document.types import Document
from clausekit.render.markdown import render_markdown
from clausekit.render.text import render_text
from clausekit.sources.types import Family
from clausekit.version import __version__


@dataclass(frozen=True)
class Settings:
    """Build settings that change typeset output (and so belong in its input digest)."""

    page_size: str = "A4"
    source_date_epoch: int | None = None


Render = Callable[[Document, Settings], bytes]
FamilyRender = Callable[[Family], str]


def _text(render: Callable[[Document], str]) -> Render:
    return lambda document, settings: render(document).encode("utf-8")


def _lazy(module: str, function: str) -> Callable[[Document], str]:
    """A renderer imported on first use, so that a build that renders nothing imports nothing."""

    def render(document: Document) -> str:
        found: Callable[[Document], str] = getattr(import_module(f"clausekit.{module}"), function)
        return found(document)

    return render


def _lazy_family(module: str, function: str) -> FamilyRender:
    def render(family: Family) -> str:
        found: FamilyRender = getattr(import_module(f"clausekit.{module}"), function)
        return found(family)

    return render


def _pdf(document: Document, settings: Settings) -> bytes:
    from clausekit.render.pdf import render_pdf  # weasyprint loads only when a PDF is wanted

    return render_pdf(document, page_size=settings.page_size, source_date_epoch=settings.source_date_epoch)


def _versions(*packages: str) -> Callable[[], str]:
    """What besides the document decides a typeset file's bytes: our version and the typesetter's."""

    def versions() -> str:
        from importlib import metadata

        return " ".join([f"clausekit=={__version__}", *(f"{p}=={metadata.version(p)}" for p in packages)])

    return versions


OUR_VERSION = _versions()


@dataclass(frozen=True)
class Format:
    name: str
    files: tuple[tuple[str, Render], ...]  # (file name in <out>/<variant id>/, renderer)
    description: str
    applies: Callable[[Document], bool] = lambda document: True
    typeset: bool = False  # not committed; rendered only when its inputs changed
    parallel: bool = False  # slow enough to be worth a worker process
    preload: tuple[str, ...] = ()  # modules to load before forking workers, so they start warm
    versions: Callable[[], str] = OUR_VERSION


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("txt", (("license.txt", _text(render_text)),), "canonical plain text"),
        Format("md", (("license.md", _text(render_markdown)),), "canonical Markdown"),
        Format(
            "sheet",
            (
                ("sheet.md", _text(_lazy("render.sheet", "render_sheet_markdown"))),
                ("sheet.txt", _text(_lazy("render.sheet", "render_sheet_text"))),
                ("sheet.json", _text(_lazy("render.sheet", "render_sheet_json"))),
                ("sheet.html", _text(_lazy("render.sheet", "render_sheet_html"))),
            ),
            "summary sheet",
            applies=lambda document: document.sheet is not None,  # the family may declare no sheet
        ),
        Format("html", (("license.html", _text(_lazy("render.html", "render_html"))),), "HTML edition", typeset=True),
        Format(
            "pdf",
            (("license.pdf", _pdf),),
            "PDF edition",
            typeset=True,
            parallel=True,
            preload=("clausekit.render.pdf", "weasyprint"),
            versions=_versions("weasyprint", "pydyf", "fontpkg-ibm-plex-serif"),
        ),
    )
}
METADATA_FORMAT, METADATA_FILE = "json", "license.json"
FAMILY_FORMAT = "compat"
FAMILY_FILES: tuple[tuple[str, FamilyRender], ...] = (
    ("compat.json", _lazy_family("render.compat", "render_compat_json")),
    ("compat.md", _lazy_family("render.compat", "render_compat_markdown")),
)
FORMAT_NAMES = (*FORMATS, METADATA_FORMAT, FAMILY_FORMAT)
DEFAULT_FORMATS = FORMAT_NAMES
COMMITTED_FORMATS = tuple(name for name in FORMAT_NAMES if not (name in FORMATS and FORMATS[name].typeset))


def render_file(format_name: str, filename: str, document: Document, settings: Settings) -> bytes:
    """Render one file of one format; a top-level function, so a worker process can run it."""
    render = dict(FORMATS[format_name].files)[filename]
    return render(document, settings)
