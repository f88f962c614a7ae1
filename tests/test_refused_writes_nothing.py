"""A refused `mgl site` or `mgl build` makes no folder: the checks run before anything is created.

Each case points `--out` two levels below a folder that does not exist yet, so a
command that makes the output's parents (or the output itself) before its checks
leaves a folder behind even though it exits 2.
"""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, RunCli, copy_sources


def _broken(tmp_path: Path) -> Path:
    """A copy of the corpus with one clause broken (an `endif` without its `if`)."""
    root = copy_sources(REPO, tmp_path / "corpus")
    clause = next(p for p in sorted((root / "clauses").rglob("*.md")) if p.name.count(".") == 1)
    clause.write_text(clause.read_text(encoding="utf-8") + "\n{% endif %}\n", encoding="utf-8")
    return root


def _refused(run_code: int, err: str, new: Path) -> None:
    assert run_code == 2, err
    assert "Traceback" not in err
    assert not new.exists(), sorted(str(p) for p in new.rglob("*"))


def test_a_refused_site_leaves_no_folder(tmp_path: Path, mgl: RunCli) -> None:
    root = _broken(tmp_path)
    new = tmp_path / "new"

    run = mgl("site", "--root", root, "--out", new / "site")

    _refused(run.code, run.err, new)
    assert not (root / "build").exists()


def test_a_refused_build_leaves_no_folder(tmp_path: Path, mgl: RunCli) -> None:
    root = _broken(tmp_path)
    new = tmp_path / "new"

    run = mgl("build", "--root", root, "--out", new / "build", "--format", "txt")

    _refused(run.code, run.err, new)


def test_a_build_of_an_unknown_format_leaves_no_folder(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(REPO, tmp_path / "corpus")
    new = tmp_path / "new"

    run = mgl("build", "--root", root, "--out", new / "build", "--format", "txt,nosuchformat")

    _refused(run.code, run.err, new)
    assert "nosuchformat" in run.err


def test_a_build_that_passes_its_checks_still_makes_its_folder(tmp_path: Path, mgl: RunCli) -> None:
    root = copy_sources(REPO, tmp_path / "corpus")
    out = tmp_path / "new" / "build"

    run = mgl("build", "--root", root, "--out", out, "--format", "txt")

    assert run.code == 0, run.err
    assert any(out.rglob("*.txt"))
