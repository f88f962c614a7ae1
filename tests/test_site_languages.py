"""The site in two languages, built from the real corpus with a fixture second language.

The second language comes through the one seam (clausekit.site.languages.languages),
monkeypatched to return, besides the default, a `zh-Hans` language whose documents are
the English ones (no translation loading): all variants but one, which has no complete
translation, one variant marked stale, and a label changed. The site's own zh-Hans files
(templates, pages, chooser, mkdocs overlay, words) are the real ones. So these tests
check the machinery: every page in both languages, the switcher, the notices, the
downloads, the search index and nav per language.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import yaml

from clausekit.site import generate as site_generate
from clausekit.site.generate import MARKER, build_site
from clausekit.site.inputs import Artifact, SiteInputs
from clausekit.site.languages import Language, language_artifacts, languages, page_language, split_language
from clausekit.site.words import Words
from clausekit.sources.sitewords import SITE_WORDS
from clausekit.sources.types import Family
from conftest import REPO, RunCli
from test_site import html_pages

LANG = "zh-Hans"
GOVERNS = "本译本仅供参考（测试）。"  # the fixture translation's `governs:` and `stale:` texts
STALE = "部分条款依据较早的文本（测试）。"
CHANGED_LABEL = ("{name} ({code})", "{name}〔{code}〕")  # a label the fixture translation changes


@dataclass(frozen=True)
class Bilingual:
    site: Path
    artifacts: Path
    family: Family
    untranslated: str  # the variant with no complete translation
    stale: str  # the variant whose translation has stale clauses
    translated: tuple[str, ...]  # every variant id with a zh-Hans page


def fixture_languages(inputs: SiteInputs) -> tuple[Language, ...]:
    """The default language, then a controlled zh-Hans made of the English documents (in place of the corpus's own).

    So the tests know which variant is untranslated and which is stale, whatever the
    corpus's translation says today.
    """
    default = languages(inputs)[0]
    documents = default.documents
    return (
        default,
        Language(
            code=LANG,
            name="简体中文",
            default=False,
            family=default.family,
            documents=documents[1:],  # the first variant has no complete translation
            artifacts=default.artifacts,
            stale=frozenset({documents[-1].variant_id}),
            labels=dict([CHANGED_LABEL]),
            governs=GOVERNS,
            stale_notice=STALE,
        ),
    )


def build_bilingual(base: Path) -> Bilingual:
    found = Bilingual(base / "site", base / "artifacts", None, "", "", ())  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_generate, "languages", fixture_languages)
        if not (found.site / MARKER).exists():
            build_site(REPO, found.site, found.artifacts)
    from clausekit.pipeline import lint_root, require

    linted = require(lint_root(REPO))
    ids = [d.variant_id for d in linted.documents]
    return replace(found, family=linted.library.family, untranslated=ids[0], stale=ids[-1], translated=tuple(ids[1:]))


def bilingual_site(factory: pytest.TempPathFactory) -> Bilingual:
    """Built once per session (the browser tests share it)."""
    return build_bilingual(factory.getbasetemp() / "clausekit-bilingual")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Bilingual:
    return bilingual_site(tmp_path_factory)


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def visible(markup: str) -> str:
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def switcher(markup: str) -> list[dict[str, str]]:
    """The language switcher's entries: each a link (href, hreflang) or a note."""
    block = re.search(r'<div class="md-header__option clausekit-languages">(.*?)</ul>', markup, re.DOTALL)
    assert block, "no language switcher in the header"
    entries = []
    for item in re.findall(r'<li class="md-select__item">(.*?)</li>', block.group(1), re.DOTALL):
        link = re.search(r'<a href="([^"]+)" hreflang="([^"]+)"', item)
        if link:
            entries.append({"href": html.unescape(link.group(1)), "lang": link.group(2), "text": visible(item)})
        else:
            entries.append({"note": visible(item)})
    return entries


def english_pages(site: Path) -> list[str]:
    return [p for p in html_pages(site) if not p.startswith(f"{LANG}/")]


def chinese_pages(site: Path) -> list[str]:
    return [p.removeprefix(f"{LANG}/") for p in html_pages(site) if p.startswith(f"{LANG}/")]


# --- the seam's pure parts --------------------------------------------------------------------


def test_artifacts_are_split_by_language() -> None:
    def art(name: str) -> Artifact:
        return Artifact(name, Path(name), "0" * 64, 1)

    names = ["license.txt", "license.pdf", f"license.{LANG}.pdf", f"sheet.{LANG}.md", "sheet.md"]
    files = {"MG-X-1.0": {n: art(n) for n in names}}
    english = language_artifacts(files, "en", ("en", LANG))["MG-X-1.0"]
    chinese = language_artifacts(files, LANG, ("en", LANG))["MG-X-1.0"]
    assert sorted(english) == ["license.pdf", "license.txt", "sheet.md"]
    assert {generic: a.name for generic, a in chinese.items()} == {
        "license.pdf": f"license.{LANG}.pdf",
        "sheet.md": f"sheet.{LANG}.md",
    }
    assert split_language("license.fr.pdf", ("en", LANG), "en") == ("en", "license.fr.pdf")  # an undeclared tag


def test_page_languages_come_from_the_suffix() -> None:
    assert page_language(f"licenses/index.{LANG}.md") == (LANG, "licenses/index.md")
    assert page_language("versions/2.0-to-2.1.md") == (None, "versions/2.0-to-2.1.md")
    assert page_language("assets/site.min.js") == (None, "assets/site.min.js")


def test_the_site_words_of_zh_hans_are_complete() -> None:
    """site/labels.zh-Hans.yml says every site word, and says it in Chinese (or as a symbol)."""
    data = yaml.safe_load((REPO / "site" / f"labels.{LANG}.yml").read_text(encoding="utf-8"))
    assert set(data) == set(SITE_WORDS)
    words = Words(LANG, data)
    assert words.and_list(["甲", "乙", "丙"]) == "甲、乙和丙"
    english = [
        m for m, text in data.items() if re.search(r"[A-Za-z]{2,}", re.sub(r"\{[a-z_]+\}|Ctrl\+C|`[^`]+`", "", text))
    ]
    assert english == ["English"]  # the default language's own name, shown as it names itself


# --- pages in both languages ------------------------------------------------------------------


def test_every_page_exists_in_both_languages(built: Bilingual) -> None:
    english, chinese = set(english_pages(built.site)), set(chinese_pages(built.site))
    variant_pages = {f"licenses/{v}.html" for v in built.translated}
    untranslated = f"licenses/{built.untranslated}.html"
    earlier = {p for p in english if p.startswith("licenses/") and not p.endswith("index.html")} - variant_pages
    assert untranslated in english and untranslated not in chinese
    assert variant_pages <= chinese
    assert chinese == english - earlier  # earlier editions and the untranslated variant stay English only
    assert any(p.startswith("versions/") and "-to-" in p for p in chinese)  # the diff pages too
    assert '<html lang="zh"' in read(built.site, f"{LANG}/index.html")
    assert '<html lang="en"' in read(built.site, "index.html")


def test_the_zh_pages_come_from_the_zh_templates(built: Bilingual) -> None:
    """Every generated page in zh-Hans is rendered from its .zh-Hans.md template: its h1 is the Chinese one."""
    headings = {
        "choose.html": "如何选择",
        "compare.html": None,
        "remixing.html": "模型混合",
        "versions/index.html": "版本",
        "licenses/index.html": "许可证",
        "faq.html": None,
        "about.html": None,
    }
    for path, heading in headings.items():
        page = read(built.site, f"{LANG}/{path}")
        h1 = visible(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL).group(1))  # type: ignore[union-attr]
        assert re.search(r"[\u4e00-\u9fff]", h1), f"{path}: {h1}"
        if heading:
            assert h1.startswith(heading), f"{path}: {h1}"
    page = read(built.site, f"{LANG}/licenses/{built.translated[0]}.html")
    assert "模型说明表" in page and "许可证文本" in page


def test_the_nav_and_site_name_are_per_language(built: Bilingual) -> None:
    overlay = yaml.safe_load((REPO / "site" / f"mkdocs.{LANG}.yml").read_text(encoding="utf-8"))
    base = yaml.safe_load((REPO / "site" / "mkdocs.yml").read_text(encoding="utf-8"))
    version = built.family.version
    for path, config in ((f"{LANG}/index.html", overlay), ("index.html", base)):
        page = read(built.site, path)
        name = config["site_name"].replace("{version}", version).replace("{family}", built.family.name)
        assert "<title>" in page and name in visible(re.search(r"<header.*?</header>", page, re.DOTALL).group(0))  # type: ignore[union-attr]
        primary = page.index('<nav class="md-nav md-nav--primary"')
        nav = visible(page[primary : page.index('<div class="md-sidebar md-sidebar--secondary"', primary)])
        for entry in config["nav"]:
            (title,) = entry
            assert title in nav, f"{path}: nav lacks {title!r}"


def test_the_switcher_lands_on_the_same_page_in_the_other_language(built: Bilingual) -> None:
    chinese = set(chinese_pages(built.site))
    problems = []
    for path in english_pages(built.site):
        if path == "404.html":
            continue
        entries = switcher(read(built.site, path))
        links = {e["lang"]: e["href"] for e in entries if "href" in e}
        assert links.get("en") == posixpath.basename(path), path  # the page itself
        if path in chinese:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), links.get(LANG, "?")))
            if target != f"{LANG}/{path}":
                problems.append(f"{path}: zh-Hans link goes to {target}")
        elif LANG in links or not any("简体中文" in e.get("note", "") for e in entries):
            problems.append(f"{path}: has no zh-Hans page, but the switcher does not say so: {entries}")
    for path in chinese:
        if path == "404.html":
            continue
        links = {e["lang"]: e["href"] for e in switcher(read(built.site, f"{LANG}/{path}")) if "href" in e}
        target = posixpath.normpath(posixpath.join(LANG, posixpath.dirname(path), links.get("en", "?")))
        if target != path:
            problems.append(f"{LANG}/{path}: English link goes to {target}")
    assert not problems, "\n".join(problems[:10])
    note = [e for e in switcher(read(built.site, f"licenses/{built.untranslated}.html")) if "note" in e]
    assert note == [{"note": "简体中文: not translated yet"}]


def test_translated_variant_pages_carry_governs_and_stale_notices(built: Bilingual) -> None:
    for variant_id in built.translated:
        page = visible(read(built.site, f"{LANG}/licenses/{variant_id}.html"))
        assert GOVERNS in page, variant_id
        assert (STALE in page) == (variant_id == built.stale), variant_id
    for variant_id in (*built.translated, built.untranslated):
        english = visible(read(built.site, f"licenses/{variant_id}.html"))
        assert GOVERNS not in english and STALE not in english


def test_words_come_from_the_language(built: Bilingual) -> None:
    """A label the translation changes shows on its pages; site.js gets the language's words."""
    variant = next(v for v in built.family.variants if v.id in built.translated and v.options)
    option = next(o for o in built.family.options if o.code == variant.options[0])
    page = visible(read(built.site, f"{LANG}/licenses/{variant.id}.html"))
    assert f"{option.name}〔{option.code}〕" in page
    assert f"{option.name} ({option.code})" in visible(read(built.site, f"licenses/{variant.id}.html"))
    script = read(built.site, f"{LANG}/assets/clausekit-words.js")
    words = json.loads(script.removeprefix("window.clausekitWords = ").rstrip().rstrip(";"))
    mine = yaml.safe_load((REPO / "site" / f"labels.{LANG}.yml").read_text(encoding="utf-8"))
    assert words["Copied"] == mine["Copied"] and words[CHANGED_LABEL[0]] == CHANGED_LABEL[1]
    english = read(built.site, "assets/clausekit-words.js")
    assert '"Copied": "Copied"' in english


def test_zh_downloads_point_at_that_languages_artifacts(built: Bilingual) -> None:
    """The fixture's zh-Hans artifacts are the English files, so the links must reach the one published copy."""
    variant_id = built.translated[0]
    page = read(built.site, f"{LANG}/licenses/{variant_id}.html")
    table = re.search(r'<table class="downloads">(.*?)</table>', page, re.DOTALL).group(1)  # type: ignore[union-attr]
    hrefs = re.findall(r'href="([^"]+)" download', table)
    assert hrefs
    for href in hrefs:
        target = posixpath.normpath(posixpath.join(f"{LANG}/licenses", html.unescape(href)))
        assert target.startswith(f"downloads/{variant_id}/") and (built.site / target).is_file(), href
    assert not (built.site / LANG / "downloads").exists()  # published once, at the root


def test_search_is_per_language_and_segments_chinese(built: Bilingual) -> None:
    english = json.loads(read(built.site, "search/search_index.json"))
    chinese = json.loads(read(built.site, f"{LANG}/search/search_index.json"))
    assert "\\u200b" in chinese["config"]["separator"]  # jieba's segments are split on zero-width spaces
    assert all(not d["location"].startswith(LANG) for d in english["docs"])
    text = " ".join(d["text"] for d in chinese["docs"])
    assert "\u200b许可证\u200b" in text  # a Chinese word, segmented
    assert "许可证" not in " ".join(d["text"] for d in english["docs"])


def test_two_builds_are_byte_identical(built: Bilingual, tmp_path: Path) -> None:
    again = build_bilingual(tmp_path)
    files = sorted(p.relative_to(built.site).as_posix() for p in built.site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again.site).as_posix() for p in again.site.rglob("*") if p.is_file())
    differ = [f for f in files if (built.site / f).read_bytes() != (again.site / f).read_bytes()]
    assert not differ, differ[:10]


# --- no English prose on a zh-Hans page -------------------------------------------------------


ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z']*(?:[\s,;:()\-]+[A-Za-z][a-z']*){2,}")
SKIPPED = ("script", "style", "code", "pre", "kbd", "samp", "svg")


def english_runs(markup: str) -> list[str]:
    """Runs of three or more English words in the visible text, outside code, identifiers and
    anything marked `lang="en"` (the English-governs notice, release notes kept in English)."""
    body = re.search(r"<body\b.*", markup, re.DOTALL)
    markup = body.group(0) if body else markup
    for tag in SKIPPED:
        markup = re.sub(rf"<{tag}\b.*?</{tag}>", " ", markup, flags=re.DOTALL)
    markup = _drop_lang_en(markup)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    text = re.sub(r"\b[A-Z0-9][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)+\b", " ", text)  # identifiers: MG-BY-NC-2.1
    return [m.group(0) for m in ENGLISH_RUN.finditer(text)]


def _drop_lang_en(markup: str) -> str:
    """Remove every element with lang="en" (nesting of the same tag counted)."""
    while True:
        start = re.search(r'<([a-z][a-z0-9]*)\b[^>]*\blang="en"[^>]*>', markup)
        if not start:
            return markup
        tag, depth, at = start.group(1), 1, start.end()
        for token in re.finditer(rf"<(/?){tag}\b[^>]*>", markup[at:]):
            depth += -1 if token.group(1) else 1
            if depth == 0:
                markup = markup[: start.start()] + " " + markup[at + token.end() :]
                break
        else:
            return markup[: start.start()]


def test_the_english_prose_check_finds_english_and_spares_identifiers() -> None:
    assert english_runs("<body><p>本许可证 MG-BY-NC-2.1 与 <code>sha256sum FILE here</code>。</p></body>") == []
    assert english_runs('<body><div lang="en"><p>The English text governs this.</p></div>。</body>') == []
    assert english_runs("<body><p>模型 shared under the license</p></body>") == ["shared under the license"]
    assert english_runs("<body><p>署名（BY）、非商业性（NC）</p></body>") == []


def test_no_english_prose_on_the_hand_written_zh_pages(built: Bilingual) -> None:
    """The zh-Hans pages whose words are all the site's own (not the fixture's English documents)."""
    problems = {}
    for path in ("index.html", "about.html", "faq.html"):
        found = english_runs(read(built.site, f"{LANG}/{path}"))
        if found:
            problems[path] = found[:5]
    assert not problems, problems


def test_no_english_prose_on_any_zh_page_of_the_corpus(tmp_path_factory: pytest.TempPathFactory) -> None:
    """With the real translations (once the corpus declares zh-Hans): every zh-Hans page, every word."""
    from clausekit.pipeline import lint_root, require

    family = require(lint_root(REPO)).library.family
    if LANG not in getattr(family, "languages", ()):
        pytest.skip(f"the corpus declares no {LANG} yet (variants.yaml `languages:`)")
    from test_site import built_site

    site = built_site(tmp_path_factory).site
    problems = {p: english_runs(read(site, f"{LANG}/{p}"))[:3] for p in chinese_pages(site)}
    assert not {p: r for p, r in problems.items() if r}


# --- bad input: a language that lacks a page or a word ------------------------------------------


@pytest.fixture
def broken_site(built: Bilingual, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the corpus and site/ with the fixture language, its artifacts up to date (the build does nothing)."""
    from clausekit.output.build import source_date_epoch
    from test_site import site_sources

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(source_date_epoch(REPO)))
    monkeypatch.setattr(site_generate, "languages", fixture_languages)
    shutil.copytree(built.artifacts, tmp_path / "artifacts")
    return site_sources(tmp_path)


def test_a_page_without_its_translation_is_reported(broken_site: Path, mgl: RunCli, tmp_path: Path) -> None:
    (broken_site / "site" / "docs" / f"faq.{LANG}.md").unlink()
    result = mgl("site", "--root", broken_site, "--out", tmp_path / "out", "--artifacts", tmp_path / "artifacts")
    assert result.code == 2
    assert f"site/docs/faq.md: error: the page has no {LANG} translation" in result.err
    assert f"create site/docs/faq.{LANG}.md" in result.err
    assert not (tmp_path / "out").exists()


def test_a_missing_site_word_is_reported(broken_site: Path, mgl: RunCli, tmp_path: Path) -> None:
    words = broken_site / "site" / f"labels.{LANG}.yml"
    lines = words.read_text(encoding="utf-8").splitlines(keepends=True)
    words.write_text("".join(line for line in lines if not line.startswith("Copied:")), encoding="utf-8")
    result = mgl("site", "--root", broken_site, "--out", tmp_path / "out", "--artifacts", tmp_path / "artifacts")
    assert result.code == 2
    assert f"site/labels.{LANG}.yml:1: error: the {LANG} site lacks the words 'Copied'" in result.err
    assert not (tmp_path / "out").exists()
