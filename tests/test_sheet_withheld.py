"""The sheet's summary states the permissions a variant withholds, under its limitations.

A reader of an NC sheet must see "no commercial use" at a glance, as choosealicense.com
lists what a license does not allow. The expectations are computed here from
variants.yaml alone (the rows, their kinds and `if_no` words, the defaults, the facts
and the options' answers, an implying option deciding over the one it implies), never
from the toolchain's own sheet: the test fails if the summary drops or invents one.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO
from test_site import BuiltSite, built_site, plain, region

BUILD = REPO / "build"
RAW = yaml.safe_load((REPO / "variants.yaml").read_text(encoding="utf-8"))
ZH = yaml.safe_load((REPO / "translations" / "zh-Hans.yaml").read_text(encoding="utf-8"))
WITHHELD_MARK = "✗"


@dataclass(frozen=True)
class Row:
    id: str
    kind: str | None
    allowed: bool
    words: str  # the answer in the reader's words: if_yes or if_no, with the answer's note


def _answer(value: Any) -> tuple[bool, str | None]:
    return (bool(value["value"]), value.get("note")) if isinstance(value, dict) else (bool(value), None)


def _implied(code: str) -> set[str]:
    """Every option `code` implies, directly or through another."""
    options = {o["code"]: o for o in RAW["options"]}
    found: set[str] = set()
    todo = list(options[code].get("implies") or [])
    while todo:
        other = todo.pop()
        if other not in found:
            found.add(other)
            todo.extend(options[other].get("implies") or [])
    return found


def rows_of(variant: dict[str, Any]) -> list[Row]:
    """Every sheet row of one variant, in sheet order, answered from variants.yaml."""
    options = {o["code"]: o for o in RAW["options"]}
    rows = []
    for group in RAW["sheet"]["groups"]:
        for row in group["rows"]:
            if "fact" in row:
                value = variant["facts"][row["fact"]]
                allowed, note = _answer((row.get("answers") or {}).get(value, value))
            else:
                allowed, note = _answer(row["default"])
            answering = [c for c in variant["options"] if row["id"] in (options[c].get("sheet") or {})]
            # the option implying the others decides; unrelated options agree (lint refuses them otherwise)
            deciding = [c for c in answering if not any(c in _implied(o) for o in answering)]
            if deciding:
                said = {_answer(options[c]["sheet"][row["id"]]) for c in deciding}
                assert len(said) == 1, (variant["name"], row["id"], said)
                allowed, note = said.pop()
            phrase = row["if_yes"] if allowed else row["if_no"]
            rows.append(Row(row["id"], row.get("kind"), allowed, f"{phrase}, {note}" if note else phrase))
    return rows


def variant_id(variant: dict[str, Any]) -> str:
    return f"{variant['name']}-{RAW['family']['version']}"


def withheld(variant: dict[str, Any]) -> list[Row]:
    return [r for r in rows_of(variant) if r.kind == "permission" and not r.allowed]


def limitations(variant: dict[str, Any]) -> list[Row]:
    """What the summary lists under Limitations, in sheet order: the limitations in force and the withheld permissions."""
    return [
        r
        for r in rows_of(variant)
        if (r.kind == "limitation" and r.allowed) or (r.kind == "permission" and not r.allowed)
    ]


VARIANTS = RAW["variants"]


def test_the_corpus_has_variants_with_and_without_withheld_permissions() -> None:
    """Otherwise the tests below would prove nothing either way."""
    assert any(withheld(v) for v in VARIANTS) and any(not withheld(v) for v in VARIANTS)


def _list_after(lines: list[str], heading: str) -> list[str]:
    """The list items under a summary heading of sheet.md or sheet.txt, until the next blank line after them."""
    start = lines.index(heading) + 1
    items: list[str] = []
    for line in lines[start:]:
        if not line.strip():
            if items:
                break
            continue
        items.append(line.strip().removeprefix("- "))
    return items


@pytest.mark.parametrize("variant", VARIANTS, ids=variant_id)
def test_markdown_and_text_sheets_list_the_withheld_permissions_as_limitations(variant: dict[str, Any]) -> None:
    folder = BUILD / variant_id(variant)
    expected = limitations(variant)
    for name, heading in (("sheet.md", "**Limitations**"), ("sheet.txt", "Limitations:")):
        lines = (folder / name).read_text(encoding="utf-8").split("\n")
        items = _list_after(lines, heading)
        if not expected:
            assert items == ["none"], (name, items)
            continue
        wanted = [f"{WITHHELD_MARK if r.kind == 'permission' else '⚠'} {r.words}" for r in expected]
        shown = [item.replace("\\", "") for item in items]  # Markdown escapes
        assert shown == wanted, (name, shown)
        for other in ("Permissions", "Conditions"):  # a withheld right, or a duty answered no, is not listed there
            listed = _list_after(lines, heading.replace("Limitations", other))
            assert not any(item.startswith((WITHHELD_MARK, "–")) for item in listed), (name, other, listed)
        if withheld(variant):
            assert re.search(rf"{WITHHELD_MARK} right withheld", "\n".join(lines)), f"{name}: the legend lacks the mark"


@pytest.mark.parametrize("variant", VARIANTS, ids=variant_id)
def test_json_and_html_sheets_list_the_withheld_permissions_as_limitations(variant: dict[str, Any]) -> None:
    folder = BUILD / variant_id(variant)
    expected = limitations(variant)
    data = json.loads((folder / "sheet.json").read_text(encoding="utf-8"))
    assert data["summary"]["limitation"] == [r.id for r in expected]
    assert data["summary"]["permission"] == [r.id for r in rows_of(variant) if r.kind == "permission" and r.allowed]
    assert data["summary"]["condition"] == [r.id for r in rows_of(variant) if r.kind == "condition" and r.allowed]
    page = (folder / "sheet.html").read_text(encoding="utf-8")
    _check_html_summary(page, expected, "none")


def _check_html_summary(markup: str, expected: list[Row], none: str, words: bool = True) -> None:
    section = region(markup, '<section class="summary-limitation">', "</section>")
    items = re.findall(r'<li class="([^"]*)">(.*?)</li>', section)
    if not expected:
        assert [plain(text) for _, text in items] == [none]
        return
    assert len(items) == len(expected), items
    for (classes, text), row in zip(items, expected, strict=True):
        if row.kind == "permission":
            assert classes.split() == ["answer", "permission", "withheld"], classes
            assert plain(text).startswith(f"{WITHHELD_MARK} "), text
        else:
            assert "withheld" not in classes.split() and not plain(text).startswith(WITHHELD_MARK), (classes, text)
        if words:
            assert plain(text)[2:] == html.unescape(row.words)


@pytest.mark.parametrize("variant", VARIANTS, ids=variant_id)
def test_the_translated_sheets_list_them_too(variant: dict[str, Any]) -> None:
    """sheet.zh-Hans.*: each withheld permission under 限制 (the translation's word), in its translated `if_no`."""
    folder = BUILD / variant_id(variant)
    if not (folder / "sheet.zh-Hans.md").is_file():
        pytest.skip("no zh-Hans sheet for this variant")
    expected = limitations(variant)
    title = ZH["labels"]["Limitations"]
    translated = ZH["sheet"]["rows"]
    lines = (folder / "sheet.zh-Hans.md").read_text(encoding="utf-8").split("\n")
    items = [i.replace("\\", "") for i in _list_after(lines, f"**{title}**")]
    if not expected:
        assert items == [ZH["labels"]["none"]]
        return
    assert len(items) == len(expected)
    for item, row in zip(items, expected, strict=True):
        if row.kind == "permission":
            assert item.startswith(f"{WITHHELD_MARK} {translated[row.id]['if_no']}"), item
        else:
            assert not item.startswith(WITHHELD_MARK), item
    data = json.loads((folder / "sheet.zh-Hans.json").read_text(encoding="utf-8"))
    assert data["summary"]["limitation"] == [r.id for r in expected]
    _check_html_summary(
        (folder / "sheet.zh-Hans.html").read_text(encoding="utf-8"), expected, ZH["labels"]["none"], False
    )


# --- the site's one-glance summary ------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built_site(tmp_path_factory)


def _variant_page(site: Path, prefix: str, variant: dict[str, Any]) -> str:
    return (site / prefix / "licenses" / f"{variant_id(variant)}.html").read_text(encoding="utf-8")


def test_each_variant_page_summary_lists_its_withheld_permissions(built: BuiltSite) -> None:
    for variant in VARIANTS:
        markup = _variant_page(built.site, "", variant)
        assert markup.index('class="sheet-summary"') < markup.index(f'id="sheet-{variant_id(variant)}"')
        _check_html_summary(markup, limitations(variant), "none")
        legend = plain(region(markup, '<p class="sheet-legend">', "</p>"))
        assert f"{WITHHELD_MARK} right withheld" in legend
        page = built.site / "zh-Hans" / "licenses" / f"{variant_id(variant)}.html"
        if page.is_file():
            _check_html_summary(page.read_text(encoding="utf-8"), limitations(variant), ZH["labels"]["none"], False)
            legend = plain(region(page.read_text(encoding="utf-8"), '<p class="sheet-legend">', "</p>"))
            assert f"{WITHHELD_MARK} {ZH['labels']['right withheld']}" in legend


# --- the tables: one mark per row, the legend's ------------------------------------------------
#
# The legend under every sheet defines ✗ as a right withheld and "–" as "does not apply", so
# every table (sheet.md, .txt, .html, .json in each language, and the site's Compare page)
# must mark a permission answered no ✗ (`withheld`), and a condition or limitation answered
# no "–" (`absent`). The expectations come from variants.yaml (rows_of), kind by kind.

YES = {"permission": ("✓", "good"), "condition": ("ℹ", "info"), "limitation": ("⚠", "warning")}
NO = {"permission": (WITHHELD_MARK, "withheld"), "condition": ("–", "absent"), "limitation": ("–", "absent")}
LANGUAGES = {"": RAW, ".zh-Hans": ZH}  # a sheet's file-name infix, and the words of its language


def marked(row: Row) -> tuple[str, str]:
    """(mark, tone) the row's answer must show in every table."""
    assert row.kind in YES, f"{row.id}: the corpus's rows are all classified"
    return (YES if row.allowed else NO)[row.kind]


def label_of(row: Row, words: dict[str, Any]) -> str:
    """The row's label in a language: the translation's, else the family file's."""
    english = next(r["label"] for g in RAW["sheet"]["groups"] for r in g["rows"] if r["id"] == row.id)
    return str((words.get("sheet", {}).get("rows", {}).get(row.id) or {}).get("label", english))


def test_the_corpus_answers_no_on_every_kind_of_row() -> None:
    """Some variant answers no on a permission, and some on a condition or limitation: else the tests prove little."""
    said = {(r.kind, r.allowed) for v in VARIANTS for r in rows_of(v)}
    assert ("permission", False) in said
    assert ("condition", False) in said or ("limitation", False) in said


@pytest.mark.parametrize("variant", VARIANTS, ids=variant_id)
@pytest.mark.parametrize("infix", LANGUAGES, ids=lambda infix: infix.strip(".") or "default")
def test_every_sheet_table_marks_a_withheld_right_and_a_missing_duty_apart(variant: dict[str, Any], infix: str) -> None:
    folder = BUILD / variant_id(variant)
    if not (folder / f"sheet{infix}.md").is_file():
        pytest.skip(f"no sheet{infix} for this variant")
    words = LANGUAGES[infix]
    rows = rows_of(variant)
    expected = [(label_of(r, words), *marked(r)) for r in rows]
    english = infix == ""  # in the default language the words are checked too

    data = json.loads((folder / f"sheet{infix}.json").read_text(encoding="utf-8"))
    shown = [r for g in data["groups"] for r in g["rows"]]
    assert data["schema_version"] == 3
    assert [(r["id"], r["tone"]) for r in shown] == [(r.id, marked(r)[1]) for r in rows]

    markdown = (folder / f"sheet{infix}.md").read_text(encoding="utf-8")
    cells = re.findall(r"^\| (.+) \| (\S) (.+) \|$", markdown, flags=re.MULTILINE)
    assert [(label.replace("\\", ""), mark) for label, mark, _ in cells] == [
        (label, mark) for label, mark, _ in expected
    ]
    if english:
        assert [text.replace("\\", "") for _, _, text in cells] == [r.words for r in rows]

    text = (folder / f"sheet{infix}.txt").read_text(encoding="utf-8")
    lines = re.findall(r"^(\S.*?) {2,}(\S) (.+)$", text, flags=re.MULTILINE)
    assert [(label, mark) for label, mark, _ in lines] == [(label, mark) for label, mark, _ in expected]
    if english:
        assert [said for _, _, said in lines] == [r.words for r in rows]

    page = (folder / f"sheet{infix}.html").read_text(encoding="utf-8")
    table = region(page, "<table ", "</table>")
    cells = re.findall(
        r'<tr><th scope="row">(.*?)</th><td class="answer (\w+) (\w+)"><span aria-hidden="true">(.)</span> (.*?)</td></tr>',
        table,
    )
    assert [(html.unescape(label), tone, mark) for label, _, tone, mark, _ in cells] == [
        (label, tone, mark) for label, mark, tone in expected
    ]
    assert [kind for _, kind, _, _, _ in cells] == [r.kind for r in rows]


def _legend_after_the_tables(markup: str) -> str:
    return plain(region(markup[markup.rindex("</table>") :], "<p>", "</p>"))


@pytest.mark.parametrize("prefix", ["", "zh-Hans"], ids=["default", "zh-Hans"])
def test_the_compare_page_marks_them_apart_and_its_legend_says_so(built: BuiltSite, prefix: str) -> None:
    markup = (built.site / prefix / "compare.html").read_text(encoding="utf-8")
    words = ZH if prefix else RAW
    compared = 0
    for variant in VARIANTS:
        cells = re.findall(
            rf'<td data-variant="{re.escape(variant_id(variant))}" class="answer (\w+) (\w+)"[^>]*>'
            r'<span aria-hidden="true">(.)</span>',
            markup,
        )
        if not cells:
            assert prefix, f"{variant_id(variant)} is missing from the Compare page"
            continue  # a variant not translated is not compared in that language
        compared += 1
        rows = rows_of(variant)
        assert cells == [(r.kind, marked(r)[1], marked(r)[0]) for r in rows], variant_id(variant)
    assert compared, "no variant on the page"
    # The legend below the tables names ✗ in the words the sheets' legends use for a right withheld.
    legend = _legend_after_the_tables(markup)
    withheld_words = (words.get("labels") or {}).get("right withheld", "right withheld")
    assert withheld_words in legend, legend
    assert legend.index(WITHHELD_MARK) < legend.index(withheld_words)
