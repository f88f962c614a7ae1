"""The typeset editions in a build: incremental, listed in typeset.json, checkable, dated from the sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from clausekit.output import build as build_module
from clausekit.output.build import build
from clausekit.render.formats import Settings
from clausekit.sources.types import Family
from conftest import REPO, RunCli, variant_where

EPOCH = Settings(source_date_epoch=1_700_000_000)
# These tests are about what is typeset again and when: in the governing language alone (the
# translations' editions follow the same rules, and CJK PDFs take seconds each).
ONE_LANGUAGE = [(yaml.safe_load((REPO / "variants.yaml").read_text(encoding="utf-8")).get("languages") or ["en"])[0]]


def typeset_paths(result_paths: tuple[str, ...]) -> set[str]:
    return {p for p in result_paths if p.endswith((".pdf", ".html")) and not p.endswith("sheet.html")}


@pytest.fixture
def two(family: Family) -> list[str]:
    """One variant with the NC option and one without: enough to see what re-renders."""
    nc = variant_where(family, lambda v: v.has("NC"), "the NC option")
    other = variant_where(family, lambda v: not v.has("NC"), "no NC option")
    return [other.id, nc.id]


def test_only_variants_whose_text_changed_are_typeset_again(corpus: Path, two: list[str]) -> None:
    first = build(corpus, variants=two, settings=EPOCH, languages=ONE_LANGUAGE)
    assert typeset_paths(first.written) == {f"{v}/license.{ext}" for v in two for ext in ("pdf", "html")}
    again = build(corpus, variants=two, settings=EPOCH, languages=ONE_LANGUAGE)
    assert typeset_paths(again.written) == set()
    assert typeset_paths(again.unchanged) == typeset_paths(first.written)

    clause = corpus / "clauses/02-rights/noncommercial.md"
    clause.write_text(
        clause.read_text(encoding="utf-8").replace("separate permission", "a separate written permission"),
        encoding="utf-8",
    )
    edited = build(corpus, variants=two, settings=EPOCH, languages=ONE_LANGUAGE)
    assert typeset_paths(edited.written) == {f"{two[1]}/license.pdf", f"{two[1]}/license.html"}


def test_settings_are_inputs_too(corpus: Path, family: Family) -> None:
    one = family.variants[0].id
    build(corpus, variants=[one], formats=["pdf"], settings=EPOCH, languages=ONE_LANGUAGE)
    letter = build(
        corpus,
        variants=[one],
        formats=["pdf"],
        settings=Settings(page_size="letter", source_date_epoch=1_700_000_000),
        languages=ONE_LANGUAGE,
    )
    assert letter.written == (f"{one}/license.pdf", "typeset.json")  # the committed index does not change
    redated = build(
        corpus,
        variants=[one],
        formats=["pdf"],
        settings=Settings(page_size="letter", source_date_epoch=1),
        languages=ONE_LANGUAGE,
    )
    assert f"{one}/license.pdf" in redated.written


def test_a_no_op_build_loads_nothing(corpus: Path, monkeypatch: pytest.MonkeyPatch, family: Family) -> None:
    one = family.variants[0].id
    build(corpus, formats=["txt", "md", "sheet", "json", "compat", "html"], settings=EPOCH)

    def refuse(root: Path) -> None:
        raise AssertionError("a no-op build must not lint or assemble")

    monkeypatch.setattr(build_module, "lint_root", refuse)
    result = build(corpus, formats=["txt", "md", "sheet", "json", "compat", "html"], settings=EPOCH)
    assert (
        result.written == () and len(result.unchanged) == len(family.variants) * 8 * len(family.languages) + 2 + 2
    )  # license .txt .md .json .html and four sheets in every language, + compat, + both manifests

    (corpus / "build" / one / "license.html").write_text("tampered")
    with pytest.raises(AssertionError, match="must not lint"):
        build(corpus, formats=["txt", "md", "sheet", "json", "compat", "html"], settings=EPOCH)


def test_check_covers_typeset_editions_once_a_build_made_them(corpus: Path, mgl: RunCli, family: Family) -> None:
    one = family.variants[-1].id
    assert mgl("build", "--root", corpus, "--format", "txt,md,sheet,badge,json,compat").code == 0
    assert mgl("build", "--root", corpus, "--check").code == 0  # a fresh clone: nothing typeset to check
    assert mgl("build", "--root", corpus, "--check", "--format", "html").code == 1  # asked for, and missing

    assert mgl("build", "--root", corpus, "--format", "txt,md,sheet,badge,json,compat,html").code == 0
    assert mgl("build", "--root", corpus, "--check").code == 0
    (corpus / "build" / one / "license.html").unlink()
    result = mgl("build", "--root", corpus, "--check")
    assert result.code == 1 and f"missing: {one}/license.html" in result.out


def test_typeset_editions_stay_out_of_the_committed_index(corpus: Path, family: Family) -> None:
    one = family.variants[0].id
    build(corpus, variants=[one], settings=EPOCH, languages=ONE_LANGUAGE)
    index = json.loads((corpus / "build/index.json").read_text())
    listed = {name for v in index["variants"] for name in v["artifacts"]}
    assert "license.pdf" not in listed and "license.html" not in listed
    typeset = json.loads((corpus / "build/typeset.json").read_text())
    assert sorted(typeset["artifacts"]) == [f"{one}/license.html", f"{one}/license.pdf"]
    assert typeset["built_from"]["settings"] == {"page_size": "A4", "source_date_epoch": 1_700_000_000}


def test_source_date_epoch_must_be_a_number(corpus: Path, mgl: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = mgl("build", "--root", corpus)
    assert result.code == 2
    assert (
        "SOURCE_DATE_EPOCH: error: must be a whole number of seconds from 1970 to the year 9999, not 'yesterday'"
        in result.err
    )


def test_without_git_or_environment_the_editions_carry_no_date(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_module.source_date_epoch(corpus) is None  # a copy outside any git checkout
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_module.source_date_epoch(corpus) == 1_700_000_000
