"""The default site: a family without `site/` still gets a site, generated from its data alone."""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import TINY, RunCli, copy_sources, lint_clean


def _text(page: Path) -> str:
    """A built page's visible text and attribute values, tags dropped and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text("utf-8")))


def test_a_family_without_site_gets_the_default_site(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(TINY, tmp_path / "tiny")
    assert not (root / "site").exists()
    out = tmp_path / "out"
    run = mgl("site", "--root", root, "--out", out)
    assert run.code == 0, run.err
    family = lint_clean(root)[0]
    variants = family.variants
    for variant in variants:
        page = out / "licenses" / f"{variant.id}.html"
        assert page.is_file(), f"no page for {variant.id}"
        assert variant.title in _text(page)
    home = _text(out / "index.html")
    assert f"{family.name} {family.version}" in home  # site_name and title from the family
    for variant in variants:
        assert variant.id in home
    for option in family.options:
        assert option.meaning in " ".join(home.split())
    assert (out / "compare.html").is_file() and (out / "remixing.html").is_file()
    assert not (out / "versions" / "index.html").exists()  # the family has no releases
    for page in out.rglob("*.html"):
        text = page.read_text("utf-8")
        for word in ("ModelGo", "Hugging Face"):
            assert word not in text, f"{page.relative_to(out)} says {word!r}"
        assert not re.search(r"\bmodels?\b", text, re.IGNORECASE), f"{page.relative_to(out)} says 'model'"


def test_a_site_folder_overrides_one_default_page(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(TINY, tmp_path / "tiny")
    (root / "site" / "docs").mkdir(parents=True)
    (root / "site" / "docs" / "index.md").write_text("# Hand-written home\n\nWritten by hand.\n", "utf-8")
    out = tmp_path / "out"
    run = mgl("site", "--root", root, "--out", out)
    assert run.code == 0, run.err
    assert "Written by hand." in (out / "index.html").read_text("utf-8")
    assert (out / "compare.html").is_file()  # the other default pages stay
