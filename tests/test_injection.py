"""Markup in any string of the family file never becomes markup in the output.

A copy of other-family has every human-readable string of its family file and
every clause title replaced by a payload mixing HTML, a Markdown link to
`javascript:`, an attr_list and emphasis. Built to every format and to the site,
no page may hold an element, attribute or URL scheme that the same site built
from the harmless family does not hold: the toolchain writes those itself.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from clausekit.cli.main import main
from conftest import OTHER, RunCli, copy_sources

PAYLOAD = (
    "<img src=x onerror=alert(1)>[click](javascript:alert(2)){: onmouseover=alert(3) }*em* <script>alert(4)</script>"
)
# Strings that are identifiers or references by design: checked against a strict pattern instead.
NOT_PROSE = {
    "id",
    "code",
    "name",
    "version",
    "implies",
    "clauses",
    "never",
    "options",
    "values",
    "row",
    "fact",
    "when",
    "layout",
    "key",
    "number",
    "remix",
}


class Inventory(HTMLParser):
    """Every (tag, attribute) pair and URL scheme on a page, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: set[tuple[str, str]] = set()
        self.schemes: set[str] = set()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.pairs.add((tag, name))
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                match = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
                self.schemes.add(match.group(1).lower() if match else "relative")


def poison(value: Any, key: str | None, counter: list[int]) -> Any:
    if isinstance(value, dict):
        return {k: poison(v, str(k), counter) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key, counter) for v in value]
    if isinstance(value, str) and key not in NOT_PROSE and key is not None:
        counter[0] += 1
        return f"{value} {PAYLOAD} {counter[0]}"
    return value


def hostile_copy(target: Path) -> Path:
    root = copy_sources(OTHER, target)
    family = yaml.safe_load((root / "variants.yaml").read_text(encoding="utf-8"))
    # The term check accepts capitalised words of titles, labels and names as they stand; the
    # payload changes those strings, so their words are listed as accepted words instead.
    capitalised = sorted(set(re.findall(r"\b[A-Z][A-Za-z]+\b", (root / "variants.yaml").read_text(encoding="utf-8"))))
    family["words"] = [*family.get("words", []), *capitalised]
    counter = [0]
    facts = [variant.get("facts") for variant in family["variants"]]  # fact values are identifiers
    names = (family["family"]["name"], [variant["title"] for variant in family["variants"]])
    family = poison(family, None, counter)
    family["words"] = [*family.get("words", [])[: -len(capitalised)], *capitalised]  # words are not prose
    for variant, kept in zip(family["variants"], facts, strict=True):
        variant["facts"] = kept
    # Names (the family's, each license's title) refuse markup instead: see the test below.
    family["family"]["name"] = names[0]
    for variant, title in zip(family["variants"], names[1], strict=True):
        variant["title"] = title
    (root / "variants.yaml").write_text(yaml.safe_dump(family, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for fragment in (root / "clauses").rglob("*.md"):
        text = fragment.read_text(encoding="utf-8")
        text = re.sub(
            r"^title: (.*)$", lambda m: "title: " + json.dumps(f"{m.group(1)} {PAYLOAD}"), text, count=1, flags=re.M
        )
        fragment.write_text(text, encoding="utf-8")
    assert counter[0] > 20, "the payload reached too few strings"
    return root


def built(root: Path, out: Path) -> Path:
    assert main(["build", "--root", str(root), "--out", str(out / "build")]) == 0
    assert main(["site", "--root", str(root), "--out", str(out / "site"), "--artifacts", str(out / "build")]) == 0
    return out


def inventory(folder: Path) -> Inventory:
    found = Inventory()
    for page in sorted(folder.rglob("*.html")):
        found.feed(page.read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("injection")
    benign = built(copy_sources(OTHER, base / "benign-src"), base / "benign")
    hostile = built(hostile_copy(base / "hostile-src"), base / "hostile")
    return benign, hostile


def test_no_page_gains_an_element_attribute_or_scheme(sites: tuple[Path, Path]) -> None:
    benign, hostile = (inventory(s) for s in sites)
    assert hostile.tags <= benign.tags, hostile.tags - benign.tags
    assert hostile.pairs <= benign.pairs, hostile.pairs - benign.pairs
    assert hostile.schemes <= benign.schemes, hostile.schemes - benign.schemes
    assert "javascript" not in hostile.schemes


def test_the_payload_is_shown_as_text(sites: tuple[Path, Path]) -> None:
    """Escaped, not dropped: a reader sees exactly what the family file says."""
    _, hostile = sites
    for page in ("index.html", "compare.html"):
        shown = html.unescape((hostile / "site" / page).read_text(encoding="utf-8"))
        assert PAYLOAD.replace("*em*", "") in shown.replace("*em*", ""), page


def test_markdown_editions_hold_no_live_markup(sites: tuple[Path, Path]) -> None:
    """Rendered by a CommonMark reader that allows HTML, no Markdown artifact yields markup of its own."""
    benign, hostile = sites
    reader = MarkdownIt("commonmark")
    for path in sorted((hostile / "build").rglob("*.md")):
        page = Inventory()
        page.feed(reader.render(path.read_text(encoding="utf-8")))
        harmless = Inventory()
        harmless.feed(
            reader.render((benign / "build" / path.relative_to(hostile / "build")).read_text(encoding="utf-8"))
        )
        assert page.tags <= harmless.tags | {"p"}, (path, page.tags - harmless.tags)
        assert page.pairs <= harmless.pairs and "javascript" not in page.schemes, path


@pytest.mark.parametrize("where", ["family", "variant"])
def test_names_refuse_markup(where: str, tmp_path: Path, mgl: RunCli) -> None:
    """Names reach page titles, the navigation and the site name, which the theme prints unescaped in places."""
    root = copy_sources(OTHER, tmp_path / "named")
    text = (root / "variants.yaml").read_text(encoding="utf-8")
    old = "  name: Letterform\n" if where == "family" else "    title: Letterform Free License\n"
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    (root / "variants.yaml").write_text(text.replace(old, old.rstrip("\n") + " <img src=x onerror=alert(1)>\n", 1))
    result = mgl("lint", "--root", root)
    assert result.code == 2 and "which markup would read" in result.err
    assert f"variants.yaml:{line}" in result.err


@pytest.mark.parametrize("text", ["the model's weights", 'a "quoted" term', "R&D <b> (i) [x] #1 `c` *e* _u_ {a} | ~ !"])
def test_page_text_reads_back_as_it_was(text: str) -> None:
    """What a template prints reads as the value itself once the browser decodes it: escaped
    once, never twice (an apostrophe was shown as "&#x27;" when its reference was escaped again)."""
    import markdown  # type: ignore[import-untyped]  # Python-Markdown, which mkdocs reads the pages with

    from clausekit.site.pages import page_text

    printed = str(page_text(text))
    assert html.unescape(printed) == text
    rendered = markdown.markdown(f"Text: {printed}", extensions=["attr_list"])
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)) == f"Text: {text}"
