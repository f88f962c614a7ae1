"""The committed build/ is the golden output: current, regenerated on purpose, reproducible.

A clause edit without `mgl build` fails here, and so does a hand edit of a text in
build/: the index records the sha256 of every artifact as the build wrote it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from clausekit.output.manifest import sha256
from clausekit.sources.types import Family
from conftest import COMMITTED, REPO, RunCli, copy_sources, snapshot

BUILT = REPO / "build"


def test_committed_build_is_up_to_date(mgl: RunCli) -> None:
    result = mgl("build", "--root", REPO, "--check", *COMMITTED)
    assert result.code == 0, result.out + "\nrun `nox -s build` (or `mgl build`) and commit build/"


def test_regenerating_gives_the_committed_bytes(tmp_path: Path, mgl: RunCli) -> None:
    assert mgl("build", "--root", REPO, "--out", tmp_path / "out", *COMMITTED).code == 0
    regenerated = snapshot(tmp_path / "out")
    committed = {path: data for path, data in snapshot(BUILT).items() if path in regenerated}
    assert set(regenerated) <= set(snapshot(BUILT)), "the build makes files that are not committed"
    assert regenerated == committed


def test_committed_artifacts_match_their_recorded_sha256(family: Family) -> None:
    index = json.loads((BUILT / "index.json").read_text(encoding="utf-8"))
    entries = [entry for variant in index["variants"] for entry in variant["artifacts"].values()]
    entries += index["artifacts"].values()
    badge = 1 if family.addresses is not None else 0  # badge.svg, for a family with addresses
    per_language = 3 + (4 if family.sheet is not None else 0) + badge  # license .txt .md .json, four sheets, badge
    per_variant = per_language * len(family.languages)  # in every language (the corpus is translated whole)
    assert len(entries) == len(family.variants) * per_variant + 2  # + compat .json .md
    for entry in entries:
        data = (BUILT / entry["path"]).read_bytes()
        assert sha256(data) == entry["sha256"], f"{entry['path']} was edited by hand; regenerate it with mgl build"
        assert len(data) == entry["bytes"]


def test_two_builds_into_different_folders_are_byte_identical(tmp_path: Path, mgl: RunCli, family: Family) -> None:
    """Every format, PDF included, from two copies of the sources in two places."""
    first = copy_sources(REPO, tmp_path / "one")
    second = copy_sources(REPO, tmp_path / "two")
    assert mgl("build", "--root", first).code == 0
    assert mgl("build", "--root", second).code == 0
    assert snapshot(first / "build") == snapshot(second / "build")
    badge = 1 if family.addresses is not None else 0  # badge.svg, for a family with addresses
    per_language = 5 + (4 if family.sheet is not None else 0) + badge  # license .txt .md .json .html .pdf, sheets
    per_variant = per_language * len(family.languages)
    assert len(snapshot(first / "build")) == len(family.variants) * per_variant + 4  # compat .json .md, both indexes


def test_git_tracks_exactly_the_committed_artifacts() -> None:
    """What git keeps under build/ is what index.json lists: no typeset edition in any language slips in."""
    tracked = subprocess.run(
        ["git", "ls-files", "build"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    index = json.loads((BUILT / "index.json").read_text(encoding="utf-8"))
    listed = {entry["path"] for variant in index["variants"] for entry in variant["artifacts"].values()}
    listed |= {entry["path"] for entry in index["artifacts"].values()}
    assert {path.removeprefix("build/") for path in tracked} == listed | {"index.json"}
