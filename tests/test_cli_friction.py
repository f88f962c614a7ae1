"""CLI friction (issue 15): loose variant names, the root found upwards, and which errors say "nothing was written".

Expectations come from variants.yaml (through the loaded family), never from a list
of variant names written here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clausekit.document.where import resolve_name
from clausekit.sources.types import Family, Variant
from conftest import REPO, TINY, RunCli, copy_sources


def _widest(family: Family) -> Variant:
    """A variant with options, so its short name differs from its name and id."""
    return max(family.variants, key=lambda v: len(v.options))


def _prefix(family: Family) -> str:
    """The common prefix of all names, computed here independently of the code under test."""
    return os.path.commonprefix([v.name for v in family.variants])  # noqa: RUF071 -- a string prefix is meant


def _spellings(family: Family, variant: Variant) -> list[str]:
    short = variant.name[len(_prefix(family)) :].strip("-")
    version = variant.id[len(variant.name) :]
    return [variant.name.lower(), variant.name.upper(), variant.id.lower(), short.lower(), short + version]


@pytest.mark.parametrize("command", ["sheet", "compat", "where", "build", "diff"])
def test_every_command_takes_any_spelling_and_says_what_it_took(
    mgl: RunCli, family: Family, command: str, tmp_path: Path
) -> None:
    variant = _widest(family)
    for name in _spellings(family, variant):
        if command == "sheet":
            args: list[str | Path] = ["sheet", name]
        elif command == "compat":
            args = ["compat", name, variant.id]
        elif command == "where":
            args = ["where", name, "1"]
        elif command == "build":
            args = ["build", "--check", "--variant", name, "--format", "txt"]
        else:
            args = ["diff", "HEAD", "--variant", name]
        result = mgl(*args, "--root", REPO)
        assert result.code == 0, (name, result.err)
        assert f"{name}: taken as {variant.id}" in result.err.splitlines()


def test_the_exact_id_is_taken_silently(mgl: RunCli, family: Family) -> None:
    variant = _widest(family)
    result = mgl("sheet", variant.id, "--root", REPO)
    assert result.code == 0
    assert "taken as" not in result.err


def test_build_variant_builds_the_variant_named_loosely(mgl: RunCli, family: Family, tmp_path: Path) -> None:
    variant = _widest(family)
    result = mgl("build", "--variant", variant.name.lower(), "--format", "txt", "--out", tmp_path, "--root", REPO)
    assert result.code == 0, result.err
    assert (tmp_path / variant.id / "license.txt").is_file()


def test_unknown_names_exit_2_listing_the_ids(mgl: RunCli, family: Family) -> None:
    result = mgl("sheet", "no-such-variant", "--root", REPO)
    assert result.code == 2
    assert all(v.id in result.err for v in family.variants)
    assert "Traceback" not in result.err


def test_an_ambiguous_name_lists_the_candidates() -> None:
    found = resolve_name("ab", {"AB-1": ("AB-1", "AB"), "ab-2": ("ab-2", "ab-x", "Ab")})
    assert found.value is None
    assert "AB-1" in found.problems[0].hint and "ab-2" in found.problems[0].hint
    assert resolve_name("ab-2", {"AB-2": ("AB-2",), "ab-2": ("ab-2",)}).value is not None  # exact wins


def test_the_root_is_found_upwards(mgl: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_sources(TINY, tmp_path / "family")
    inner = root / "clauses" / "deeper"
    inner.mkdir()
    monkeypatch.chdir(inner)
    result = mgl("lint")
    assert result.code == 0, result.err
    monkeypatch.chdir(tmp_path)  # no family above: the current folder, reported as missing
    assert mgl("lint").code == 2


@pytest.mark.parametrize(
    ("args", "writes"),
    [
        (["sheet", "x"], False),
        (["compat", "x", "y"], False),
        (["where", "x", "1"], False),
        (["lint"], False),
        (["list"], False),
        (["diff", "HEAD"], False),
        (["build", "--format", "txt"], True),
    ],
)
def test_only_commands_that_write_say_nothing_was_written(
    mgl: RunCli, tmp_path: Path, args: list[str], writes: bool
) -> None:
    root = copy_sources(REPO, tmp_path / "family")
    (root / "variants.yaml").write_text("family: [", encoding="utf-8")  # broken for every command
    result = mgl(*args, "--root", root)
    assert result.code == 2
    assert ("nothing was written" in result.err) == writes, result.err


def _short(family: Family) -> dict[str, str]:
    return {v.id: v.name[len(_prefix(family)) :].strip("-") or v.name for v in family.variants}


def test_the_piped_matrix_is_headed_by_short_names(
    mgl: RunCli, family: Family, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")  # a narrow width must not number or crop piped output
    result = mgl("compat", "--root", REPO)
    assert result.code == 0
    lines = result.out.splitlines()
    header = next(line for line in lines if line.split() and line.split()[0] == _short(family)[family.variants[0].id])
    assert header.split() == [_short(family)[v.id] for v in family.variants]  # names, not numbers, uncropped


def test_wide_names_the_resulting_license_in_cells(mgl: RunCli, family: Family) -> None:
    from clausekit.document.compat import matrix

    short = _short(family)
    results = {short[c.result] for c in matrix(family) if c.result}
    wide = mgl("compat", "--wide", "--root", REPO).out
    rows = [line.split() for line in wide.splitlines() if line.split() and line.split()[0] in short.values()]
    cells = {word for row in rows[1:] for word in row[1:]}
    assert results <= cells
