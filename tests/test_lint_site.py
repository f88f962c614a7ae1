"""`mgl lint` checks the hand-written site (site/chooser.yml, site/docs/) against the family."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, RunCli, copy_sources, lint_clean


def _with_site(tmp_path: Path) -> Path:
    root = copy_sources(REPO, tmp_path / "corpus")
    shutil.copytree(REPO / "site", root / "site")
    return root


def test_the_project_site_lints_clean(tmp_path: Path, mgl: RunCli) -> None:
    run = mgl("lint", "--root", _with_site(tmp_path))
    assert run.code == 0, run.err


def test_a_chooser_question_about_a_removed_option(tmp_path: Path, mgl: RunCli) -> None:
    root = _with_site(tmp_path)
    chooser = root / "site" / "chooser.yml"
    lines = chooser.read_text("utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, start=1) if text.strip() == "- option: NC")
    lines[line - 1] = lines[line - 1].replace("NC", "XX")
    chooser.write_text("\n".join(lines), "utf-8")
    run = mgl("lint", "--root", root)
    assert run.code == 2
    assert f"site/chooser.yml:{line}" in run.err and "'XX'" in run.err
    assert "Traceback" not in run.err


def test_a_page_linking_a_removed_variant(tmp_path: Path, mgl: RunCli) -> None:
    root = _with_site(tmp_path)
    page = root / "site" / "docs" / "faq.md"
    page.write_text(page.read_text("utf-8") + "\nSee [the old one](licenses/XX-GONE-1.0.md).\n", "utf-8")
    line = page.read_text("utf-8").split("\n").index("See [the old one](licenses/XX-GONE-1.0.md).") + 1
    run = mgl("lint", "--root", root)
    assert run.code == 2
    assert f"site/docs/faq.md:{line}" in run.err and "XX-GONE-1.0" in run.err


def test_a_page_stating_a_wrong_count(tmp_path: Path, mgl: RunCli) -> None:
    root = _with_site(tmp_path)
    family = lint_clean(root)[0]
    wrong = len(family.variants) + 1
    page = root / "site" / "docs" / "about.md"
    page.write_text(page.read_text("utf-8") + f"\nThe family has {wrong} licenses.\n", "utf-8")
    line = page.read_text("utf-8").split("\n").index(f"The family has {wrong} licenses.") + 1
    run = mgl("lint", "--root", root)
    assert run.code == 2
    assert f"site/docs/about.md:{line}" in run.err and f"{wrong} licenses" in run.err


def test_a_wrong_count_in_words(tmp_path: Path, mgl: RunCli) -> None:
    root = _with_site(tmp_path)
    family = lint_clean(root)[0]
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    wrong = words[len(family.variants) - 1]
    page = root / "site" / "docs" / "about.md"
    page.write_text(page.read_text("utf-8") + f"\nIt has {wrong} licenses.\n", "utf-8")
    run = mgl("lint", "--root", root)
    assert run.code == 2
    assert f"{wrong} licenses" in run.err
