"""The documentation site: `mgl site` over the real corpus, then its pages, links and downloads.

The site is built once per test session into a temporary folder, with its own
artifacts folder, so the repository's build/ is never written. test_site_browser.py
opens the same build in a real browser.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import posixpath
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from clausekit.document.compat import matrix
from clausekit.document.types import Document, block_paragraphs
from clausekit.output.build import source_date_epoch
from clausekit.site.chooser import load_questions
from clausekit.site.generate import MARKER
from clausekit.sources.types import Family
from conftest import REPO, RunCli, copy_sources

PAGES = (
    "index.html",
    "choose.html",
    "compare.html",
    "remixing.html",
    "versions/index.html",
    "about.html",
    "faq.html",
    "licenses/index.html",
)
EXTERNAL = ("http:", "https:", "mailto:", "data:", "javascript:")


@dataclass(frozen=True)
class BuiltSite:
    site: Path
    artifacts: Path


def built_site(factory: pytest.TempPathFactory) -> BuiltSite:
    """The real corpus's site, built once per session by `mgl site` (its artifacts in a folder of its own)."""
    from clausekit.cli.main import main

    base = factory.getbasetemp() / "clausekit-site"
    found = BuiltSite(base / "site", base / "artifacts")
    if not (found.site / MARKER).exists():
        args = ["site", "--root", str(REPO), "--out", str(found.site), "--artifacts", str(found.artifacts)]
        assert main(args) == 0
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built_site(tmp_path_factory)


# --- reading built pages --------------------------------------------------------------------


@dataclass
class Page:
    """What the checks need from one built HTML page."""

    path: str  # relative to the site, e.g. "licenses/<variant id>.html"
    ids: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url); tag "canonical" for <link rel=canonical>
    title: str = ""
    description: str | None = None


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.ids.append(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.append(values["name"])
        for attribute in ("href", "src"):
            if attribute in values and tag in ("a", "link", "script", "img", "iframe", "source"):
                canonical = tag == "link" and values.get("rel") == "canonical"  # names the page, loads nothing
                self.page.links.append(("canonical" if canonical else tag, values[attribute]))
        if tag == "title":
            self.in_title = True
        if tag == "meta" and values.get("name") == "description":
            self.page.description = values.get("content")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data


def read_page(site: Path, path: str) -> Page:
    page = Page(path)
    _Parser(page).feed((site / path).read_text(encoding="utf-8"))
    return page


def html_pages(site: Path) -> Iterator[str]:
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        if not relative.startswith("downloads/"):  # the artifacts' own HTML editions are files, not pages
            yield relative


def plain(markup: str) -> str:
    """Visible text of some markup, white space normalised."""
    markup = re.sub(r"<script\b.*?</script>", " ", markup, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def words(text: str) -> str:
    return " ".join(text.split())


def region(markup: str, start: str, end: str) -> str:
    begin = markup.index(start)
    return markup[begin : markup.index(end, begin)]


# --- pages and their content ----------------------------------------------------------------


def test_every_expected_page_exists(built: BuiltSite, family: Family) -> None:
    expected = [*PAGES, *(f"licenses/{v.id}.html" for v in family.variants)]
    missing = [p for p in expected if not (built.site / p).is_file()]
    assert not missing
    assert (built.site / "search" / "search_index.json").is_file()


def test_every_page_has_a_title_and_a_description(built: BuiltSite) -> None:
    problems = []
    for path in html_pages(built.site):
        if path.endswith("404.html"):  # one per language
            continue
        page = read_page(built.site, path)
        if not page.title.strip():
            problems.append(f"{path}: no title")
        if not (page.description or "").strip():
            problems.append(f"{path}: no description")
    assert not problems


def test_the_header_names_the_family_version(built: BuiltSite, family: Family) -> None:
    home = (built.site / "index.html").read_text(encoding="utf-8")
    header = region(home, '<header class="md-header', "</header>")
    assert f"{family.name} licenses {family.version}" in plain(header)


def test_each_variant_page_has_its_full_text(built: BuiltSite, documents: tuple[Document, ...]) -> None:
    for document in documents:
        markup = (built.site / "licenses" / f"{document.variant_id}.html").read_text(encoding="utf-8")
        text = plain(region(markup, '<div class="license-text"', "</article>"))
        missing = []
        for section, clause in document.clauses():
            assert words(section.heading) in text
            if clause.number is not None and section.layout != "inline":
                assert words(f"{clause.number} {clause.title}") in text
            missing += [p.text for p in block_paragraphs(clause.blocks) if words(p.text) not in text]
        assert not missing, f"{document.variant_id}: {missing[:2]}"


TONES = {"permission": "good", "condition": "info", "limitation": "warning"}


def expected_cell(family: Family, document: Document, row_id: str) -> tuple[str, str]:
    """(classes after `answer`, words) a row's cell must show, from the family file's kind and phrases.

    A yes on a permission row is good, on a condition row informative, on a limitation row
    a warning; a no on a permission row is a right withheld, on a condition or limitation row
    absent (it does not apply), in the row's `if_no` words.
    """
    assert family.sheet is not None and document.sheet is not None
    row, answer = family.sheet.row(row_id), document.sheet.answer(row_id)
    assert row is not None and answer is not None
    if row.kind is None:
        return answer.mark, answer.text
    phrase = row.if_yes if answer.allowed else row.if_no
    words = f"{phrase}, {answer.note}" if answer.note else str(phrase)
    unanswered = "withheld" if row.kind == "permission" else "absent"
    return f"{row.kind} {TONES[row.kind] if answer.allowed else unanswered}", words


def test_each_variant_page_has_its_sheet(built: BuiltSite, documents: tuple[Document, ...], family: Family) -> None:
    for document in documents:
        assert document.sheet is not None
        markup = (built.site / "licenses" / f"{document.variant_id}.html").read_text(encoding="utf-8")
        table = region(markup, f'<table class="model-sheet" id="sheet-{document.variant_id}">', "</table>")
        rows = re.findall(r'<tr><th scope="row">(.*?)</th><td class="answer ([\w ]+)">(.*?)</td></tr>', table)
        expected = [
            (html.escape(e.label), *expected_cell(family, document, e.id))
            for g in document.sheet.groups
            for e in g.entries
        ]
        assert [(label, classes, plain(cell)[2:]) for label, classes, cell in rows] == expected


def test_each_variant_page_opens_with_what_applies(
    built: BuiltSite, documents: tuple[Document, ...], family: Family
) -> None:
    """Three short lists at the top: the rows of each kind whose answer is yes, in sheet order.

    The limitations also list each permission withheld (test_sheet_withheld.py checks those).
    """
    assert family.sheet is not None
    for document in documents:
        assert document.sheet is not None
        markup = (built.site / "licenses" / f"{document.variant_id}.html").read_text(encoding="utf-8")
        assert markup.index('class="sheet-summary"') < markup.index(f'id="sheet-{document.variant_id}"')
        for kind in TONES:
            applying = [r.id for r in family.sheet.rows if r.kind == kind and document.sheet.answer(r.id).allowed]  # type: ignore[union-attr]
            section = region(markup, f'<section class="summary-{kind}">', "</section>")
            items = re.findall(r"<li([^>]*)>(.*?)</li>", section)
            items = [(attributes, text) for attributes, text in items if "withheld" not in attributes]
            if not applying:
                assert [plain(text) for _, text in items] in (["none"], [])
                continue
            assert [plain(text)[2:] for _, text in items] == [expected_cell(family, document, r)[1] for r in applying]
            assert all(f"{kind} {TONES[kind]}" in attributes for attributes, _ in items)


def test_each_variant_page_says_how_to_apply_it(built: BuiltSite, documents: tuple[Document, ...]) -> None:
    for document in documents:
        markup = (built.site / "licenses" / f"{document.variant_id}.html").read_text(encoding="utf-8")
        metadata = json.loads((built.artifacts / document.variant_id / "license.json").read_text(encoding="utf-8"))
        reference = f"LicenseRef-{document.variant_id}"
        assert metadata["spdx"]["expression"] == reference
        assert f'<pre><code id="spdx-snippet">{reference}</code></pre>' in markup
        card = region(markup, '<pre><code id="model-card-snippet">', "</code></pre>")
        assert html.unescape(card.split(">", 2)[2]) == f"---\n{metadata['model_card']['yaml']}---"
        assert f"license_name: {document.variant_id.lower()}" in html.unescape(card)
        notice = plain(region(markup, '<code id="notice-snippet">', "</pre>"))
        assert document.title in notice and reference in notice
        # Without JavaScript: the notice with its placeholders, and no form (the script shows it).
        at = f" and at {metadata['url']}" if metadata["url"] else ""
        assert notice == (
            f"[Model name] by [your name or organisation] is licensed under the {metadata['title']}, "
            f"version {metadata['version']} ({document.variant_id}, SPDX: {reference}). "
            f"The license text is in the LICENSE file{at}."
        )
        maker = region(markup, '<div class="notice-maker">', '<code id="notice-snippet">')
        assert '<form class="notice-form" hidden>' in maker  # above the notice, hidden until the script runs
        assert re.findall(r'<input type="text" name="(\w+)"', maker) == ["model", "publisher", "year"]
        # The copy button of the LICENSE file copies exactly the canonical text.
        data = region(markup, '<script type="application/json" id="license-text-data">', "</script>")
        copied = json.loads(data.split(">", 1)[1])
        assert copied == (built.artifacts / document.variant_id / "license.txt").read_text(encoding="utf-8")
        # LICENSE, notice, model card, SPDX, REUSE header; with a canonical URL also the rel="license" link and the badge.
        url = metadata["url"]
        assert markup.count('class="md-button copy-button"') == (7 if url else 5)
        reuse = html.unescape(region(markup, '<code id="reuse-snippet">', "</code>"))
        assert f"SPDX-License-Identifier: {reference}\n" in reuse and f"LICENSES/{reference}.txt" in reuse
        if url:
            assert f"license_link: {url}\n" in html.unescape(card)  # absolute, the permanent address
            link = html.unescape(region(markup, '<code id="link-snippet">', "</code>").split(">", 1)[1])
            assert link == f'<a rel="license" href="{url}">{document.title} ({document.variant_id})</a>'
            badge = html.unescape(region(markup, '<code id="badge-snippet">', "</code>").split(">", 1)[1])
            site_url = yaml.safe_load((REPO / "variants.yaml").read_text(encoding="utf-8"))["addresses"]["site_url"]
            assert badge == f"[![{document.variant_id}]({site_url}downloads/{document.variant_id}/badge.svg)]({url})"
            assert f'<link rel="canonical" href="{html.escape(url)}">' in markup  # the page is that address


def test_the_compare_page_shows_every_answer(built: BuiltSite, documents: tuple[Document, ...], family: Family) -> None:
    markup = (built.site / "compare.html").read_text(encoding="utf-8")
    for document in documents:
        assert document.sheet is not None
        cells = re.findall(rf'<td data-variant="{re.escape(document.variant_id)}" class="answer ([\w ]+)"', markup)
        answers = [expected_cell(family, document, e.id)[0] for g in document.sheet.groups for e in g.entries]
        assert cells[: len(answers)] == answers
        codes = " ".join(code for code, _ in document.options)
        assert f'data-variant="{document.variant_id}" data-options="{codes}"' in markup
    assert '<form class="compare-filter" hidden>' in markup  # shown by the script; the table works without it


def test_the_remixing_page_explains_every_verdict(built: BuiltSite, family: Family) -> None:
    markup = (built.site / "remixing.html").read_text(encoding="utf-8")
    page = read_page(built.site, "remixing.html")
    # From the committed compat.json: A+B and B+A are said once, under the earlier row, when
    # their verdict, result and options are the same; a pair whose two orders differ keeps both.
    data = json.loads((built.artifacts / "compat.json").read_text(encoding="utf-8"))
    order = {v: i for i, v in enumerate(data["variants"])}
    pairs = {(p["first"], p["second"]): p for p in data["pairs"]}

    def anchor(first: str, second: str) -> str:
        return f"verdict-{first}--{second}".lower().replace(".", "-")

    def said(first: str, second: str) -> str:
        mine, mirror = pairs[(first, second)], pairs[(second, first)]
        same = all(mine[k] == mirror[k] for k in ("verdict", "result", "options"))
        return anchor(second, first) if same and order[second] < order[first] else anchor(first, second)

    listed = re.findall(r'<li id="(verdict-[^"]+)"', markup)
    assert sorted(listed) == sorted({said(a, b) for a, b in pairs}), "each verdict said once"
    assert len(listed) < len(pairs) or not any(said(a, b) != anchor(a, b) for a, b in pairs)
    for verdict in matrix(family):
        target = said(verdict.first, verdict.second)
        assert target in page.ids
        cells = re.findall(rf'href="#{target}" data-explanation="([^"]*)"', markup)
        assert verdict.explanation in [html.unescape(c) for c in cells]  # the cell links to its verdict
    text = plain(markup)
    assert "Separable combinations" in text and "Inseparable remixes" in text


def test_the_search_index_finds_each_clause_once(built: BuiltSite, documents: tuple[Document, ...]) -> None:
    """The tables are not indexed, the license text is indexed on the clauses page only, and the
    variant pages are boosted, with their identifier and name as tags."""
    index = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    by_page: dict[str, list[dict[str, Any]]] = {}
    for entry in index:
        by_page.setdefault(str(entry["location"]).split("#")[0], []).append(entry)
    compare = " ".join(str(e["text"]) for e in by_page["compare.html"])
    first = documents[0]
    assert first.sheet is not None
    reads = first.sheet.groups[0].entries[0].reads
    assert reads not in compare  # no cell of the table
    remix = " ".join(str(e["text"]) for e in by_page["remixing.html"])
    assert "incompatible</" not in remix and "unshareable</" not in remix  # no cell of the matrix
    for document in documents:
        entries = by_page[f"licenses/{document.variant_id}.html"]
        assert all(e.get("boost", 1) > 1 for e in entries)
        assert all(document.variant_id in e.get("tags", []) for e in entries)
        text = " ".join(str(e["text"]) for e in entries)
        for _section, clause in document.clauses():
            for paragraph in list(block_paragraphs(clause.blocks))[:1]:
                words = " ".join(paragraph.text.split())
                if len(words) > 60:
                    assert words[:60] not in " ".join(text.split()), (document.variant_id, clause.id)

    def words_of(entry: dict[str, Any]) -> str:
        return " ".join(re.sub(r"<[^>]+>", "", str(entry["text"])).split())

    clauses = " ".join(words_of(e) for e in by_page["clauses.html"])
    for document in documents:
        for _section, clause in document.clauses():
            for paragraph in list(block_paragraphs(clause.blocks))[:1]:
                words = html.escape(" ".join(paragraph.text.split()), quote=False)
                assert words in clauses, (document.variant_id, clause.id)
    # a clause every variant holds word for word is indexed once, naming every variant
    common = [
        c
        for _s, c in documents[0].clauses()
        if all(any(o.id == c.id and o.blocks == c.blocks for _t, o in d.clauses()) for d in documents) and c.blocks
    ]
    assert common, "no clause is common to every variant"
    first_words = html.escape(" ".join(next(block_paragraphs(common[0].blocks)).text.split()), quote=False)
    holding = [e for e in by_page["clauses.html"] if first_words in words_of(e)]
    assert len(holding) == 1
    assert all(d.variant_id in str(holding[0]["text"]) for d in documents)


def test_the_chooser_has_a_table_for_readers_without_javascript(built: BuiltSite, family: Family) -> None:
    markup = (built.site / "choose.html").read_text(encoding="utf-8")
    table = region(markup, '<table class="chooser-table">', "</table>")
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th>((?:<td>\w+</td>)+)</tr>', table)
    assert [name for _, name, _ in rows] == [v.id for v in family.variants]
    answers = {name: re.findall(r"<td>(\w+)</td>", cells) for _, name, cells in rows}
    questions = load_questions(REPO / "site", family, "site")
    for variant in family.variants:  # a "yes" asks for the option, or for its absence, as the question says
        assert answers[variant.id] == ["Yes" if q.answer(variant) else "No" for q in questions]
    assert any("Yes" in a and "No" in a for a in answers.values())
    assert len({tuple(a) for a in answers.values()}) == len(rows)  # every license has its own answers
    data = json.loads(
        region(markup, '<script type="application/json" id="chooser-data">', "</script>").split(">", 1)[1]
    )
    assert [q["option"] for q in data["questions"]] == [q.option for q in questions]  # as site/chooser.yml asks
    assert {v["id"]: v["href"] for v in data["variants"]} == {v.id: f"licenses/{v.id}.html" for v in family.variants}
    # What each license's notice names, for the result's notice: as its license.json says.
    for variant in data["variants"]:
        metadata = json.loads((built.artifacts / variant["id"] / "license.json").read_text(encoding="utf-8"))
        expected = {
            "title": metadata["title"],
            "version": metadata["version"],
            "id": metadata["identifier"],
            "spdx": metadata["spdx"]["expression"],
        }
        assert variant["notice"] == expected | ({"url": metadata["url"]} if metadata["url"] else {})
    pattern = region(markup, '<template id="chooser-notice">', "</template>")
    assert '<form class="notice-form" hidden>' in pattern
    slots = re.findall(r'data-slot="(\w+)"', pattern)
    assert sorted(slots) == sorted(expected | {"url": ""})  # every fact has its place in the sentence


def test_the_versions_page_lists_the_release(built: BuiltSite, family: Family) -> None:
    text = plain((built.site / "versions" / "index.html").read_text(encoding="utf-8"))
    assert f"Version {family.version} (current)" in text
    released = [entry["version"] for entry in yaml.safe_load((REPO / "versions.yaml").read_text())["versions"]]
    if released == [family.version]:
        assert "only released version so far" in text
    for version in (v for v in released if v != family.version):  # every earlier release, superseded
        assert f"Version {version}" in text and "superseded" in text
    for variant in family.variants:
        assert f"{variant.id}: {variant.title}" in text


def test_the_site_needs_nothing_from_elsewhere(built: BuiltSite) -> None:
    """No web font, script or style from another host: the site works offline."""
    problems = []
    for path in html_pages(built.site):
        for tag, url in read_page(built.site, path).links:
            if tag not in ("a", "canonical") and url.startswith(EXTERNAL[:2]):
                problems.append(f"{path}: <{tag}> loads {url}")
    for css in built.site.rglob("*.css"):
        if re.search(r"@import|fonts\.googleapis|url\(\s*['\"]?https?:", css.read_text(encoding="utf-8")):
            problems.append(f"{css.relative_to(built.site)} loads something remote")
    assert not problems


def test_the_sitemap_lists_every_page_with_a_date_from_the_sources(built: BuiltSite) -> None:
    site_url = yaml.safe_load((REPO / "variants.yaml").read_text(encoding="utf-8"))["addresses"]["site_url"]
    sitemap = (built.site / "sitemap.xml").read_bytes()
    listed = re.findall(r"<loc>([^<]*)</loc>", sitemap.decode("utf-8"))
    pages = [path for path in html_pages(built.site) if not path.endswith("404.html")]  # every language's
    assert len(pages) > len(PAGES) and sorted(listed) == sorted(site_url + path for path in pages)
    for path in pages:  # and every page names its own address as canonical
        assert ("canonical", site_url + path) in read_page(built.site, path).links, path
    epoch = source_date_epoch(REPO)
    assert epoch is not None, "the corpus is in git"
    day = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap.decode("utf-8"))) == {day}
    packed = (built.site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == sitemap
    assert packed[3] & 0x08 == 0, "the .gz names no file (mkdocs wrote its temporary path)"
    assert int.from_bytes(packed[4:8], "little") == epoch


# --- links and downloads ----------------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(built: BuiltSite) -> None:
    pages = {path: read_page(built.site, path) for path in html_pages(built.site)}
    problems = []
    for path, page in pages.items():
        duplicates = sorted({i for i in page.ids if page.ids.count(i) > 1})
        if duplicates:
            problems.append(f"{path}: ids used twice: {duplicates}")
        for tag, url in page.links:
            if not url or url.startswith(EXTERNAL):
                continue
            target, _, anchor = url.partition("#")
            target = target.split("?", 1)[0]
            base = "" if target.startswith("/") else posixpath.dirname(path)  # the 404 page links from the root
            resolved = posixpath.normpath(posixpath.join(base, target.lstrip("/"))) if target else path
            if target.endswith("/") or resolved == ".":
                resolved = posixpath.join(resolved, "index.html")
            if resolved.startswith("../") or not (built.site / resolved).is_file():
                problems.append(f"{path}: <{tag}> {url} -> {resolved} does not exist")
                continue
            if anchor and resolved.endswith(".html"):
                target_page = pages.get(resolved) or read_page(built.site, resolved)
                if anchor not in target_page.ids:
                    problems.append(f"{path}: <{tag}> {url}: no id {anchor!r} in {resolved}")
    assert not problems, "\n".join(problems[:20])


def test_every_download_exists_and_matches_its_sha256(built: BuiltSite, documents: tuple[Document, ...]) -> None:
    index = json.loads((built.artifacts / "index.json").read_text(encoding="utf-8"))
    typeset = json.loads((built.artifacts / "typeset.json").read_text(encoding="utf-8"))
    recorded = {
        entry["path"]: entry["sha256"] for variant in index["variants"] for entry in variant["artifacts"].values()
    }
    recorded.update({path: entry["sha256"] for path, entry in typeset["artifacts"].items()})
    row = re.compile(
        r'<td class="nowrap"><a href="\.\./downloads/([^"]+)" download>[^<]+</a></td>'
        r'<td class="nowrap">[^<]+</td><td><code class="sha256">([0-9a-f]{64})</code></td>'
    )
    for document in documents:
        markup = (built.site / "licenses" / f"{document.variant_id}.html").read_text(encoding="utf-8")
        listed = dict(row.findall(markup))
        names = {path.split("/", 1)[1] for path in listed}
        assert {"license.txt", "license.md", "license.pdf", "license.json"} <= names
        for path, shown in listed.items():
            data = (built.site / "downloads" / path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == shown == recorded[path], path


def test_the_committed_artifacts_are_the_ones_published(built: BuiltSite) -> None:
    """The site's own build of the corpus gives the bytes that build/ commits."""
    index = json.loads((REPO / "build" / "index.json").read_text(encoding="utf-8"))
    for variant in index["variants"]:
        for entry in variant["artifacts"].values():
            published = built.site / "downloads" / entry["path"]
            assert hashlib.sha256(published.read_bytes()).hexdigest() == entry["sha256"], entry["path"]


# --- the command ------------------------------------------------------------------------------


def site_sources(tmp_path: Path) -> Path:
    """A copy of the corpus and of site/, to break."""
    root = copy_sources(REPO, tmp_path / "corpus")
    shutil.copytree(REPO / "site", root / "site")
    return root


@pytest.fixture
def artifacts(built: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the session's artifacts, up to date for a copy of the corpus: its build does nothing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(source_date_epoch(REPO)))
    return Path(shutil.copytree(built.artifacts, tmp_path / "artifacts"))


def test_a_folder_that_no_site_build_made_is_never_replaced(mgl: RunCli, tmp_path: Path, artifacts: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = mgl("site", "--root", REPO, "--out", out, "--artifacts", artifacts)
    assert result.code == 2
    assert "refusing to replace a folder that no `mgl site` built" in result.err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_site_build_replaces_the_previous_one(mgl: RunCli, tmp_path: Path, artifacts: Path) -> None:
    out = tmp_path / "site"
    assert mgl("site", "--root", REPO, "--out", out, "--artifacts", artifacts).code == 0
    (out / "stale.html").write_text("old", encoding="utf-8")
    result = mgl("site", "--root", REPO, "--out", out, "--artifacts", artifacts)
    assert result.code == 0
    assert "pages" in result.out and "downloads" in result.out
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["artifacts", "site"]  # nothing left beside it


def test_a_broken_chooser_is_reported_with_file_and_line(mgl: RunCli, tmp_path: Path) -> None:
    root = site_sources(tmp_path)
    chooser = root / "site" / "chooser.yml"
    chooser.write_text(chooser.read_text(encoding="utf-8").replace("option: RAI", "option: RIA"), encoding="utf-8")
    result = mgl("site", "--root", root, "--out", tmp_path / "out", "--artifacts", tmp_path / "artifacts")
    assert result.code == 2
    assert re.search(r"site/chooser\.yml:\d+: error: unknown option 'RIA'", result.err)
    assert not (tmp_path / "out").exists() and not (tmp_path / "artifacts").exists()  # checked before building


def test_a_broken_template_is_reported_before_building(mgl: RunCli, tmp_path: Path) -> None:
    root = site_sources(tmp_path)
    broken = "# Compare\n\nEvery license: {{ family.name }}, then {% for x in %}{% endfor %}\n"
    (root / "site" / "templates" / "compare.md").write_text(broken, encoding="utf-8")
    result = mgl("site", "--root", root, "--out", tmp_path / "out", "--artifacts", tmp_path / "artifacts")
    assert result.code == 2
    column = broken.split("\n")[2].index("{% for") + 1
    assert f"site/templates/compare.md:3:{column}: error:" in result.err, result.err
    assert not (tmp_path / "artifacts").exists()


def test_a_broken_clause_is_reported_and_nothing_is_written(mgl: RunCli, tmp_path: Path) -> None:
    root = site_sources(tmp_path)
    clause = next((root / "clauses").rglob("*.md"))
    clause.write_text(clause.read_text(encoding="utf-8") + "\n{{ ref('no-such-clause') }}\n", encoding="utf-8")
    result = mgl("site", "--root", root, "--out", tmp_path / "out", "--artifacts", tmp_path / "artifacts")
    assert result.code == 2
    assert "no-such-clause" in result.err
    assert not (tmp_path / "out").exists()


def test_a_broken_link_fails_the_strict_build(mgl: RunCli, tmp_path: Path, artifacts: Path) -> None:
    root = site_sources(tmp_path)
    faq = root / "site" / "docs" / "faq.md"
    faq.write_text(faq.read_text(encoding="utf-8") + "\nSee [nothing](missing.md).\n", encoding="utf-8")
    result = mgl("site", "--root", root, "--out", tmp_path / "out", "--artifacts", artifacts)
    assert result.code == 2
    assert "mkdocs:" in result.err and "missing.md" in result.err
    assert not (tmp_path / "out").exists()


def test_released_variants_show_their_lifecycle(built: BuiltSite) -> None:
    """Each variant versions.yaml retires shows its status and reason, a sentence apart from what follows."""
    releases = yaml.safe_load((REPO / "versions.yaml").read_text(encoding="utf-8"))["versions"]
    retired = [(variant_id, entry) for r in releases for variant_id, entry in (r.get("lifecycle") or {}).items()]
    if not retired:
        pytest.skip("no released variant is deprecated or superseded")
    for variant_id, entry in retired:
        page = (built.site / "licenses" / f"{variant_id}.html").read_text(encoding="utf-8")
        assert f"Status: {entry['status']}." in page
        reason = html.escape(entry["reason"], quote=False).replace("(", "&#40;").replace(")", "&#41;")
        assert re.search(re.escape(reason) + r"</span>\s+\w", page), variant_id
