"""The corpus's translations: every declared language complete, current and aligned with the default.

Expectations come from the data (`languages:` in variants.yaml, the translation files)
and from the default language's documents, never from a list written here; a family
that declares one language skips these tests.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from clausekit import lint_root
from clausekit.document.types import Document
from clausekit.pipeline import Linted
from clausekit.render.formats import Settings, render_file
from clausekit.render.pdf import needs_cjk
from conftest import REPO, RunCli, copy_sources
from test_zh_family import needs_font

WIDTH = 78


@pytest.fixture(scope="module")
def linted() -> Linted:
    checked = lint_root(REPO)
    assert checked.ok and checked.value is not None, "\n".join(p.format() for p in checked.problems)
    return checked.value


def translated_languages(linted: Linted) -> list[str]:
    languages = list(linted.library.family.languages[1:])
    if not languages:
        pytest.skip("the corpus declares no translation")
    return languages


def outline(document: Document) -> list[tuple[str, str | None, tuple[tuple[str, str | None], ...]]]:
    """Sections, clause ids and numbers: what a translated variant shares with its default-language text."""
    return [
        (s.id, s.number, tuple((c.id, c.number) for _, c in document.clauses() if _ is s)) for s in document.sections
    ]


def test_every_variant_is_translated_into_every_language_with_the_same_outline(linted: Linted) -> None:
    for language in translated_languages(linted):
        localized = linted.language(language)
        assert localized is not None and localized.library is not None, language
        assert localized.missing == {}, f"{language}: {localized.missing}"
        english = {d.variant_id: d for d in linted.documents}
        translated = {d.variant_id: d for d in localized.documents}
        assert set(translated) == set(english), language
        for variant_id, document in translated.items():
            assert document.language == language
            assert outline(document) == outline(english[variant_id]), f"{variant_id} ({language})"
            # Only words differ: every title is in the translation's words, none is the English one.
            titles = {c.title for _, c in document.clauses() if c.title}
            assert not titles & {c.title for _, c in english[variant_id].clauses() if c.title}, variant_id


def digest(path: Path) -> str:
    """The contract's recipe, independent of the toolchain's code."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    title = (yaml.safe_load(front) or {}).get("title") or ""
    return hashlib.sha256((title + "\n" + body.strip()).encode("utf-8")).hexdigest()[:12]


def test_every_clause_translation_follows_the_current_source(linted: Linted) -> None:
    for language in translated_languages(linted):
        sources = sorted(p for p in (REPO / "clauses").rglob("*.md") if "." not in p.stem)
        for source in sources:
            translation = source.with_name(f"{source.stem}.{language}.md")
            assert translation.is_file(), f"{translation.relative_to(REPO)} is missing"
            front = yaml.safe_load(translation.read_text(encoding="utf-8").split("---\n", 2)[1])
            assert front["source"] == digest(source), f"{translation.relative_to(REPO)} is stale"


def test_mgl_translations_reports_every_language_complete(mgl: RunCli, linted: Linted) -> None:
    result = mgl("translations", "--root", REPO)
    assert result.code == 0
    for language in translated_languages(linted):
        assert f"{language}: 100.0% current" in result.out, result.out
    assert mgl("lint", "--strict", "--root", REPO).code == 0


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_committed_translated_texts_fit_78_columns_and_keep_punctuation_off_line_starts(linted: Linted) -> None:
    for language in translated_languages(linted):
        texts = sorted((REPO / "build").glob(f"*/license.{language}.txt"))
        assert len(texts) == len(linted.documents), language
        for text in texts:
            for number, line in enumerate(text.read_text(encoding="utf-8").splitlines(), start=1):
                assert display_width(line) <= WIDTH, f"{text.name}:{number} is {display_width(line)} columns"
                assert not re.match(r"[，。；：、）」』”！？]", line), f"{text}:{number} starts with punctuation"


def test_an_edited_source_makes_its_translation_stale_until_refreshed(tmp_path: Path, mgl: RunCli) -> None:
    """The corpus's own first translated clause: edit its English, see the warning and the notice, refresh."""
    root = copy_sources(REPO, tmp_path / "corpus")
    language = lint_root(root).value.library.family.languages[1]  # type: ignore[union-attr]
    source = sorted((root / "clauses").rglob(f"*.{language}.md"))[0].with_suffix("").with_suffix(".md")
    translation = source.with_name(f"{source.stem}.{language}.md")
    text = source.read_text(encoding="utf-8")
    source.write_text(text.rstrip("\n") + " An added sentence.\n", encoding="utf-8")
    warned = mgl("lint", "--root", root)
    assert warned.code == 0 and str(translation.relative_to(root)) in warned.err + warned.out
    assert mgl("lint", "--strict", "--root", root).code == 2
    out = tmp_path / "out"
    assert mgl("build", "--root", root, "--out", out, "--format", "txt").code == 0
    strings = yaml.safe_load((root / "translations" / f"{language}.yaml").read_text(encoding="utf-8"))
    notice = " ".join(strings["stale"].split())
    built = sorted(out.glob(f"*/license.{language}.txt"))
    assert any(notice[:12] in re.sub(r"\s+", "", f.read_text(encoding="utf-8")) for f in built)
    # The translator checks the translation against the new English and records its digest.
    refreshed = translation.read_text(encoding="utf-8")
    refreshed = re.sub(r"^source: \S+$", f"source: {digest(source)}", refreshed, count=1, flags=re.M)
    translation.write_text(refreshed, encoding="utf-8")
    assert mgl("lint", "--strict", "--root", root).code == 0


@needs_font
def test_a_translated_pdf_embeds_a_subset_cjk_font_shows_its_title_and_rebuilds_identically(linted: Linted) -> None:
    for language in translated_languages(linted):
        if not needs_cjk(language):
            continue
        localized = linted.language(language)
        assert localized is not None
        document = max(localized.documents, key=lambda d: len(d.sections))
        settings = Settings(source_date_epoch=1_700_000_000)
        first = render_file("pdf", "license.pdf", document, settings)
        assert render_file("pdf", "license.pdf", document, settings) == first
        reader = PdfReader(io.BytesIO(first))
        fonts = {
            str(font.get_object()["/BaseFont"])
            for page in reader.pages
            for font in page["/Resources"].get_object()["/Font"].values()  # type: ignore[index]
        }
        assert any(re.fullmatch(r"/[A-Z]{6}\+Noto-Serif-CJK-SC.*", f) for f in fonts), fonts
        assert re.sub(r"\s+", "", document.title) in re.sub(r"\s+", "", reader.pages[0].extract_text())
