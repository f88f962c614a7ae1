"""The built site in a real browser: Debian's Chromium, driven by Playwright, on a local server.

Chromium must be installed (`apt-get install chromium`; `nox -s tests` does it when it
can). Without it these tests fail, so CI cannot pass without running them; set
CLAUSEKIT_SKIP_BROWSER=1 to skip them on purpose. Playwright's own browser download is
never used. Screenshots go to the test's temporary folder, and also to the folder
named by CLAUSEKIT_SITE_SHOTS when it is set.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from clausekit.document.compat import COMPATIBLE, INCOMPATIBLE, Verdict, matrix
from clausekit.site.chooser import load_questions
from clausekit.sources.types import Family
from conftest import REPO, variant_where
from test_site import BuiltSite, built_site

SKIP = os.environ.get("CLAUSEKIT_SKIP_BROWSER") == "1"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Offline by construction: every host name but the test server's fails to resolve. (Playwright's
    # request interception would check this too, but in Chromium it can stall a web worker's fetch,
    # such as the search index the search worker loads; see microsoft/playwright#27376.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
TIMEOUT_MS = 15_000
PHONE: Any = {"width": 390, "height": 844}  # playwright's ViewportSize
DESKTOP: Any = {"width": 1280, "height": 900}

pytestmark = pytest.mark.skipif(SKIP, reason="CLAUSEKIT_SKIP_BROWSER=1: the browser tests were skipped on purpose")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Browser:
    base: str
    context: Any  # playwright BrowserContext
    shots: Path
    problems: list[str] = field(default_factory=list)  # console errors, page errors, requests that left the site

    def open(self, path: str, viewport: Any = DESKTOP) -> Any:
        page = self.context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.set_viewport_size(viewport)

        def console(message: Any) -> None:
            if message.type == "error":
                self.problems.append(f"{path}: console: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.problems.append(f"{path}: page error: {error}"))
        page.goto(f"{self.base}/{path}")
        page.wait_for_load_state("load")
        return page

    def shot(self, page: Any, name: str, full_page: bool = False) -> Path:
        file = self.shots / f"{name}.png"
        page.screenshot(path=str(file), full_page=full_page)
        if os.environ.get("CLAUSEKIT_SITE_SHOTS"):
            target = Path(os.environ["CLAUSEKIT_SITE_SHOTS"])
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target / file.name)
        return file


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built_site(tmp_path_factory)


@contextlib.contextmanager
def served(site: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Browser]:
    """The built site on a local server, and Chromium (offline, with its own profile) to read it.

    Every request to another host is recorded as a problem: the site must work offline.
    """
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install -y chromium), "
            "or set CLAUSEKIT_SKIP_BROWSER=1 to skip the browser tests on purpose"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: pip install playwright (never `playwright install`)")
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    profile = tmp_path_factory.mktemp(f"chromium-profile-{name}")
    shots = tmp_path_factory.mktemp(f"screenshots-{name}")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, args=ARGS, headless=True, viewport=DESKTOP
            )
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
            found = Browser(base, context, shots)

            def only_local(request: Any) -> None:
                if urlsplit(request.url).hostname != "127.0.0.1" and not request.url.startswith(("data:", "blob:")):
                    found.problems.append(f"request to {request.url}")

            context.on("request", only_local)
            try:
                yield found
            finally:
                context.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser(built: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with served(built.site, tmp_path_factory, "site") as found:
        yield found


@pytest.fixture(autouse=True)
def fresh_pages(browser: Browser) -> Iterator[None]:
    """Close every page a test opened, so pages (each with its own search worker) do not pile up
    in the one browser the module shares."""
    yield
    for page in list(browser.context.pages):
        page.close()


def heading(page: Any) -> str:
    """The page's h1 without its permalink mark."""
    return str(page.locator("h1").inner_text()).rstrip("¶").strip()


def test_the_home_page_loads(browser: Browser, family: Family) -> None:
    page = browser.open("index.html")
    assert page.title().startswith("Licenses for machine-learning models")
    assert f"{family.name} licenses {family.version}" in page.locator(".md-header__topic").first.inner_text()
    for option in family.options:
        assert page.get_by_text(f"{option.name} ({option.code})").first.is_visible()
    browser.shot(page, "home-desktop")
    phone = browser.open("index.html", PHONE)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    browser.shot(phone, "home-phone", full_page=True)
    assert not browser.problems


@pytest.mark.parametrize("path", ["choose.html", "compare.html", "remixing.html", "licenses/index.html", "faq.html"])
def test_pages_fit_a_phone_screen(browser: Browser, path: str) -> None:
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    page = browser.open(path, PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not browser.problems


def test_a_variant_page_shows_its_text_and_sheet_and_copies(browser: Browser, built: BuiltSite, family: Family) -> None:
    # The Output clause (2.4, a stable anchor) of a variant with NC but without ND limits Output to NonCommercial use.
    variant = variant_where(family, lambda v: v.has("NC") and not v.has("ND"), "NC and without ND")
    page = browser.open(f"licenses/{variant.id}.html")
    assert heading(page) == variant.title
    sheet = page.locator("table.model-sheet")
    assert sheet.is_visible()
    assert "Commercial use" in sheet.inner_text()
    assert page.locator("#section-2-4").is_visible()  # the Output clause, by its stable anchor
    shown = " ".join(page.locator("#section-2-4").locator("..").inner_text().split())
    output = (built.artifacts / variant.id / "license.txt").read_text(encoding="utf-8").split("2.4 Output", 1)[1]
    assert " ".join(output.split("\n\n")[1].split()) in shown  # the clause's first paragraph, as the text has it
    assert "NonCommercial" in shown
    browser.shot(page, "variant-desktop")

    notice = page.locator("#notice-snippet")
    page.locator('button[data-copy="notice-snippet"]').click()
    page.wait_for_function("document.querySelector('button[data-copy=notice-snippet]').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == notice.inner_text()
    page.locator('button[data-copy-json="license-text-data"]').click()
    page.wait_for_function(
        "document.querySelector('button[data-copy-json=license-text-data]').textContent === 'Copied'"
    )
    license_text = (built.site / "downloads" / variant.id / "license.txt").read_text(encoding="utf-8")
    assert page.evaluate("navigator.clipboard.readText()") == license_text

    page.locator('a[href="#section-2-3"]').first.click()  # a reference in the text jumps to its clause
    assert page.url.endswith("#section-2-3")
    phone = browser.open(f"licenses/{variant.id}.html", PHONE)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    browser.shot(phone, "variant-phone")
    assert not browser.problems


def test_the_compare_filter_hides_the_other_variants(browser: Browser, family: Family) -> None:
    everything = [v.id for v in family.variants]
    commercial = [v.id for v in family.variants if not v.has("NC")]
    nc = variant_where(family, lambda v: v.has("NC"), "the NC option")
    # Then another option that narrows the commercial variants further, but not to none.
    second, narrowed = next(
        (o.code, kept)
        for o in family.options
        if 0 < len(kept := [v.id for v in family.variants if not v.has("NC") and v.has(o.code)]) < len(commercial)
    )
    page = browser.open("compare.html")
    heads = page.locator("table.compare-table thead th[data-variant]")
    assert heads.count() == len(everything)
    page.locator('select[data-option="NC"]').select_option("without")  # commercial use allowed
    visible = [h.get_attribute("data-variant") for h in heads.all() if h.is_visible()]
    assert visible == commercial
    assert page.locator(f'td[data-variant="{nc.id}"]').first.is_hidden()
    assert page.locator(".compare-count").inner_text() == f"Showing {len(commercial)} of {len(everything)} licenses."
    page.locator(f'select[data-option="{second}"]').select_option("with")
    visible = [h.get_attribute("data-variant") for h in heads.all() if h.is_visible()]
    assert visible == narrowed
    browser.shot(page, "compare-filtered")
    page.get_by_role("button", name="Show all").click()
    page.wait_for_function(
        f"document.querySelector('.compare-count').textContent === 'Showing all {len(everything)} licenses.'"
    )
    assert not browser.problems


def test_the_chooser_lands_on_the_expected_variant(browser: Browser, family: Family) -> None:
    questions = load_questions(REPO / "site", family, "site")
    # The variant with the most options, reached by answering every question but those about
    # options its other options imply: the chooser decides those by itself.
    target = max(family.variants, key=lambda v: len(v.options))
    implied = {code for o in family.options if target.has(o.code) for code in o.implies}
    decided = [q for q in questions if q.option in implied]
    assert decided, "the test needs a variant whose options imply another"
    page = browser.open("choose.html")
    for question in questions:
        if question not in decided:
            answer = "yes" if question.answer(target) else "no"
            page.locator(f'input[name="answer-{question.option}"][value="{answer}"]').check()
    result = page.locator(".chooser-result")
    assert f"Your license: {target.id}" in result.inner_text()
    for question in decided:
        shown = page.locator(f'fieldset[data-option="{question.option}"] .chooser-decided')
        assert shown.is_visible() and shown.inner_text().endswith("yes." if question.answer(target) else "no.")
    browser.shot(page, "chooser-answered", full_page=True)
    result.get_by_role("link", name=target.id).click()
    page.wait_for_url(f"**/licenses/{target.id}.html")
    assert heading(page) == target.title

    if not family.rules:
        return
    rule = family.rules[-1]  # ask for every option a rule forbids together
    page = browser.open("choose.html")
    for question in questions:
        if question.option in rule.never:
            answer = "yes" if question.if_yes == "with" else "no"
            page.locator(f'input[name="answer-{question.option}"][value="{answer}"]').check()
    assert "No license fits all of these answers." in page.locator(".chooser-result").inner_text()
    because = " ".join(rule.because.split())
    assert because[:40] in " ".join(page.locator(".chooser-result").inner_text().split())  # the rule's reason
    assert not browser.problems


def anchor(verdict: Verdict) -> str:
    """The remix page's anchor of a verdict's cell."""
    return f"verdict-{verdict.first}--{verdict.second}".lower().replace(".", "-")


def test_a_remix_cell_explains_its_verdict(browser: Browser, family: Family) -> None:
    verdicts = matrix(family)
    refused = next((v for v in verdicts if v.kind == INCOMPATIBLE), None)
    third = next((v for v in verdicts if v.kind == COMPATIBLE and v.result not in (v.first, v.second)), None)
    if refused is None or third is None:
        pytest.skip("the family has no incompatible pair, or no pair whose remix takes a third variant")
    page = browser.open("remixing.html")
    page.locator(f"td.verdict a[data-explanation={json_string(refused.explanation)}]").click()
    panel = page.locator("#verdict-panel")
    assert panel.is_visible()
    text = panel.inner_text()
    assert " ".join(refused.explanation.split()) in " ".join(text.split())
    page.locator(f"td.verdict a[data-explanation={json_string(third.explanation)}]").click()
    assert f"may be shared under {third.result}" in panel.inner_text()
    panel.get_by_role("link", name=f"Read {third.result}").click()
    page.wait_for_url(f"**/licenses/{third.result}.html")
    assert not browser.problems


def box(page: Any, selector: str) -> dict[str, float]:
    """The bounding box of the first element a selector finds, in the viewport's coordinates."""
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not rendered"
    return dict(found)


def test_compare_on_a_phone_keeps_the_row_labels_in_view(browser: Browser, family: Family) -> None:
    page = browser.open("compare.html", PHONE)
    scroller = page.locator("[data-compare] .table-scroll")
    scroller.scroll_into_view_if_needed()
    assert page.locator(".scroll-hint").first.is_visible()  # the table says it scrolls sideways
    label = "[data-compare] tbody tr:not(.group) th[scope=row]"
    last = f'[data-compare] thead th[data-variant="{family.variants[-1].id}"]'
    before, last_before = box(page, label), box(page, last)
    assert last_before["x"] + last_before["width"] > PHONE["width"]  # the last license is off screen
    scroller.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    page.wait_for_function("document.querySelector('[data-compare] .table-scroll').classList.contains('at-end')")
    after, last_after = box(page, label), box(page, last)
    assert after["x"] == before["x"] and after["x"] >= 0 and after["x"] + after["width"] <= PHONE["width"]
    assert last_after["x"] + last_after["width"] <= PHONE["width"] + 1  # scrolled into view beside the labels
    assert last_after["x"] >= after["x"] + after["width"] - 1  # and not under them
    # what is at the label's place is the label, not a cell scrolled under it
    middle_x, middle_y = after["x"] + after["width"] / 2, after["y"] + after["height"] / 2
    assert page.evaluate(f"document.elementFromPoint({middle_x}, {middle_y}).closest('th[scope=row]') !== null")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    browser.shot(page, "compare-phone-scrolled")
    desktop = browser.open("compare.html")
    browser.shot(desktop, "compare-desktop")
    assert not browser.problems


def test_compare_on_a_phone_keeps_the_license_names_in_view_down_the_rows(browser: Browser, family: Family) -> None:
    """Scrolled down a long table (and sideways), the header row stays at the top of its box, the labels at its left."""
    page = browser.open("compare.html", PHONE)
    scroller = page.locator("[data-compare] .table-scroll")
    # the table's box just under the site's header, as a reader scrolling the page would bring it
    page.evaluate(
        "() => { const box = document.querySelector('[data-compare] .table-scroll');"
        " const header = document.querySelector('.md-header');"
        " window.scrollBy(0, box.getBoundingClientRect().top - header.getBoundingClientRect().bottom); }"
    )
    frame = dict(scroller.bounding_box() or {})
    header_bottom = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert frame["y"] >= header_bottom - 1 and frame["y"] + frame["height"] <= PHONE["height"] + 1  # all in view
    last_label = "[data-compare] tbody tr:not(.group):last-child th[scope=row]"
    assert box(page, last_label)["y"] > frame["y"] + frame["height"]  # the table is longer than its box
    scroller.evaluate("box => { box.scrollTop = box.scrollHeight; box.scrollLeft = box.scrollWidth; }")
    page.wait_for_function("document.querySelector('[data-compare] .table-scroll').classList.contains('at-end')")
    assert scroller.evaluate("box => box.scrollTop") > frame["height"] / 2  # scrolled well down the rows
    corner = box(page, "[data-compare] thead th:first-child")
    last = box(page, f'[data-compare] thead th[data-variant="{family.variants[-1].id}"]')
    for cell in (corner, last):  # the header row at the top of the box, not scrolled away with the rows
        assert abs(cell["y"] - frame["y"]) <= 1, (cell, frame)
    assert abs(corner["x"] - frame["x"]) <= 1  # the corner cell stays at the left, above both sticky axes
    assert last["x"] >= corner["x"] + corner["width"] - 1 and last["x"] + last["width"] <= PHONE["width"] + 1
    label = box(page, last_label)  # the last row's label, now in view, still at the left
    assert abs(label["x"] - frame["x"]) <= 1 and label["y"] + label["height"] <= frame["y"] + frame["height"] + 1
    # what shows at each sticky cell's place is that cell, not one scrolled under it
    hits = {
        "thead th:first-child": corner,
        f'thead th[data-variant="{family.variants[-1].id}"]': last,
        "tbody tr:not(.group):last-child th[scope=row]": label,
    }
    for selector, cell in hits.items():
        x, y = cell["x"] + min(cell["width"] / 2, 20), cell["y"] + cell["height"] / 2
        found = page.evaluate(
            f"document.elementFromPoint({x}, {y}) === document.querySelector('[data-compare] {selector}')"
            f" || document.querySelector('[data-compare] {selector}').contains(document.elementFromPoint({x}, {y}))"
        )
        assert found, selector
    browser.shot(page, "compare-phone-scrolled-down")
    assert not browser.problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_remix_explanation_shows_beside_the_matrix(browser: Browser, family: Family, viewport: Any) -> None:
    """The explanation appears within the window, the cell stays visible, and the keyboard works."""
    verdicts = matrix(family)
    chosen = verdicts[-2]  # a cell in the matrix's last row, the one farthest from the list below
    page = browser.open("remixing.html", viewport)
    cell = page.locator(f"td.verdict a[data-explanation={json_string(chosen.explanation)}]")
    cell.scroll_into_view_if_needed()
    cell.focus()
    page.keyboard.press("Enter")  # focusable cells: the keyboard opens them as a click does
    panel = page.locator("#verdict-panel")
    assert panel.is_visible()
    assert " ".join(chosen.explanation.split()) in " ".join(panel.inner_text().split())
    shown, where = box(page, "#verdict-panel"), cell.bounding_box()
    assert shown["y"] >= 0 and shown["y"] + shown["height"] <= viewport["height"]
    assert shown["x"] >= 0 and shown["x"] + shown["width"] <= viewport["width"]
    assert where is not None and where["y"] >= 0 and where["y"] + where["height"] <= viewport["height"]
    apart = (
        where["y"] + where["height"] <= shown["y"]  # the panel below the cell (a phone)
        or where["x"] + where["width"] <= shown["x"]  # or beside it (a wide screen)
    )
    assert apart, f"the panel {shown} covers the cell {where}"
    name = "phone" if viewport is PHONE else "desktop"
    browser.shot(page, f"remixing-{name}")
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.dataset.explanation") == chosen.explanation  # focus goes back
    # The panel links to the verdict's item in the list, which says the pair once.
    cell.click()
    target = panel.get_by_role("link", name="In the list of verdicts").get_attribute("href")
    assert target is not None and page.locator(f"li{target}").count() == 1
    assert not browser.problems


def json_string(value: str) -> str:
    """A CSS attribute value: a JSON string is a valid CSS string."""
    return json.dumps(value)


def test_a_variant_page_on_a_phone_shows_its_summary(browser: Browser, built: BuiltSite, family: Family) -> None:
    variant = max(family.variants, key=lambda v: len(v.options))
    sheet = json.loads((built.artifacts / variant.id / "license.json").read_text(encoding="utf-8"))["sheet"]
    page = browser.open(f"licenses/{variant.id}.html", PHONE)
    lists = page.locator(".sheet-summary section")
    assert lists.count() == len(sheet["summary"]) > 0  # permissions, conditions, limitations
    for i in range(lists.count()):
        part = lists.nth(i)
        assert part.locator("h3").is_visible()
        shown = part.bounding_box()
        assert shown is not None and shown["x"] >= 0 and shown["x"] + shown["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    browser.shot(page, "variant-summary-phone", full_page=True)
    assert not browser.problems


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_the_choosers_first_question_is_above_the_fold(browser: Browser, viewport: Any) -> None:
    page = browser.open("choose.html", viewport)
    first = box(page, ".chooser-question")
    assert first["y"] >= 0 and first["y"] + first["height"] <= viewport["height"]
    assert page.locator(".chooser-question").first.locator("input[value=yes]").is_visible()
    assert not browser.problems


MODEL, PUBLISHER, YEAR = "Acme-7B", "Acme Labs", "2026"
HOSTILE = "<img src=x onerror=alert(1)>"  # typed as a name, it must stay text


def license_json(artifacts: Path, variant_id: str) -> dict[str, Any]:
    """A variant's license.json as the build wrote it: what its page's notice must say."""
    data: dict[str, Any] = json.loads((artifacts / variant_id / "license.json").read_text(encoding="utf-8"))
    return data


def english_notice(meta: dict[str, Any], model: str, publisher: str, year: str = "") -> str:
    """The notice a variant page should show, from the variant's license.json (not from the page)."""
    dated = f" ({year})" if year else ""
    at = f" and at {meta['url']}" if meta.get("url") else ""
    return (
        f"{model} by {publisher}{dated} is licensed under the {meta['title']}, version {meta['version']} "
        f"({meta['identifier']}, SPDX: {meta['spdx']['expression']}). The license text is in the LICENSE file{at}."
    )


def fill_notice(scope: Any, model: str, publisher: str, year: str = "") -> None:
    """Type into the notice form as a reader does, key by key (so each `input` event fires)."""
    for name, value in (("model", model), ("publisher", publisher), ("year", year)):
        field = scope.locator(f'.notice-form input[name="{name}"]')
        field.fill("")
        field.press_sequentially(value)


def copied(page: Any, button: Any, done: str = "Copied") -> str:
    """What a copy button puts on the clipboard (`done`: the button's word once it has copied)."""
    button.click()
    button.locator(f"text={done}").wait_for()
    return str(page.evaluate("navigator.clipboard.readText()"))


def test_the_notice_form_fills_the_notice_and_what_is_copied(
    browser: Browser, built: BuiltSite, family: Family
) -> None:
    variant = max(family.variants, key=lambda v: len(v.options))
    meta = license_json(built.artifacts, variant.id)
    page = browser.open(f"licenses/{variant.id}.html")
    form, notice = page.locator(".notice-form"), page.locator("#notice-snippet")
    assert form.is_visible()
    placeholders = english_notice(meta, "[Model name]", "[your name or organisation]")
    assert notice.inner_text() == placeholders  # nothing typed yet: the placeholders stay
    fill_notice(page, MODEL, PUBLISHER, YEAR)
    assert notice.inner_text() == english_notice(meta, MODEL, PUBLISHER, YEAR)
    assert copied(page, page.locator('button[data-copy="notice-snippet"]')) == english_notice(
        meta, MODEL, PUBLISHER, YEAR
    )
    page.locator('.notice-form input[name="year"]').fill("")  # the year is optional
    assert notice.inner_text() == english_notice(meta, MODEL, PUBLISHER)
    page.locator('.notice-form input[name="model"]').fill("   ")  # blank again: the placeholder comes back
    assert notice.inner_text() == english_notice(meta, "[Model name]", PUBLISHER)
    fill_notice(page, MODEL, PUBLISHER, YEAR)
    page.locator("#notice-snippet").scroll_into_view_if_needed()
    browser.shot(page, "notice-form-desktop")
    phone = browser.open(f"licenses/{variant.id}.html", PHONE)
    fill_notice(phone, MODEL, PUBLISHER, YEAR)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.locator("#notice-snippet").scroll_into_view_if_needed()
    browser.shot(phone, "notice-form-phone")
    assert not browser.problems


def test_a_name_typed_in_the_notice_form_stays_text(browser: Browser, built: BuiltSite, family: Family) -> None:
    variant = family.variants[0]
    meta = license_json(built.artifacts, variant.id)
    page = browser.open(f"licenses/{variant.id}.html")
    dialogs: list[str] = []

    def dialog(opened: Any) -> None:
        dialogs.append(opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    images = page.evaluate("document.images.length")
    publisher = "$& $' $1 {value}"  # what String.replace would expand, and the format's own marker
    fill_notice(page, HOSTILE, publisher)
    notice = page.locator("#notice-snippet")
    assert notice.inner_text() == english_notice(meta, HOSTILE, publisher)
    assert notice.locator("img").count() == 0
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert page.evaluate("document.images.length") == images
    assert copied(page, page.locator('button[data-copy="notice-snippet"]')) == english_notice(meta, HOSTILE, publisher)
    page.wait_for_timeout(300)  # an onerror handler would have run by now
    assert dialogs == []
    assert not browser.problems


def answer_until_one_is_left(page: Any, questions: Any, target: Any) -> None:
    """Answer the questions in order as `target` needs, and stop as soon as the chooser names one license."""
    for question in questions:
        field = page.locator(f'fieldset[data-option="{question.option}"]')
        if "is-decided" in (field.get_attribute("class") or ""):
            continue
        answer = "yes" if question.answer(target) else "no"
        page.locator(f'input[name="answer-{question.option}"][value="{answer}"]').check()
        if page.locator(".chooser-result.found").count():
            return
    raise AssertionError(f"the chooser never settled on {target.id}")


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_the_choosers_result_shows_its_notice_in_view(
    browser: Browser, built: BuiltSite, family: Family, viewport: Any
) -> None:
    questions = load_questions(REPO / "site", family, "site")
    target = max(family.variants, key=lambda v: len(v.options))
    meta = license_json(built.artifacts, target.id)
    page = browser.open("choose.html", viewport)
    answer_until_one_is_left(page, questions, target)
    result = page.locator(".chooser-result")
    assert result.locator(".chooser-result-title").inner_text() == f"Your license: {target.id}"
    # Seen at once, without scrolling on: the title, the form and the notice, which follows the title.
    for part in (".chooser-result-title", ".chooser-notice .notice-form", "#chooser-notice-snippet"):
        shown = box(page, f".chooser-result {part}")
        assert shown["y"] >= 0 and shown["y"] + shown["height"] <= viewport["height"], f"{part} is out of view"
        assert shown["x"] >= 0 and shown["x"] + shown["width"] <= viewport["width"], f"{part} is out of view"
    follows = page.evaluate(
        "document.querySelector('.chooser-result-title').nextElementSibling.classList.contains('chooser-notice')"
    )
    assert follows, "the notice must come right under the result's title"
    notice = page.locator("#chooser-notice-snippet")
    assert notice.inner_text() == english_notice(meta, "[Model name]", "[your name or organisation]")
    scrolled = page.evaluate("window.scrollY")
    fill_notice(result, MODEL, PUBLISHER, YEAR)
    assert page.evaluate("window.scrollY") == scrolled  # typing does not move the page
    assert notice.inner_text() == english_notice(meta, MODEL, PUBLISHER, YEAR)
    name = "phone" if viewport is PHONE else "desktop"
    browser.shot(page, f"chooser-notice-{name}")
    assert copied(page, result.locator("button.copy-button")) == english_notice(meta, MODEL, PUBLISHER, YEAR)
    # Another answer rebuilds the result; what was typed stays.
    page.locator('.chooser-form button[type="reset"]').click()
    page.wait_for_function("!document.querySelector('.chooser-result.found')")
    answer_until_one_is_left(page, questions, target)
    assert page.locator("#chooser-notice-snippet").inner_text() == english_notice(meta, MODEL, PUBLISHER, YEAR)
    assert not browser.problems


def test_the_choosers_notice_keeps_a_typed_name_as_text(browser: Browser, family: Family) -> None:
    questions = load_questions(REPO / "site", family, "site")
    page = browser.open("choose.html")
    images = page.evaluate("document.images.length")
    answer_until_one_is_left(page, questions, family.variants[0])
    fill_notice(page.locator(".chooser-result"), HOSTILE, HOSTILE)
    notice = page.locator("#chooser-notice-snippet")
    assert notice.inner_text().startswith(f"{HOSTILE} by {HOSTILE} is licensed")
    assert notice.locator("img").count() == 0 and page.evaluate("document.images.length") == images
    assert not browser.problems


def search_results(page: Any, query: str) -> list[str]:
    """The result links for a query typed key by key (see test_search_and_the_dark_theme_work_offline)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    search = page.locator("input.md-search__input")
    search.click()
    for attempt in range(4):
        search.press("Control+A")
        search.press("Backspace")
        search.press_sequentially(query, delay=30)
        try:
            page.locator(".md-search-result__item").first.wait_for(timeout=15000)
            break
        except PlaywrightTimeout:
            assert attempt < 3, "the search never answered"
    # Results show while the query is typed: wait until the list stops changing, those of the
    # whole query (the search answers within milliseconds once its index is loaded).
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    shown: list[str] = []
    for _ in range(40):
        now = [str(links.nth(i).get_attribute("href")) for i in range(links.count())]
        if now and now == shown:
            break
        shown = now
        page.wait_for_timeout(250)
    return shown


def test_a_license_name_finds_its_own_page_first(browser: Browser, family: Family) -> None:
    # The hardest name: one that begins the name of another license (MG-BY begins MG-BY-NC).
    variant = next(
        (v for v in family.variants if any(o.name.startswith(v.name + "-") for o in family.variants if o is not v)),
        family.variants[0],
    )
    page = browser.open("index.html")
    found = search_results(page, variant.name)
    assert found, "no result"
    assert urlsplit(found[0]).path.endswith(f"/licenses/{variant.id}.html"), found[:5]
    browser.shot(page, "search-variant-name")
    assert not browser.problems


def test_search_and_the_dark_theme_work_offline(browser: Browser) -> None:
    page = browser.open("index.html")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    search = page.locator("input.md-search__input")
    search.click()
    # Type the query key by key, as a reader does: the theme listens to the keyboard, and a
    # value set in one go (fill) can be missed while the page is still wiring its handlers on
    # a loaded machine. Retype a bounded number of times while the worker loads its index.
    for attempt in range(4):
        search.press("Control+A")
        search.press("Backspace")
        search.press_sequentially("distillation", delay=30)
        try:
            page.locator(".md-search-result__item").first.wait_for(timeout=15000)
            break
        except PlaywrightTimeout:
            assert attempt < 3, "the search never answered"
    assert page.locator(".md-search-result__item").count() >= 1
    page.keyboard.press("Escape")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme
    browser.shot(page, "home-other-scheme")
    assert not browser.problems
