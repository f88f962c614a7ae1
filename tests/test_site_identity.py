"""The site's identity: the family's own logo and favicon on every page, and a footer without the tool's name.

Expectations come from site/mkdocs.yml and each language's overlay (`mkdocs.<lang>.yml`,
which replaces the settings it names), never from file names written here: the test
follows the configuration, and fails when the built site does not.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, RunCli, copy_sources
from test_site import BuiltSite, built_site, html_pages, plain, read_page

IMAGES = ("logo", "favicon")
TOOL = "clausekit"  # the internal tool, which the reader of a license has no reason to meet


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built_site(tmp_path_factory)


def _config(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((REPO / "site" / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _settings() -> dict[str, dict[str, Any]]:
    """Per folder prefix of the built site ("" for the default language): its theme images and footer."""
    base = _config("mkdocs.yml")
    codes = yaml.safe_load((REPO / "variants.yaml").read_text(encoding="utf-8")).get("languages") or []
    found = {"": {**{k: base["theme"].get(k) for k in IMAGES}, "copyright": base.get("copyright")}}
    for code in codes[1:]:
        overlay = _config(f"mkdocs.{code}.yml")
        theme = overlay.get("theme") or {}
        found[f"{code}/"] = {
            **{k: theme.get(k, base["theme"].get(k)) for k in IMAGES},
            "copyright": overlay.get("copyright", base.get("copyright")),
        }
    return found


def _language(path: str, settings: dict[str, dict[str, Any]]) -> str:
    return max((prefix for prefix in settings if path.startswith(prefix)), key=len)


def _resolved(here: str, url: str) -> str:
    """A link's target within the site (the 404 pages link from the site's root, with a leading /)."""
    return posixpath.normpath(url.lstrip("/") if url.startswith("/") else posixpath.join(here, url))


def test_the_configuration_names_the_familys_own_images() -> None:
    """A logo and a favicon of the family's own, files of site/docs/, not the theme's generic icon."""
    for prefix, said in _settings().items():
        for key in IMAGES:
            assert isinstance(said[key], str), f"{prefix or 'default'}: theme.{key} is not set"
            assert (REPO / "site" / "docs" / said[key]).is_file(), said[key]
    assert "logo" not in (_config("mkdocs.yml")["theme"].get("icon") or {}), "the generic icon would replace the logo"


def test_every_page_links_the_logo_and_favicon_copied_into_the_site(built: BuiltSite) -> None:
    settings = _settings()
    pages = list(html_pages(built.site))
    assert len(pages) > len(settings)
    problems = []
    for path in pages:
        prefix = _language(path, settings)
        markup = (built.site / path).read_text(encoding="utf-8")
        links = read_page(built.site, path).links
        here = posixpath.dirname(path)
        for key, tag in (("logo", "img"), ("favicon", "link")):
            wanted = posixpath.normpath(prefix + settings[prefix][key])
            linked = [url for t, url in links if t == tag and url and _resolved(here, url) == wanted]
            if not linked:
                problems.append(f"{path}: no <{tag}> links {wanted}")
        if not re.search(r'<link rel="icon" href="[^"]+"', markup):
            problems.append(f"{path}: no favicon")
    assert not problems, "\n".join(problems[:20])
    for prefix, said in settings.items():
        for key in IMAGES:
            copied = built.site / prefix / said[key]
            assert copied.read_bytes() == (REPO / "site" / "docs" / said[key]).read_bytes(), copied


def test_the_images_are_svg_drawn_without_fonts_or_remote_files() -> None:
    """Shapes only: no <text> (which would need a font) and no reference to another file."""
    for key in IMAGES:
        text = (REPO / "site" / "docs" / _settings()[""][key]).read_text(encoding="utf-8")
        assert "<svg" in text and "<text" not in text, key
        assert not re.search(r'(href|src)\s*=\s*"(?!#)', text), key


def test_no_footer_names_the_tool_and_each_says_its_languages_words(built: BuiltSite) -> None:
    settings = _settings()
    problems = []
    for path in html_pages(built.site):
        markup = (built.site / path).read_text(encoding="utf-8")
        start = markup.find('<footer class="md-footer">')
        if start < 0:
            problems.append(f"{path}: no footer")
            continue
        footer = plain(markup[start : markup.index("</footer>", start)])
        if TOOL in footer.lower():
            problems.append(f"{path}: the footer names {TOOL}: {footer[:120]}")
        copyright = " ".join(str(settings[_language(path, settings)]["copyright"]).split())
        if copyright not in footer:
            problems.append(f"{path}: the footer lacks {copyright[:40]!r}")
    assert not problems, "\n".join(problems[:20])
    assert all(TOOL not in str(said["copyright"]).lower() for said in settings.values())


# --- a path that is not there ---------------------------------------------------------------


def _with_site(tmp_path: Path) -> Path:
    root = copy_sources(REPO, tmp_path / "corpus")
    shutil.copytree(REPO / "site", root / "site")
    return root


def _point(root: Path, file: str, key: str, target: str) -> int:
    """Make `theme.<key>` in site/<file> name `target`; the line it is on."""
    config = root / "site" / file
    lines = config.read_text(encoding="utf-8").split("\n")
    at = next((i for i, line in enumerate(lines) if re.match(rf"\s+{key}:", line)), None)
    if at is None:  # an overlay that does not name it: add it under its theme
        at = next(i for i, line in enumerate(lines) if line.startswith("theme:")) + 1
        lines.insert(at, f"  {key}: {target}")
    else:
        lines[at] = re.sub(rf"({key}:\s*)\S+", rf"\g<1>{target}", lines[at])
    config.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


@pytest.mark.parametrize(("file", "key"), [("mkdocs.yml", "logo"), ("mkdocs.zh-Hans.yml", "favicon")])
def test_lint_reports_a_theme_image_that_is_not_there(tmp_path: Path, mgl: RunCli, file: str, key: str) -> None:
    root = _with_site(tmp_path)
    line = _point(root, file, key, "assets/missing-mark.svg")
    run = mgl("lint", "--root", root)
    assert run.code == 2, run.out
    assert f"site/{file}:{line}" in run.err and f"theme.{key}" in run.err and "assets/missing-mark.svg" in run.err
    assert "fix: add site/docs/assets/missing-mark.svg" in run.err
    assert "Traceback" not in run.err


def test_the_site_build_refuses_a_missing_logo_and_writes_nothing(tmp_path: Path, mgl: RunCli) -> None:
    """mkdocs --strict would link the missing image from every page without a word: `mgl site` says so first."""
    root = _with_site(tmp_path)
    line = _point(root, "mkdocs.yml", "logo", "assets/missing-mark.svg")
    run = mgl("site", "--root", root, "--out", tmp_path / "out", "--artifacts", tmp_path / "artifacts")
    assert run.code == 2
    assert f"site/mkdocs.yml:{line}" in run.err and "theme.logo" in run.err
    assert not (tmp_path / "out").exists() and not (tmp_path / "artifacts").exists()


def test_a_logo_given_as_an_address_is_not_a_file_to_check(tmp_path: Path, mgl: RunCli) -> None:
    root = _with_site(tmp_path)
    _point(root, "mkdocs.yml", "logo", "https://example.org/mark.svg")
    assert mgl("lint", "--root", root).code == 0
