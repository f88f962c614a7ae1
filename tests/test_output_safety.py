"""A build publishes all of its files or none, alone, and only inside --out.

The fault tests break a build at every stage that matters: while staging files,
after committing the journal, and with kill -9 at random moments. Each time the
output must end as the wholly old or the wholly new set of files, once the next
run (or `recover`) has completed what was committed.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clausekit.output import transaction
from clausekit.output.transaction import JOURNAL, LOCK, TEMP_SUFFIX, exclusive, recover
from clausekit.sources.types import Family
from conftest import COMMITTED, RunCli, snapshot


def shared_clause(root: Path) -> Path:
    """A fragment every variant contains (no `when:`), so editing it changes every variant's files."""
    return next(
        path
        for path in sorted((root / "clauses").rglob("*.md"))
        if "\nwhen:" not in path.read_text(encoding="utf-8").split("\n---", 2)[0] and "parent:" not in path.read_text()
    )


def published(folder: Path) -> dict[str, bytes]:
    """What a reader of the output folder sees, less the lock file (which only serialises writers)."""
    return {path: data for path, data in snapshot(folder).items() if path != LOCK}


States = tuple[Path, dict[str, bytes], dict[str, bytes]]


def make_states(corpus: Path, tmp_path: Path, mgl: RunCli, args: tuple[str, ...]) -> States:
    """A corpus built once (old), its sources then edited; the files the edit's build must produce (new)."""
    out = corpus / "build"
    assert mgl("build", "--root", corpus, *args).code == 0
    old = published(out)
    clause = shared_clause(corpus)
    clause.write_text(clause.read_text(encoding="utf-8") + "\nThe Licensor adds this sentence for the test.\n")
    reference = tmp_path / "reference"
    shutil.copytree(out, reference)
    assert mgl("build", "--root", corpus, "--out", reference, *args).code == 0
    new = published(reference)
    assert old != new
    return corpus, old, new


@pytest.fixture
def two_states(corpus: Path, tmp_path: Path, mgl: RunCli) -> States:
    return make_states(corpus, tmp_path, mgl, COMMITTED)


def pdf_build(family: Family) -> tuple[str, ...]:
    """Two variants' texts and PDFs: a slow build, so a kill lands while it typesets as well as while it writes."""
    chosen = [v.id for v in family.variants[:2]]
    return ("--format", "txt,pdf", "--variant", *chosen)


def test_a_failure_while_staging_replaces_nothing_and_says_so(
    two_states: States, mgl: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, old, _ = two_states
    real_stage = transaction._stage
    calls = []

    def full_disk(out: Path, relative: str, content: bytes) -> str:
        calls.append(relative)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_stage(out, relative, content)

    monkeypatch.setattr(transaction, "_stage", full_disk)
    result = mgl("build", "--root", corpus, *COMMITTED)
    assert result.code == 74
    assert "No space left on device" in result.err and "nothing in" in result.err and "was replaced" in result.err
    assert calls[4] in result.err  # names the file it could not write
    assert "Traceback" not in result.err
    assert published(corpus / "build") == old
    assert not list((corpus / "build").rglob(f"*{TEMP_SUFFIX}"))


def test_a_crash_after_the_commit_is_completed_by_the_next_run(
    two_states: States, mgl: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, old, new = two_states
    out = corpus / "build"
    real_replace = os.replace
    done = []

    def crash_midway(source: object, target: object) -> None:
        if str(source).endswith(TEMP_SUFFIX) and JOURNAL not in str(target):
            done.append(target)
            if len(done) == 3:
                raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", crash_midway)
    result = mgl("build", "--root", corpus, *COMMITTED)
    monkeypatch.undo()
    assert result.code == 74 and "run the build again" in result.err
    mixed = published(out)
    assert mixed not in (old, new) and JOURNAL in mixed  # the interruption is visible, and recorded

    check = mgl("build", "--root", corpus, "--check", *COMMITTED)
    assert check.code == 1 and f"interrupted: {JOURNAL}" in check.out  # --check writes nothing, but tells

    assert mgl("build", "--root", corpus, *COMMITTED).code == 0
    assert published(out) == new
    assert not list(out.rglob(f"*{TEMP_SUFFIX}"))


@pytest.mark.parametrize("kind", ["committed formats", "PDF"])
def test_kill_9_at_random_moments_leaves_old_or_new(
    kind: str, corpus: Path, tmp_path: Path, mgl: RunCli, family: Family
) -> None:
    args = COMMITTED if kind == "committed formats" else pdf_build(family)
    corpus, old, new = make_states(corpus, tmp_path, mgl, args)
    out = corpus / "build"
    pristine = corpus.parent / "pristine"
    shutil.copytree(out, pristine)
    rng = random.Random(20261201)  # fixed, so a failure can be replayed
    seen = set()
    # A killed build's workers can leave weasyprint's font copies behind: keep them in this test's folder.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    for _ in range(5):
        shutil.rmtree(out)
        shutil.copytree(pristine, out)
        process = subprocess.Popen(
            [sys.executable, "-m", "clausekit", "build", "--root", str(corpus), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "TMPDIR": str(scratch)},
        )
        time.sleep(rng.uniform(0.2, 2.5 if kind == "committed formats" else 6.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        recover(out)
        state = published(out)
        assert state in (old, new), "a killed build left a mix of old and new files"
        assert not list(out.rglob(f"*{TEMP_SUFFIX}"))
        seen.add("new" if state == new else "old")
    assert seen  # which of the two depends on timing; both are correct


def test_a_second_writer_is_refused_while_one_holds_the_folder(corpus: Path, mgl: RunCli) -> None:
    out = corpus / "build"
    assert mgl("build", "--root", corpus, *COMMITTED).code == 0
    before = published(out)
    with exclusive(out):
        result = mgl("build", "--root", corpus, "--format", "txt")
    assert result.code == 74 and "another build is writing to" in result.err
    assert published(out) == before


@pytest.mark.parametrize("where", ["clauses/out", "clauses", ".", ".."])
def test_an_output_folder_among_the_sources_is_refused(corpus: Path, mgl: RunCli, where: str) -> None:
    before = snapshot(corpus)
    result = mgl("build", "--root", corpus, "--out", corpus / where, "--format", "txt")
    assert result.code == 2
    assert "--out: error: the output folder" in result.err and "fix:" in result.err
    assert snapshot(corpus) == before


def test_a_link_out_of_the_output_folder_is_never_followed(
    corpus: Path, tmp_path: Path, mgl: RunCli, family: Family
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(elsewhere, out / family.variants[0].id, target_is_directory=True)
    result = mgl("build", "--root", corpus, "--out", out, "--format", "txt")
    assert result.code == 74 and "outside" in result.err
    assert not list(elsewhere.iterdir())


def test_leftovers_of_an_uncommitted_build_are_deleted(corpus: Path, mgl: RunCli, family: Family) -> None:
    out = corpus / "build"
    variant = family.variants[0].id
    assert mgl("build", "--root", corpus, *COMMITTED).code == 0
    before = published(out)
    stray = out / variant / f".license.txt.0badcafe{TEMP_SUFFIX}"
    stray.write_text("half a file")
    users = out / variant / "notes.txt"  # not ours: never deleted
    users.write_text("mine")
    assert mgl("build", "--root", corpus, *COMMITTED).code == 0
    assert not stray.exists() and users.read_text() == "mine"
    assert published(out) == {**before, f"{variant}/notes.txt": b"mine"}


def test_build_rev_without_out_leaves_the_working_tree_alone(tmp_path: Path, mgl: RunCli) -> None:
    from conftest import REPO

    before = snapshot(REPO / "build")
    result = mgl("build", "--root", REPO, "--rev", "HEAD", "--format", "txt")
    assert result.code == 0, result.err
    target = Path(result.err.split(" into ", 1)[1].split()[0])
    try:
        assert target.is_dir() and (target / "index.json").is_file()
        assert not target.is_relative_to(REPO)
    finally:
        shutil.rmtree(target, ignore_errors=True)
    assert snapshot(REPO / "build") == before


def test_an_unexpected_error_is_an_internal_error_not_a_traceback(
    corpus: Path, mgl: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("clausekit.cli.lint.run", broken)
    monkeypatch.delenv("MGL_DEBUG", raising=False)
    result = mgl("lint", "--root", corpus)
    assert result.code == 70
    assert "internal error: RuntimeError: a bug" in result.err and "please report" in result.err
    assert "Traceback" not in result.err


def test_an_unreadable_file_gets_a_hint_about_reading(
    corpus: Path, mgl: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(corpus / "variants.yaml"))

    monkeypatch.setattr("clausekit.cli.lint.run", unreadable)
    result = mgl("lint", "--root", corpus)
    assert result.code == 74
    assert "variants.yaml: Permission denied" in result.err
    assert "permissions" in result.err and "writable" not in result.err
