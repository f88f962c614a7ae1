"""The bilingual site (test_site_languages.py's fixture language) in Debian's Chromium.

Same conventions as test_site_browser.py: Playwright drives the system's Chromium on a
local server, every other host fails to resolve, console errors and requests that leave
the site are problems, pages are closed after each test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from test_site_browser import SKIP, Browser, heading, served
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
