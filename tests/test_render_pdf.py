"""The PDF edition, checked by reading the PDFs back with pypdf.

Every variant is rendered once (module fixture, about half a second each) and the
tests share those files; only the determinism, date, page-size and font-fallback
tests render again, one variant each.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from clausekit.document.types import Clause, Document, Paragraph, Section, Span
from clausekit.render.pdf import FONT_FAMILY, FONT_PACKAGE, render_pdf
from clausekit.render.text import render_text
from conftest import REPO

EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
OTHER_EPOCH = 1_800_000_000
A4 = (595.28, 841.89)  # points
LETTER = (612.0, 792.0)


@dataclass(frozen=True)
class Rendered:
    document: Document
    data: bytes
    warnings: tuple[str, ...]  # what weasyprint logged while rendering it

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data))


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def resolve(obj: object) -> DictionaryObject:
    """A PDF dictionary, following a reference (pypdf types most lookups as a bare PdfObject)."""
    if isinstance(obj, IndirectObject):
        obj = obj.get_object()
    assert isinstance(obj, DictionaryObject), type(obj)
    return obj


def stream(obj: object) -> StreamObject:
    if isinstance(obj, IndirectObject):
        obj = obj.get_object()
    assert isinstance(obj, StreamObject), type(obj)
    return obj


def catalog(reader: PdfReader) -> DictionaryObject:
    return resolve(reader.trailer["/Root"])


@pytest.fixture(scope="module")
def pdfs(documents: tuple[Document, ...]) -> dict[str, Rendered]:
    out: dict[str, Rendered] = {}
    logger = logging.getLogger("weasyprint")
    for document in documents:
        handler = Collect()
        logger.addHandler(handler)
        try:
            data = render_pdf(document, source_date_epoch=EPOCH)
        finally:
            logger.removeHandler(handler)
        out[document.variant_id] = Rendered(document, data, tuple(handler.messages))
    return out


def _rendered(pdfs: dict[str, Rendered], name: str | None = None) -> Rendered:
    """One variant to render again: the one with the most sections (the attachment included)."""
    if name is not None:
        return pdfs[name]
    return max(pdfs.values(), key=lambda r: (len(r.document.sections), len(r.data)))


# Text: the PDF says what the canonical text says, in the same order.
#
# Normalising, identically on both sides:
#   - the PDF's running footer ("<identifier> Page X of Y") is removed from each page;
#   - a word broken at a line end ("Distrib-\nuted", or "non-\nexclusive" at its own hyphen) is
#     joined, then every remaining hyphen is dropped, so "non-exclusive" compares as "nonexclusive"
#     whichever way either side broke it;
#   - list markers, "(a)" ... "(iv)" (any parenthesised lower-case word), and bullets are dropped:
#     the PDF draws markers after the page's text, the text edition before each item;
#   - compatibility characters are folded (NFKC), so a ligature that reads back as "ﬁ" is "fi";
#   - what remains is compared as a sequence of words, runs of letters or of digits, so white
#     space, line breaks, punctuation and quotes do not count.
# Each chunk of the text edition (the block between two blank lines: the title, each header field
# group, each heading, paragraph and list item) must appear as a contiguous run of words, after the
# previous chunk.

MARKER = re.compile(r"\([a-z]+\)|[•‣◦]")
LINE_END_HYPHEN = re.compile(r"[-\u2010\u00ad]\s*\n\s*")
WORD = re.compile(r"[^\W\d_]+|\d+")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)  # a ligature glyph may read back as "ﬁ" (U+FB01)
    # Markers first: the PDF draws a page's list markers after its text, so they can stand
    # between a word broken at the page's last line and its end on the next page.
    text = MARKER.sub(" ", text)
    text = LINE_END_HYPHEN.sub("", text)
    text = re.sub(r"[-\u2010\u00ad]", "", text)
    return WORD.findall(text)


def canonical_chunks(document: Document) -> list[list[str]]:
    """The text edition's words by chunk; its header as the PDF's title block has it, with the canonical URL."""
    chunks = []
    for chunk in re.split(r"\n\s*\n", render_text(dataclasses.replace(document, url_in_text=True))):
        lines = [line for line in chunk.splitlines() if not re.fullmatch(r"[=-]+", line.strip())]
        if found := words("\n".join(lines)):
            chunks.append(found)
    return chunks


def pdf_words(rendered: Rendered) -> list[str]:
    reader = rendered.reader
    footer = re.compile(rf"{re.escape(rendered.document.variant_id)}\s+Page \d+ of {len(reader.pages)}\s*$")
    pages: list[str] = []
    for page in reader.pages:
        text, count = footer.subn("", page.extract_text())
        assert count == 1, f"page {len(pages) + 1} has no running footer"
        pages.append(text)
    return words("\n".join(pages))


def find_run(haystack: list[str], needle: list[str], start: int) -> int:
    """Index just after the first occurrence of `needle` in `haystack[start:]`, or -1."""
    first = needle[0]
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i] == first and haystack[i : i + len(needle)] == needle:
            return i + len(needle)
    return -1


def test_the_pdf_holds_every_heading_and_paragraph_of_the_canonical_text_in_order(
    pdfs: dict[str, Rendered],
) -> None:
    for name, rendered in pdfs.items():
        found = pdf_words(rendered)
        at = 0
        chunks = canonical_chunks(rendered.document)
        for chunk in chunks:
            end = find_run(found, chunk, at)
            assert end >= 0, f"{name}: not found (in order) in the PDF: {' '.join(chunk)[:200]}"
            at = end
        # ... and nothing else: no word the text edition lacks (a contents list, a doubled heading).
        assert len(found) == sum(len(chunk) for chunk in chunks), name


def test_the_word_normalisation() -> None:
    assert words("non-\nexclusive (a) fine-tune") == words("nonexclusive fine-\n  tune")
    assert words("a sub-\n(a) \n(b) \n\nstantial part") == ["a", "substantial", "part"]  # across a page break
    assert words('1.9 "Output" means') == ["1", "9", "Output", "means"]
    assert words("1.3Distribute") == ["1", "3", "Distribute"]
    assert words("Identi\ufb01er") == ["Identifier"]
    assert find_run(["a", "b", "c", "b", "c"], ["b", "c"], 2) == 5
    assert find_run(["a", "b"], ["b", "a"], 0) == -1


# Metadata, outline, pages, fonts, tags.


def test_metadata(pdfs: dict[str, Rendered]) -> None:
    stamp = "D:" + datetime.fromtimestamp(EPOCH, UTC).strftime("%Y%m%d%H%M%S")
    for name, rendered in pdfs.items():
        document = rendered.document
        reader = rendered.reader
        assert reader.metadata is not None
        info = {key: str(value) for key, value in reader.metadata.items()}
        assert info["/Title"] == f"{document.title}, version {document.version}"
        assert document.variant_id in info["/Subject"] and document.title in info["/Subject"]
        keywords = info["/Keywords"].split(", ")
        assert keywords == [name, *(f"{option} ({code})" for code, option in document.options)]
        assert info["/Identifier"] == name
        assert info.get("/URL") == document.url  # the canonical URL, when the family declares addresses
        assert info["/Creator"] == "clausekit"
        assert info["/CreationDate"].startswith(stamp) and info["/ModDate"].startswith(stamp)
        root = catalog(reader)
        assert str(root["/Lang"]) == "en"
        xmp = stream(root["/Metadata"]).get_data().decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp or 'pdfuaid:part="1"' in xmp
        assert document.title in xmp and name in xmp  # dc:title, pdf:Keywords


def test_the_pdf_is_tagged(pdfs: dict[str, Rendered]) -> None:
    root = catalog(_rendered(pdfs).reader)
    assert bool(resolve(root["/MarkInfo"])["/Marked"]) is True
    assert "/StructTreeRoot" in root


def expected_outline(document: Document) -> list[tuple[str, list[Any]]]:
    """One entry per section, clause and sub-clause; run-in items (definitions) flat under their section."""

    def label(clause: Clause, inline: bool) -> str:
        title = (clause.term or clause.title) if inline else clause.title
        return f"{clause.number} {title}" if clause.number else title

    def clauses(items: tuple[Clause, ...], inline: bool) -> list[tuple[str, list[Any]]]:
        if inline:
            flat: list[Clause] = []
            for clause in items:
                flat += [clause, *clause.children]
            return [(label(c, True), []) for c in flat]
        return [(label(c, False), clauses(c.children, False)) for c in items]

    return [(s.heading, clauses(s.clauses, s.layout == "inline")) for s in document.sections]


def actual_outline(entries: list[Any]) -> list[tuple[str, list[Any]]]:
    out: list[tuple[str, list[Any]]] = []
    for entry in entries:
        if isinstance(entry, list):
            out[-1] = (out[-1][0], actual_outline(entry))
        else:
            out.append((entry.title, []))
    return out


def test_the_outline_has_every_section_clause_and_the_attachment(pdfs: dict[str, Rendered]) -> None:
    for rendered in pdfs.values():
        reader = rendered.reader
        assert actual_outline(reader.outline) == expected_outline(rendered.document)
        # Each bookmark leads to a page.
        for entry in reader.outline:
            if not isinstance(entry, list):
                page = reader.get_destination_page_number(entry)
                assert page is not None and page >= 0


def test_pages_are_a4_and_plausibly_many(pdfs: dict[str, Rendered]) -> None:
    for name, rendered in pdfs.items():
        reader = rendered.reader
        assert 4 <= len(reader.pages) <= 30, f"{name}: {len(reader.pages)} pages"
        for page in reader.pages:
            assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4


def embedded_fonts(reader: PdfReader) -> Iterator[tuple[str, DictionaryObject]]:
    for page in reader.pages:
        fonts = resolve(page["/Resources"]).get("/Font")
        for ref in resolve(fonts).values() if fonts is not None else ():
            font = resolve(ref)
            descendants = font.get("/DescendantFonts")
            for descendant in descendants if isinstance(descendants, ArrayObject) else [font]:
                descriptor = resolve(resolve(descendant)["/FontDescriptor"])
                yield str(descriptor["/FontName"]), descriptor


def test_every_font_is_the_chosen_one_and_embedded(pdfs: dict[str, Rendered]) -> None:
    expected = FONT_FAMILY.replace(" ", "-")
    for name, rendered in pdfs.items():
        fonts = dict(embedded_fonts(rendered.reader))
        assert fonts, name
        for font_name, descriptor in fonts.items():
            assert font_name.split("+", 1)[1].startswith(expected), f"{name}: fallback font {font_name}"
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_the_stylesheets_are_all_understood(pdfs: dict[str, Rendered]) -> None:
    """weasyprint warns about every declaration it ignores; none may be ignored."""
    for name, rendered in pdfs.items():
        problems = [m for m in rendered.warnings if "HarfBuzz-Subset" not in m]
        assert not problems, f"{name}: {problems}"


# Reproducibility.


def test_two_renders_are_byte_identical(pdfs: dict[str, Rendered]) -> None:
    rendered = _rendered(pdfs)
    assert render_pdf(rendered.document, source_date_epoch=EPOCH) == rendered.data


def test_another_process_renders_the_same_bytes(pdfs: dict[str, Rendered]) -> None:
    """A fresh interpreter (another hash seed, seconds later) writes the same file: nothing reads the clock."""
    import os
    import subprocess
    import sys

    rendered = next(iter(pdfs.values()))  # the first one rendered, so the clock has surely moved on
    script = (
        "import sys; from pathlib import Path; from clausekit import lint_root, require; "
        "from clausekit.render.pdf import render_pdf; "
        f"(d,) = [d for d in require(lint_root(Path({str(REPO)!r}))).documents if d.variant_id == {rendered.document.variant_id!r}]; "
        f"sys.stdout.buffer.write(render_pdf(d, source_date_epoch={EPOCH}))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, check=True)
    assert result.stdout == rendered.data


def _plain(obj: object) -> object:
    """A PDF object as plain Python values, references as ("ref", number), comparable across files."""
    if isinstance(obj, IndirectObject):
        return ("ref", obj.idnum, obj.generation)
    if isinstance(obj, StreamObject):
        return ({str(k): _plain(v) for k, v in obj.items() if k not in ("/Length", "/Filter")}, obj.get_data())
    if isinstance(obj, DictionaryObject):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, ArrayObject):
        return [_plain(v) for v in obj]
    return (type(obj).__name__, str(obj))


def _objects(reader: PdfReader) -> dict[int, object]:
    """Every object of the file by number, streams decoded.

    The containers are left out: an object stream (/ObjStm) holds objects that are compared
    one by one here, and the cross-reference stream (/XRef) holds their offsets and the file
    identifier, which the test checks on its own.
    """
    out: dict[int, object] = {}
    for number in range(1, int(str(reader.trailer["/Size"]))):
        obj = reader.get_object(IndirectObject(number, 0, reader))
        if isinstance(obj, StreamObject) and obj.get("/Type") in ("/ObjStm", "/XRef"):
            continue
        if obj is not None:
            out[number] = _plain(obj)
    return out


def test_the_source_date_changes_the_dates_and_only_the_dates(pdfs: dict[str, Rendered]) -> None:
    rendered = _rendered(pdfs)
    other = render_pdf(rendered.document, source_date_epoch=OTHER_EPOCH)
    assert other != rendered.data
    first, second = rendered.reader, PdfReader(io.BytesIO(other))
    one, two = _objects(first), _objects(second)
    assert one.keys() == two.keys()
    changed = {n for n in one if repr(one[n]) != repr(two[n])}
    info = first.trailer.raw_get("/Info").idnum
    xmp = catalog(first).raw_get("/Metadata").idnum
    assert changed == {info, xmp}
    # ... and inside those two objects only the dates differ.
    pdf_dates = {datetime.fromtimestamp(e, UTC).strftime("%Y%m%d%H%M%S"): "DATE" for e in (EPOCH, OTHER_EPOCH)} | {
        datetime.fromtimestamp(e, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"): "DATE" for e in (EPOCH, OTHER_EPOCH)
    }

    def undated(value: object) -> str:
        text = repr(value)
        for date, placeholder in pdf_dates.items():
            text = text.replace(date, placeholder)
        return text

    assert undated(one[info]) == undated(two[info])
    assert undated(one[xmp]) == undated(two[xmp])
    # The file identifier's permanent half stays; the second half hashes the content, dates included.
    first_id, second_id = first.trailer["/ID"], second.trailer["/ID"]
    assert isinstance(first_id, ArrayObject) and isinstance(second_id, ArrayObject)
    assert first_id[0] == second_id[0]


def test_without_a_source_date_the_pdf_has_no_dates(documents: tuple[Document, ...]) -> None:
    reader = PdfReader(io.BytesIO(render_pdf(_tiny())))
    assert reader.metadata is not None
    assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata


def test_letter_paper_and_unknown_sizes() -> None:
    reader = PdfReader(io.BytesIO(render_pdf(_tiny(), page_size="Letter")))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == LETTER
    with pytest.raises(ValueError, match="A4 or Letter"):
        render_pdf(_tiny(), page_size="A5")


def test_without_harfbuzz_subsetting_fonts_are_embedded_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """weasyprint's fontTools fallback would stamp the clock into subset fonts; whole fonts carry no such date."""
    from importlib.resources import files

    monkeypatch.setattr("clausekit.render.pdf.harfbuzz_can_subset", lambda: False)
    reader = PdfReader(io.BytesIO(render_pdf(_tiny(), source_date_epoch=EPOCH)))
    regular = (files(FONT_PACKAGE) / "files" / "IBMPlexSerif-Regular.ttf").read_bytes()
    sizes = {len(stream(d["/FontFile2"]).get_data()) for _, d in embedded_fonts(reader)}
    assert len(regular) in sizes


def _tiny() -> Document:
    clause = Clause(
        "c", "1.1", "Heading", None, (Paragraph((Span("A short clause."),)),), (), "c.md", "Section 1.1", "section-1-1"
    )
    section = Section("s", "1", "Section", "Part", "headings", (clause,), "f.yaml", "Section 1", "section-1")
    return Document("X-1.0", "X", "Title", "Family", "1.0", (), MappingProxyType({}), (section,))


# Typography for a legal text: no automatic hyphenation, bookmarks shown, an end mark.


def test_no_word_is_hyphenated_by_the_typesetter(pdfs: dict[str, Rendered]) -> None:
    """A line may end in a hyphen only where the text itself has one ("non-exclusive", "MG-BY-NC").

    So no "WAR-RANT", no split identifier or name, and no word carried over a page break.
    """
    for name, rendered in pdfs.items():
        canonical = render_text(rendered.document)
        lines = [line.rstrip() for page in rendered.reader.pages for line in page.extract_text().splitlines()]
        lines = [line for line in lines if line]
        for line, following in itertools.pairwise(lines):
            if not re.search(r"\w-$", line):
                continue
            joined = re.search(r"[\w.]+-$", line).group(0) + following.split()[0]  # type: ignore[union-attr]
            assert joined in canonical, f"{name}: the typesetter broke {joined!r} at a line end"
            # Nor at an identifier's own hyphen: MG-BY-NC-2.1 is copied whole.
            assert not re.fullmatch(r"[A-Z][A-Z0-9]*(-[A-Z0-9.]+)+", joined.rstrip(".,;:")), (
                f"{name}: the identifier {joined!r} is split at a line end"
            )


def test_the_pdf_opens_with_its_bookmarks_shown(pdfs: dict[str, Rendered]) -> None:
    for name, rendered in pdfs.items():
        root = catalog(rendered.reader)
        assert str(root["/PageMode"]) == "/UseOutlines", name
        assert "/Outlines" in root, name


def test_the_last_page_ends_with_the_end_mark(documents: tuple[Document, ...]) -> None:
    """The mark is drawn after the last clause (a box, so it reads back as no text): check the layout."""
    import weasyprint  # type: ignore[import-untyped]

    from clausekit.render.pdf import font_files, pdf_html

    document = documents[0]
    with font_files() as fonts:
        laid_out = weasyprint.HTML(string=pdf_html(document, "A4", fonts, EPOCH)).render()

    def boxes(box: Any) -> Iterator[Any]:
        yield box
        for child in getattr(box, "children", ()):
            yield from boxes(child)

    last = [box.element_tag for box in boxes(laid_out.pages[-1]._page_box) if box.element_tag]
    assert last[-1] == "body::after", last[-5:]
    assert all(
        "body::after" not in str(box.element_tag) for page in laid_out.pages[:-1] for box in boxes(page._page_box)
    )
