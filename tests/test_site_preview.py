"""The preview's passes (`mgl serve`), driven in-process without a server.

An edit's quick pass rewrites the governing language's pages and builds nothing; the
full pass brings back every language and marks the pages whose downloads are behind
the text; the background build brings the downloads up to date and the notice goes.
Expectations come from the corpus (which variants contain the edited clause) and the
site's words, never from the preview's own code.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from clausekit.site.preview import Preview
from clausekit.sources.types import Family
from conftest import REPO, copy_sources, snapshot
from test_site import BuiltSite, built_site
from test_site_serve import CLAUSE, NEW, OLD

NOTICE = "The downloads on this page are being rebuilt: until this notice goes, they hold the previous text."
LANGUAGES = yaml.safe_load((REPO / "variants.yaml").read_text(encoding="utf-8"))["languages"]
ZH_NOTICE = yaml.safe_load((REPO / "site" / f"labels.{LANGUAGES[1]}.yml").read_text(encoding="utf-8"))[NOTICE]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built_site(tmp_path_factory)


@pytest.fixture
def preview(built: BuiltSite, tmp_path: Path) -> Iterator[Preview]:
    root = copy_sources(REPO, tmp_path / "corpus")
    shutil.copytree(REPO / "site", root / "site")
    artifacts = shutil.copytree(built.artifacts, tmp_path / "artifacts")
    (tmp_path / "work").mkdir()
    (tmp_path / "site").mkdir()
    session = Preview(root, artifacts, tmp_path / "work", tmp_path / "site")
    session.start()
    try:
        yield session
    finally:
        session.stop()


def page(session: Preview, variant_id: str, language: str = "") -> str:
    folder = f"{language}/" if language else ""
    return (session.site_dir / f"{folder}licenses/{variant_id}.html").read_text(encoding="utf-8")


def download(session: Preview, variant_id: str) -> str:
    return (session.site_dir / "downloads" / variant_id / "license.txt").read_text(encoding="utf-8")


def wait_for_background(session: Preview, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while session.background is not None:
        assert time.monotonic() < deadline, "the background build did not end"
        time.sleep(0.2)


def test_an_edit_shows_first_then_everywhere_then_in_the_downloads(preview: Preview, family: Family) -> None:
    with_clause = [v.id for v in family.variants if v.has("ND")]  # CLAUSE has `when: ND`
    without = [v.id for v in family.variants if not v.has("ND")]
    assert with_clause and without
    zh = LANGUAGES[1]
    assert (preview.site_dir / zh / "licenses" / f"{with_clause[0]}.html").is_file()  # every language is served
    zh_before = page(preview, with_clause[0], zh)

    clause = preview.root / CLAUSE
    clause.write_text(clause.read_text(encoding="utf-8").replace(OLD, NEW, 1), encoding="utf-8")
    artifacts_before = snapshot(preview.artifacts)
    preview.quick()
    # The quick pass: the governing language's pages show the edit, nothing is built.
    for variant_id in with_clause:
        assert NEW in page(preview, variant_id) and NOTICE in page(preview, variant_id)
    for variant_id in without:
        assert NEW not in page(preview, variant_id) and NOTICE not in page(preview, variant_id)
    assert snapshot(preview.artifacts) == artifacts_before
    assert page(preview, with_clause[0], zh) == zh_before  # the other languages wait for the full pass
    assert NEW not in download(preview, with_clause[0])

    preview.full()
    # The full pass: every language, with the notice where the text changed; the downloads follow.
    assert ZH_NOTICE in page(preview, with_clause[0], zh)
    assert ZH_NOTICE not in page(preview, without[0], zh)
    assert NOTICE in page(preview, with_clause[0])
    assert preview.background is not None, "the downloads are behind the text, so a build must be running"
    wait_for_background(preview)
    assert preview.finished == 0
    preview.full()
    for variant_id in with_clause:
        assert NOTICE not in page(preview, variant_id)
        assert NEW in download(preview, variant_id)
        assert ZH_NOTICE not in page(preview, variant_id, zh)
    assert preview.background is None  # nothing left to build


def test_a_broken_edit_keeps_the_pages_and_says_why(preview: Preview, caplog: pytest.LogCaptureFixture) -> None:
    before = snapshot(preview.site_dir)
    clause = preview.root / CLAUSE
    clause.write_text(clause.read_text(encoding="utf-8").replace(OLD, "{% if %}", 1), encoding="utf-8")
    preview.rebuild()
    assert snapshot(preview.site_dir) == before
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert CLAUSE in said and "last good build" in said


def test_only_a_change_without_redlines_gets_the_notice() -> None:
    """The first build makes the working tree's redlines (as `mgl site` does); later passes make none."""
    from types import SimpleNamespace
    from typing import Any

    from clausekit.site.inputs import Change, RedlineFile
    from clausekit.site.preview import unreleased_changes

    report: Any = None  # the rule reads only the versions and the redlines
    made = (RedlineFile("redline-2.0-to-2.1.docx", "Redline", b"x"),)
    draft: Any = SimpleNamespace(
        current=SimpleNamespace(release=None, family=SimpleNamespace(version="2.1")),
        changes=(Change("1.0", "2.0", report, ()), Change("2.0", "2.1", report, ())),
    )
    assert unreleased_changes(draft) == {("2.0", "2.1")}  # a change between two releases never needs one
    draft.changes = (Change("2.0", "2.1", report, made),)
    assert unreleased_changes(draft) == set()
    draft.current.release = object()
    draft.changes = (Change("2.0", "2.1", report, ()),)
    assert unreleased_changes(draft) == set()  # a released working tree's diffs are releases' diffs
