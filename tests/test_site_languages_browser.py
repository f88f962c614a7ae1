"""The bilingual site (test_site_languages.py's fixture language) in Debian's Chromium.

Same conventions as test_site_browser.py: Playwright drives the system's Chromium on a
local server, every other host fails to resolve, console errors and requests that leave
the site are problems, pages are closed after each test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from clausekit.site.chooser import load_questions
from conftest import REPO
from test_site_browser import (
    HOSTILE,
    MODEL,
    PHONE,
    PUBLISHER,
    SKIP,
    YEAR,
    Browser,
    answer_until_one_is_left,
    box,
    copied,
    fill_notice,
    heading,
    license_json,
    served,
)
from test_site_languages import LANG, Bilingual, bilingual_site

pytestmark = pytest.mark.skipif(SKIP, reason="CLAUSEKIT_SKIP_BROWSER=1: the browser tests were skipped on purpose")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Bilingual:
    return bilingual_site(tmp_path_factory)


@pytest.fixture(scope="module")
def browser(built: Bilingual, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with served(built.site, tmp_path_factory, "languages") as found:
        yield found


@pytest.fixture(autouse=True)
def fresh_pages(browser: Browser) -> Iterator[None]:
    yield
    for page in list(browser.context.pages):
        page.close()


def switch_to(page: Any, lang: str) -> None:
    """Open the header's language menu and pick `lang`, as a reader does."""
    page.locator(".clausekit-languages button").hover()
    page.locator(f'.clausekit-languages a[hreflang="{lang}"]').click()


def test_switching_language_on_a_variant_page_keeps_the_variant(browser: Browser, built: Bilingual) -> None:
    variant = next(v for v in built.family.variants if v.id in built.translated)
    page = browser.open(f"licenses/{variant.id}.html")
    assert heading(page) == variant.title
    switch_to(page, LANG)
    page.wait_for_url(f"**/{LANG}/licenses/{variant.id}.html")
    assert page.evaluate("document.documentElement.lang") == "zh"
    assert heading(page) == variant.title  # the fixture's zh-Hans documents are the English ones
    assert page.locator(f"code:text-is('{variant.id}')").first.is_visible()
    assert "模型说明表" in page.locator("h2#model-sheet").inner_text()
    browser.shot(page, "variant-zh-Hans")
    switch_to(page, "en")
    page.wait_for_url(f"**/licenses/{variant.id}.html")
    assert f"/{LANG}/" not in page.url
    assert not browser.problems


def test_the_switcher_says_when_a_variant_has_no_translation(browser: Browser, built: Bilingual) -> None:
    page = browser.open(f"licenses/{built.untranslated}.html")
    page.locator(".clausekit-languages button").hover()
    note = page.locator(".clausekit-languages .language-missing")
    assert note.is_visible() and "not translated yet" in note.inner_text()
    assert page.locator(f'.clausekit-languages a[hreflang="{LANG}"]').count() == 0
    assert not browser.problems


def test_search_in_chinese_finds_a_chinese_page(browser: Browser) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.open(f"{LANG}/index.html")
    search = page.locator("input.md-search__input")
    search.click()
    for attempt in range(4):  # typed key by key, retried while the worker loads its index (see test_site_browser)
        search.press("Control+A")
        search.press("Backspace")
        search.press_sequentially("撤销", delay=30)  # "revocation": a word jieba keeps whole
        search.press("End")  # Han characters are typed as text input, without the key events the theme listens to
        try:
            page.locator(".md-search-result__item").first.wait_for(timeout=15000)
            break
        except PlaywrightTimeout:
            assert attempt < 3, "the search never answered"
    assert "撤销" in page.locator(".md-search-result").inner_text()
    browser.shot(page, "search-zh-Hans")
    assert not browser.problems


def test_the_chooser_speaks_chinese(browser: Browser) -> None:
    page = browser.open(f"{LANG}/choose.html")
    result = page.locator(".chooser-result")
    assert "请回答上面的问题" in result.inner_text()
    assert not browser.problems


def chinese_notice(meta: dict[str, Any], model: str, publisher: str, year: str = "") -> str:
    """The zh-Hans notice, from the variant's license.json (the fixture's zh documents are the English ones)."""
    dated = f"于{year}年" if year else ""
    at = f"及{meta['url']}" if meta.get("url") else ""
    return (
        f"{model}由{publisher}{dated}依据{meta['title']}（{meta['version']}版，{meta['identifier']}，"
        f"SPDX：{meta['spdx']['expression']}）授权许可。许可证文本见LICENSE文件{at}。"
    )


def test_the_notice_form_speaks_chinese(browser: Browser, built: Bilingual) -> None:
    variant_id = built.translated[-1]
    meta = license_json(built.artifacts, variant_id)
    page = browser.open(f"{LANG}/licenses/{variant_id}.html")
    form, notice = page.locator(".notice-form"), page.locator("#notice-snippet")
    assert form.is_visible() and "模型名称" in form.inner_text() and "年份（可选）" in form.inner_text()
    assert notice.inner_text() == chinese_notice(meta, "[模型名称]", "[您的姓名或组织名称]")
    fill_notice(page, MODEL, PUBLISHER, YEAR)
    assert notice.inner_text() == chinese_notice(meta, MODEL, PUBLISHER, YEAR)
    button = page.locator('button[data-copy="notice-snippet"]')
    assert copied(page, button, "已复制") == chinese_notice(meta, MODEL, PUBLISHER, YEAR)
    notice.scroll_into_view_if_needed()
    browser.shot(page, "notice-form-zh-Hans")
    assert not browser.problems


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_the_choosers_notice_speaks_chinese(browser: Browser, built: Bilingual, viewport: Any) -> None:
    questions = load_questions(REPO / "site", built.family, "site")
    target = max(built.family.variants, key=lambda v: len(v.options))
    meta = license_json(built.artifacts, target.id)
    page = browser.open(f"{LANG}/choose.html", viewport)
    answer_until_one_is_left(page, questions, target)
    result = page.locator(".chooser-result")
    assert result.locator(".chooser-result-title").inner_text() == f"您的许可证：{target.id}"
    for part in (".chooser-result-title", "#chooser-notice-snippet"):
        shown = box(page, f".chooser-result {part}")
        assert shown["y"] >= 0 and shown["y"] + shown["height"] <= viewport["height"], f"{part} is out of view"
    fill_notice(result, MODEL, HOSTILE, YEAR)
    notice = page.locator("#chooser-notice-snippet")
    assert notice.inner_text() == chinese_notice(meta, MODEL, HOSTILE, YEAR)
    assert notice.locator("img").count() == 0
    name = "phone" if viewport is PHONE else "desktop"
    browser.shot(page, f"chooser-notice-zh-Hans-{name}")
    assert copied(page, result.locator("button.copy-button"), "已复制") == chinese_notice(meta, MODEL, HOSTILE, YEAR)
    assert not browser.problems
