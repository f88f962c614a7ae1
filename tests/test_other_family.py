"""The engine on a second, unrelated family (tests/fixtures/other-family): typeface licenses.

Its outline (an unnumbered preamble, Articles I-IV in Roman numerals, a lettered
Schedule A), options, facts, sheet and rules differ from both the real corpus and
tiny-family. The expectations below come from what the fixture's sources say, read
as a person would read them, not from the engine's output.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import yaml
from pypdf import PdfReader

from clausekit.cli.main import main
from conftest import OTHER, RunCli, copy_sources, edit, lint_clean, read_index, read_json

FORBIDDEN_WORDS = re.compile(r"ModelGo|Hugging Face|\bmodels?\b", re.IGNORECASE)
LICENSE_FILES = ("license.txt", "license.md", "license.json", "license.html", "license.pdf")
SHEET_FILES = ("sheet.txt", "sheet.md", "sheet.json", "sheet.html")
HEADING = re.compile(r"^(Article|Schedule) ([IVX]+|[A-Z])\. (.+)$", re.MULTILINE)
ITEM = re.compile(r"^([IVX]+|[A-Z])\.(\d+) ", re.MULTILINE)


def text(out: Path, variant: str) -> str:
    return (out / variant / "license.txt").read_text(encoding="utf-8")


def test_the_fixture_lints_clean(mgl: RunCli) -> None:
    result = mgl("lint", "--root", OTHER)
    assert result.code == 0, result.err
    assert "6 variants, no problems" in result.out


def test_every_format_is_built_for_every_variant(other_build: Path) -> None:
    family, _ = lint_clean(OTHER)
    for variant in family.variants:
        for name in (*LICENSE_FILES, *SHEET_FILES):
            assert (other_build / variant.id / name).is_file(), f"{variant.id}/{name}"
    index = read_index(other_build)
    assert index["family"] == {"name": "Letterform", "version": "3.1"}
    assert [v["id"] for v in index["variants"]] == [v.id for v in family.variants]
    assert sorted(read_json(other_build / "typeset.json")["artifacts"]) == sorted(
        f"{v.id}/license.{ext}" for v in family.variants for ext in ("html", "pdf")
    )


def test_headings_follow_the_articles_and_the_schedule_only_comes_with_credit(other_build: Path) -> None:
    family, _ = lint_clean(OTHER)
    articles = [
        ("Article", "I", "Definitions"),
        ("Article", "II", "Permissions"),
        ("Article", "III", "Conditions"),
        ("Article", "IV", "Duration and Warranty"),
    ]
    for variant in family.variants:
        license_text = text(other_build, variant.id)
        schedule = [("Schedule", "A", "Credit Line")] if variant.has("CR") else []
        assert HEADING.findall(license_text) == articles + schedule, variant.id
        # The preamble is a heading without a number, before Article I.
        preamble = license_text.index("\nPreamble\n--------\n")
        assert preamble < license_text.index("Article I. Definitions")
        assert "About This License" in license_text[preamble : license_text.index("Article I.")]


def test_items_are_numbered_after_selection_without_gaps(other_build: Path) -> None:
    # Without NoSale, Article II is Installing, Embedding, Selling, Changes; NoSale drops Selling.
    assert "II.4 Changes" in text(other_build, "LF-3.1")
    no_sale = text(other_build, "LF-CR-NS-3.1")
    assert "II.3 Changes" in no_sale and "Selling" not in no_sale
    # Fixed drops Changes and the Modified Version definition: "You" moves up to I.3.
    fixed = text(other_build, "LF-FX-3.1")
    assert '\nI.3 "You" means' in fixed and "Modified Version" not in fixed
    for variant in ("LF-3.1", "LF-CR-3.1", "LF-CR-NS-3.1", "LF-OP-3.1", "LF-CR-OP-3.1", "LF-FX-3.1"):
        found: dict[str, list[int]] = {}
        for section, item in ITEM.findall(text(other_build, variant)):
            found.setdefault(section, []).append(int(item))
        assert found, variant
        for section, items in found.items():
            assert items == list(range(1, len(items) + 1)), (variant, section, items)


def test_references_use_the_family_labels(other_build: Path) -> None:
    credit = " ".join(text(other_build, "LF-CR-NS-3.1").split())
    assert "III.1 Credit" in text(other_build, "LF-CR-NS-3.1")
    assert "must carry the credit line that Schedule A describes" in credit
    assert "as Article III.1 requires" in credit  # the schedule points back at the Credit clause
    assert "The permissions in Article II last ten years" in credit
    op = " ".join(text(other_build, "LF-OP-3.1").split())
    assert "share it, as Article III.1 requires" in op  # Same Terms is III.1 when there is no Credit
    html = (other_build / "LF-CR-NS-3.1" / "license.html").read_text(encoding="utf-8")
    assert 'id="section-iii-1"' in html and 'href="#section-a"' in html


def test_the_pdf_carries_the_family_outline(other_build: Path) -> None:
    reader = PdfReader(io.BytesIO((other_build / "LF-CR-NS-3.1" / "license.pdf").read_bytes()))
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles == [
        "Preamble",
        "Article I. Definitions",
        "Article II. Permissions",
        "Article III. Conditions",
        "Article IV. Duration and Warranty",
        "Schedule A. Credit Line",
    ]
    first_page = reader.pages[0].extract_text()
    assert "Letterform Credit NoSale License" in first_page


def sheet(out: Path, variant: str) -> dict[str, tuple[bool, str | None]]:
    data = read_json(out / variant / "sheet.json")
    return {row["id"]: (row["allowed"], row["note"]) for group in data["groups"] for row in group["rows"]}


def test_sheet_rows_follow_the_options_and_facts(other_build: Path) -> None:
    family, _ = lint_clean(OTHER)
    for variant in family.variants:
        rows = sheet(other_build, variant.id)
        assert rows["install"] == (True, None)
        assert rows["embed"][0] is variant.facts["embedding"]
        assert rows["lasts"] == (
            (True, None) if variant.facts["duration"] == "perpetual" else (False, "ten years from receipt")
        )
        assert rows["sell"][0] is not variant.has("NS")
        assert rows["credit"][0] is variant.has("CR")  # NoSale implies Credit
        assert rows["modify"][0] is not variant.has("FX")
        expected_share = (
            (False, None) if variant.has("FX") else (True, "under this same license" if variant.has("OP") else None)
        )
        assert rows["share-modified"] == expected_share, variant.id
        assert rows["same-license"][0] is variant.has("OP")
    assert list(sheet(other_build, "LF-3.1")) == [
        "install", "embed", "sell", "lasts", "modify", "share-modified", "credit", "same-license"
    ]  # fmt: skip


def test_compat_verdicts_follow_the_union_rule_and_the_family_rules(other_build: Path) -> None:
    data = read_json(other_build / "compat.json")
    pairs = {(p["first"], p["second"]): p for p in data["pairs"]}
    assert len(pairs) == 6 * 6
    for (first, second), pair in pairs.items():
        assert pairs[second, first]["verdict"] == pair["verdict"]
        if "LF-FX-3.1" in (first, second):  # Fixed is `remix: unshareable`
            assert pair["verdict"] == "unshareable" and pair["result"] is None, (first, second)
    assert pairs["LF-CR-3.1", "LF-OP-3.1"]["result"] == "LF-CR-OP-3.1"
    assert pairs["LF-3.1", "LF-CR-NS-3.1"]["result"] == "LF-CR-NS-3.1"
    forbidden = pairs["LF-CR-NS-3.1", "LF-OP-3.1"]
    assert (forbidden["verdict"], forbidden["result"]) == ("incompatible", None)
    assert "An open typeface must stay free for anyone to sell." in forbidden["explanation"]
    assert data["family"] == {"name": "Letterform", "version": "3.1"}


def test_the_family_rule_is_enforced(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(OTHER, tmp_path / "other")
    edit(root, "variants.yaml", "options: [CR, OP]", "options: [CR, NS, OP]")
    result = mgl("lint", "--root", root)
    assert result.code == 2
    assert "combines NS and OP, which a rule forbids: an open typeface must stay free for anyone to sell." in result.err


def test_other_family_output_has_no_foreign_vocabulary(other_build: Path, tmp_path: Path) -> None:
    """No output of a typeface family speaks of models, ModelGo or Hugging Face: not its
    texts, sheets, metadata, remix matrix, PDFs, nor the default site built for it."""
    root = copy_sources(OTHER, tmp_path / "other")
    site = tmp_path / "site"
    assert main(["site", "--root", str(root), "--out", str(site), "--artifacts", str(tmp_path / "artifacts")]) == 0
    assert (site / "index.html").is_file()
    sources = "\n".join(p.read_text(encoding="utf-8") for p in sorted(OTHER.rglob("*")) if p.is_file())
    assert not FORBIDDEN_WORDS.search(sources), "the fixture itself uses a forbidden word"
    found: dict[str, list[str]] = {}
    for path in sorted([*other_build.rglob("*"), *site.rglob("*.html")]):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            reader = PdfReader(io.BytesIO(path.read_bytes()))
            content = "\n".join(page.extract_text() for page in reader.pages) + str(reader.metadata)
        else:
            content = path.read_text(encoding="utf-8")
        if hits := sorted({m.group(0) for m in FORBIDDEN_WORDS.finditer(content)}):
            found[path.as_posix()] = hits
    assert not found, found


def test_other_family_speaks_its_own_vocabulary(other_build: Path) -> None:
    """Its sheets, remix matrix and verdicts use the words its family file declares."""
    family = yaml.safe_load((OTHER / "variants.yaml").read_text(encoding="utf-8"))
    words = family["vocabulary"]
    sheets = sorted(other_build.glob("*/sheet.md"))
    assert sheets and all(s.read_text().startswith(f"# {words['sheet']}: ") for s in sheets)
    compat = (other_build / "compat.md").read_text()
    assert compat.startswith(f"# Remixing Letterform 3.1 {words['works']}\n")
    assert " ".join(words["remix_note"].split()) in compat
    assert f"Remixing a {words['work']} under " in (other_build / "compat.json").read_text()
