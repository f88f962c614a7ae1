"""A family written only in Simplified Chinese (tests/fixtures/zh-family): words, references and CJK typesetting.

Expectations come from the fixture's variants.yaml (its `labels:`, `references:`,
outline and titles) and from the CJK rules themselves (display width counted here
with `unicodedata`, kinsoku from the punctuation lists below), never from the renderers.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from clausekit.cli.main import main
from clausekit.diff.segment import compare_texts
from clausekit.render import pdf as pdf_module
from clausekit.render.formats import Settings, artifact_name, render_file
from clausekit.render.text import wrap_wide
from conftest import FIXTURES, TINY, RunCli, copy_sources, edit, lint_clean, snapshot

ZH = FIXTURES / "zh-family"
CLOSING = "，。；：、）」』”！？"
OPENING = "（「『“"
# English words the toolchain printed before labels existed; none may reach a Chinese text.
ENGLISH_WORDS = re.compile(
    r"\b(Version|Status|Identifier|Options|Section|Attachment|Contents|Permissions|Conditions|Limitations|"
    r"yes|no|none|Marks|Legend|draft)\b"
)
HAS_CJK_FONT = all((pdf_module.CJK_FONT_DIR / name).is_file() for _, name in pdf_module.CJK_FONT_FACES)
needs_font = pytest.mark.skipif(
    not HAS_CJK_FONT, reason=f"the CJK font is missing: apt-get install {pdf_module.CJK_FONT_PACKAGE} (nox does)"
)


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in line)


def spec() -> Any:
    return yaml.safe_load((ZH / "variants.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def zh_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zh-build")
    assert main(["build", "--root", str(ZH), "--out", str(out), "--format", "txt,md,sheet,json,compat,html"]) == 0
    return out


def test_the_fixture_lints_clean_in_its_only_language() -> None:
    family, documents = lint_clean(ZH)
    assert family.languages == tuple(spec()["languages"]) == ("zh-Hans",)
    assert {d.language for d in documents} == {"zh-Hans"}


def test_plain_text_wraps_by_display_width_with_kinsoku(zh_build: Path) -> None:
    for variant in spec()["variants"]:
        variant_id = f"{variant['name']}-{spec()['family']['version']}"
        lines = (zh_build / variant_id / "license.txt").read_text(encoding="utf-8").splitlines()
        assert max(columns(line) for line in lines) <= 78, variant_id
        assert not [line for line in lines if line and line[0] in CLOSING], variant_id
        assert not [line for line in lines if line.strip() and line.rstrip()[-1] in OPENING], variant_id
        # The lines of long paragraphs are filled, not broken early: CJK breaks between any two characters.
        assert max(columns(line) for line in lines) >= 74, variant_id
        # An identifier is never split: it appears whole (the grant clause names it).
        assert any(variant_id in line for line in lines), variant_id


def test_headings_and_references_follow_the_languages_patterns(zh_build: Path) -> None:
    data = spec()
    patterns = data["references"]
    text = (zh_build / "SD-BY-NC-1.0" / "license.txt").read_text(encoding="utf-8")
    for section in data["outline"]:
        if section.get("when") == "RU":
            continue
        reference = patterns[section.get("label", "Section")].replace("{number}", section["number"])
        assert f"\n{reference} {section['title']}\n" in text
    # ref('noncommercial') is clause 3.2 in this variant, named by the pattern and kept on one line.
    assert any(patterns["Section"].replace("{number}", "3.2") in line for line in text.splitlines())
    attachment = patterns["Attachment"].replace("{number}", "A")
    restricted = (zh_build / "SD-BY-RU-1.0" / "license.txt").read_text(encoding="utf-8")
    assert f"{attachment} 使用限制" in restricted and f"违反{attachment}所列" in restricted


def test_every_generated_word_comes_from_the_family_labels(zh_build: Path) -> None:
    labels = spec()["labels"]
    for variant in ("SD0-1.0", "SD-BY-NC-1.0"):
        for name in ("license.txt", "license.md", "sheet.txt", "sheet.md"):
            content = (zh_build / variant / name).read_text(encoding="utf-8")
            assert not ENGLISH_WORDS.search(content), f"{variant}/{name}: {ENGLISH_WORDS.search(content)}"
        text = (zh_build / variant / "license.txt").read_text(encoding="utf-8")
        for key in ("Version", "Identifier", "Options"):
            assert labels["{label}:"].replace("{label}", labels[key]) in text
    assert labels["none"] in (zh_build / "SD0-1.0" / "license.txt").read_text(encoding="utf-8")
    sheet = (zh_build / "SD-BY-NC-1.0" / "sheet.txt").read_text(encoding="utf-8")
    assert labels["Permissions"] in sheet and labels["right granted"] in sheet
    compat = (zh_build / "compat.md").read_text(encoding="utf-8")
    assert labels["Legend:"] in compat and not re.search(r"\b(Legend|Remixing)\b", compat)


def test_html_carries_the_language_and_the_words(zh_build: Path) -> None:
    labels = spec()["labels"]
    page = (zh_build / "SD-BY-1.0" / "license.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in page
    assert f'aria-label="{labels["Contents"]}"' in page
    assert f"<dt>{labels['Identifier']}</dt>" in page
    assert 'class="field field-identifier"' in page  # markup keeps its English class names
    visible = re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1])
    assert not ENGLISH_WORDS.search(visible), ENGLISH_WORDS.search(visible)


def test_references_in_cjk_text_become_links(zh_build: Path) -> None:
    page = (zh_build / "SD-BY-NC-1.0" / "license.html").read_text(encoding="utf-8")
    # "仅限于第3.2条所述": the reference sits between CJK characters with no space around it.
    assert '<a class="ref" href="#section-3-2">第3.2条</a>' in page


def test_a_family_label_changes_the_output(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(ZH, tmp_path / "zh")
    edit(root, "variants.yaml", "  Version: 版本\n", "  Version: 版次\n")
    out = tmp_path / "out"
    assert mgl("build", "--root", root, "--out", out, "--format", "txt").code == 0
    assert "版次：" in (out / "SD0-1.0" / "license.txt").read_text(encoding="utf-8")
    # An English family overrides a word the same way.
    tiny = copy_sources(TINY, tmp_path / "tiny")
    (tiny / "variants.yaml").write_text(
        (tiny / "variants.yaml").read_text(encoding="utf-8") + "labels:\n  Identifier: License ID\n", encoding="utf-8"
    )
    tiny_out = tmp_path / "tiny-out"
    assert mgl("build", "--root", tiny, "--out", tiny_out, "--format", "txt").code == 0
    family, _ = lint_clean(tiny)
    text = (tiny_out / family.variants[0].id / "license.txt").read_text(encoding="utf-8")
    assert f"License ID: {family.variants[0].id}" in text and "Identifier:" not in text


def test_an_unknown_label_is_refused_with_its_line(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(ZH, tmp_path / "zh")
    line = edit(root, "variants.yaml", "  Contents: 目录\n", "  Contentz: 目录\n")
    before = snapshot(root)
    result = mgl("build", "--root", root, "--format", "txt")
    assert result.code == 2
    assert f"variants.yaml:{line}" in result.err and "'Contentz'" in result.err and "Traceback" not in result.err
    assert snapshot(root) == before


def test_a_reference_pattern_needs_its_number(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(ZH, tmp_path / "zh")
    edit(root, "variants.yaml", 'Section: "第{number}条"', 'Section: "第条"')
    result = mgl("lint", "--root", root)
    assert result.code == 2 and "{number}" in result.err


def test_wide_wrapping_rules() -> None:
    # 38 characters fill 76 columns; the 39th would pass 78, but a comma may not start a line.
    text = "甲" * 38 + "，" + "乙" * 10
    lines = wrap_wide(text, "", "")
    assert all(columns(line) <= 78 for line in lines)
    assert not any(line and line[0] in CLOSING for line in lines)
    assert "".join(lines) == text
    # An opening bracket never ends a line; it moves down with what it opens.
    text = "丙" * 38 + "（丁）"
    lines = wrap_wide(text, "", "")
    assert not any(line.endswith("（") for line in lines) and "".join(lines) == text
    # Latin words and identifiers stay whole, and spaces between them remain break points.
    text = "许可证" * 20 + "MG-BY-NC-2.1" + "条款" * 10 + " and some English words"
    lines = wrap_wide(text, "", "")
    assert any("MG-BY-NC-2.1" in line for line in lines)
    assert " ".join(lines).split()[-3:] == ["some", "English", "words"]
    assert all(columns(line) <= 78 for line in lines)


def test_artifact_names_per_language() -> None:
    assert artifact_name("license.txt", "en", "en") == "license.txt"
    assert artifact_name("sheet.md", "zh-Hans", "zh-Hans") == "sheet.md"
    assert artifact_name("license.txt", "zh-Hans", "en") == "license.zh-Hans.txt"
    assert artifact_name("sheet.json", "de", "en") == "sheet.de.json"
    with pytest.raises(ValueError):
        artifact_name("license.txt", "../x", "en")


@needs_font
def test_the_pdf_embeds_a_subset_cjk_font_and_rebuilds_identically() -> None:
    _, documents = lint_clean(ZH)
    document = next(d for d in documents if d.variant_id == "SD-BY-RU-1.0")
    settings = Settings(source_date_epoch=1_700_000_000)
    first = render_file("pdf", "license.pdf", document, settings)
    assert render_file("pdf", "license.pdf", document, settings) == first
    reader = PdfReader(io.BytesIO(first))
    fonts: set[str] = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources.get_object()["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any(re.fullmatch(r"/[A-Z]{6}\+Noto-Serif-CJK-SC.*", f) for f in fonts), fonts
    title = next(v["title"] for v in spec()["variants"] if v["name"] == "SD-BY-RU")
    assert title in reader.pages[0].extract_text()
    catalog: Any = reader.trailer["/Root"]
    assert catalog.get_object()["/Lang"] == "zh-Hans"
    footer = spec()["labels"]["Page {page} of {pages}"]
    assert footer.replace("{page}", "1").replace("{pages}", str(len(reader.pages))) in reader.pages[0].extract_text()


def test_a_missing_cjk_font_is_refused_before_anything_is_written(
    tmp_path: Path, mgl: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module, "CJK_FONT_DIR", tmp_path / "no-fonts")
    out = tmp_path / "out"
    result = mgl("build", "--root", ZH, "--out", out, "--format", "txt,pdf")
    assert result.code == 2
    assert pdf_module.CJK_FONT_PACKAGE in result.err and "Traceback" not in result.err
    assert not out.exists()  # not even an empty folder


def test_file_diff_reads_chinese_headings_and_pattern_references(zh_build: Path) -> None:
    old = (zh_build / "SD-BY-NC-1.0" / "license.txt").read_text(encoding="utf-8")
    reference = spec()["references"]["Section"]
    cited, recited = reference.replace("{number}", "3.2"), reference.replace("{number}", "3.3")
    assert cited in old
    # A clause is inserted as 3.2: the old 3.2 becomes 3.3, and the reference to it follows.
    new = old.replace("\n3.2 ", "\n3.2 通知\n\n您应当告知接收方本许可证的存在。\n\n3.3 ", 1).replace(cited, recited)
    report = compare_texts(old, new)
    assert [(d.kinds, d.new_number) for d in report.sections] == [(("added",), "3.2")]
    assert [(r.old, r.new) for r in report.renumbering] == [("3.2", "3.3")]


def test_file_diff_ignores_rewrapped_chinese_text(zh_build: Path) -> None:
    old = (zh_build / "SD-BY-RU-1.0" / "license.txt").read_text(encoding="utf-8")
    paragraphs = old.split("\n\n")
    longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
    flat = paragraphs[longest].replace("\n", "")
    assert len(flat) > 60 and "\n" in paragraphs[longest]
    paragraphs[longest] = "\n".join(flat[i : i + 25] for i in range(0, len(flat), 25))
    assert compare_texts(old, "\n\n".join(paragraphs)).empty


@needs_font
def test_a_pdf_leaves_nothing_in_the_temporary_directory(tmp_path: Path) -> None:
    """weasyprint copies each @font-face file (160 MB for the CJK faces) to a temporary folder.

    A pool worker ends with os._exit, which runs no finaliser; the folder must be gone
    before that, or every build leaves one behind until the disk is full.
    """
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    script = (
        "import os, sys\n"
        "from conftest import lint_clean\n"
        "from clausekit.render.formats import Settings, render_file\n"
        f"_, documents = lint_clean(__import__('pathlib').Path({str(ZH)!r}))\n"
        "pdf = render_file('pdf', 'license.pdf', documents[0], Settings())\n"
        "sys.stdout.write(str(len(pdf)))\n"
        "sys.stdout.flush()\n"
        "os._exit(0)\n"
    )
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 10_000
    assert sorted(p.name for p in scratch.iterdir()) == []


@needs_font
def test_weasyprint_gets_the_cjk_faces_cut_down_to_the_documents_characters() -> None:
    """Handed whole, each 26 MB collection was loaded whole per font object (300 MB a PDF)."""
    import uharfbuzz as hb  # type: ignore[import-untyped]

    _, documents = lint_clean(ZH)
    document = next(d for d in documents if d.variant_id == "SD-BY-RU-1.0")
    with pdf_module.font_files() as fonts:
        html = pdf_module.pdf_html(document, "A4", fonts, None)
    used = {ord(c) for c in html if unicodedata.east_asian_width(c) in ("W", "F")}
    assert len(used) > 50  # the fixture is Chinese
    with pdf_module.cjk_font_files(html) as faces:
        assert set(faces) == {name for _, name in pdf_module.CJK_FONT_FACES}
        for name, path in faces.items():
            assert path.stat().st_size < (pdf_module.CJK_FONT_DIR / name).stat().st_size / 20
            face = hb.Face(hb.Blob.from_file_path(str(path)))
            assert face.get_name(hb.OTNameIdPredefined.FONT_FAMILY) == pdf_module.CJK_FONT_FAMILY
            assert used <= set(face.unicodes)
    assert not any(path.exists() for path in faces.values())  # made for the duration only
    with pdf_module.cjk_font_files("") as none:
        assert none == {}
